// techcredit console: finance tops up a program's pool from the program
// page (POST /v1/programs/{id}/funding): the funder and the amount,
// checked here as the API checks it, confirmed with the exact amount, sent
// with an Idempotency-Key; the page's balance follows by the live poll.
'use strict';

(function () {
  window.techcreditViews = window.techcreditViews || [];
  const K = () => window.techcredit;
  const AMOUNT = /^\d{1,15}(\.\d{1,2})?$/; // SPEC §3: plain decimal, at most 2 fractional digits
  const FUNDERS = ['province', 'city'];
  const draft = { program: '', funder: 'province', amount: '' }; // what is typed survives a live redraw

  function programPanel(p) {
    const k = K();
    const me = k.me();
    if (!me || me.role !== 'finance') return null;
    const { t, el } = k;
    if (draft.program !== p.id) Object.assign(draft, { program: p.id, funder: 'province', amount: '' });
    const funder = el('input', { type: 'text', id: 'topup-funder', 'data-focus': 'topup-funder', list: 'topup-funders', required: true,
      value: draft.funder, autocomplete: 'off', oninput: (ev) => { draft.funder = ev.target.value; } });
    const amount = el('input', { type: 'text', id: 'topup-amount', 'data-focus': 'topup-amount', inputmode: 'decimal', required: true,
      value: draft.amount, placeholder: t('topup.amount.placeholder'), autocomplete: 'off', oninput: (ev) => { draft.amount = ev.target.value; } });
    const err = el('p', { class: 'form-error', id: 'topup-error', role: 'alert' });
    const form = el('form', { class: 'panel topup', id: 'topup-form', onsubmit: (ev) => {
      ev.preventDefault();
      const a = amount.value.trim().replace(/,/g, '');
      const f = funder.value.trim();
      err.textContent = '';
      if (!f) {
        err.textContent = t('topup.funder.required');
        funder.focus();
        return;
      }
      if (!AMOUNT.test(a) || k.cents(a) <= 0n) {
        err.textContent = t('code.bad_amount');
        amount.focus();
        return;
      }
      const body = { funder: f, amount: a };
      const what = () => t('topup.what', k.raw(p.id), k.exact(a, p.currency));
      k.confirmMoney({
        id: p.id,
        title: t('topup.confirm.title'),
        facts: [[t('topup.program'), k.raw(p.name || p.id)], [t('topup.funder'), k.term('party', f)],
          [t('topup.balance.before'), k.exact(p.pool_balance, p.currency)]],
        amountLabel: t('topup.amount'),
        amount: a,
        currency: p.currency,
        note: p.owed && k.cents(p.owed) > 0n ? t('topup.owed', k.exact(p.owed, p.currency)) : null,
        okText: t('topup.confirm.button'),
        send: async () => {
          const out = await k.sendMoney('/v1/programs/' + encodeURIComponent(p.id) + '/funding', body, what);
          if (!out.done) return out;
          const r = out.res && out.res.result;
          if (r && r.status === 'rejected') return { done: false, message: (k.known('code', r.code) ? t('code.' + r.code) : r.code) + ' · ' + r.message };
          amount.value = draft.amount = '';
          k.toast(out.res && out.res.program ? t('topup.done', k.exact(a, p.currency), k.exact(out.res.program.pool_balance, p.currency)) : t('topup.lag'), 'ok');
          k.poll(true);
          return { done: true };
        },
      });
    } },
    el('h2', { text: t('topup.title') }),
    el('div', { class: 'form-grid' },
      el('label', { for: 'topup-funder', text: t('topup.funder') }), funder,
      el('datalist', { id: 'topup-funders' }, FUNDERS.map((x) => el('option', { value: x, label: k.termText('party', x) }))),
      el('label', { for: 'topup-amount', text: t('topup.amount') }), amount),
    el('p', { class: 'muted small', text: t('topup.note') }),
    err,
    el('div', { class: 'dialog-buttons' }, el('button', { type: 'submit', class: 'primary', 'data-action': 'topup', text: t('topup.button') })));
    return form;
  }

  // Not a screen of its own: a panel of the program page.
  window.techcreditViews.push({ name: 'topup-panel', programPanel, load: async () => ({ changed: false }), draw() {},
    reset() { Object.assign(draft, { program: '', funder: 'province', amount: '' }); } });
}());
