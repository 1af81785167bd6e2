// techcredit console: interest subsidies (贴息, SPEC §11). A bank sees its
// subsidies and applies for one on a firm's loan and year (a
// subsidy.applied input through POST /v1/events: the engine counts the
// interest and works out the amount). Finance gets the subsidy queue,
// approves or rejects under the claims' dual control, and sees and funds
// each programme's subsidy budget. Built with the kit (window.techcredit):
// every money move is confirmed (confirmMoney) and sent with an
// Idempotency-Key (sendMoney).
'use strict';

(function () {
  const state = { cursors: [''], page: 0, search: '', loan: '', year: '', funding: {}, sort: '' };

  function reset() {
    Object.assign(state, { cursors: [''], page: 0, search: '', loan: '', year: '', funding: {}, sort: '' });
  }

  // SORTS are the headers of the list of all subsidies that sort it on the
  // server, across pages: by the subsidy's amount and by its year (the
  // subsidy has no date applied).
  const SORTS = { 'subsidy.col.year': 'date', 'subsidy.col.amount': 'amount' };

  function sortKey(s, by) {
    return by === 'amount' ? s.amount : String(s.year);
  }

  // subsidyPath is the route of <program>/<loan>/<year>: a loan id has no
  // slash (SPEC §15), so the id splits at its first and last.
  function subsidyPath(id) {
    const a = id.indexOf('/');
    const b = id.lastIndexOf('/');
    return '/v1/subsidies/' + encodeURIComponent(id.slice(0, a)) + '/' + encodeURIComponent(id.slice(a + 1, b)) + '/' +
      encodeURIComponent(id.slice(b + 1));
  }

  // offering lists the programmes with an interest subsidy: only they
  // carry the subsidy budget's figures.
  function offering(programs) {
    return programs.filter((p) => p.subsidy_balance !== undefined && p.subsidy_balance !== null);
  }

  async function load() {
    const k = window.techcredit;
    const me = k.me();
    const programs = await k.getDoc('/v1/programs');
    const cursor = state.cursors[state.page];
    const page = state.sort ? await k.sortedPageOf('/v1/subsidies', 'subsidies', null, cursor, state.sort, sortKey)
      : await k.pageOf('/v1/subsidies', 'subsidies', null, cursor);
    let changed = programs.changed || page.changed;
    const data = { programs: offering(programs.doc.programs), page };
    if (me.role === 'bank') {
      const loans = await k.listAll('/v1/loans', 'loans');
      changed = changed || loans.changed;
      const ids = new Set(data.programs.map((p) => p.id));
      data.loans = loans.items.filter((l) => ids.has(l.program));
    } else {
      const pending = await k.listAll('/v1/subsidies?status=pending', 'subsidies');
      const awaiting = await k.listAll('/v1/subsidies?status=awaiting_second_approval', 'subsidies');
      changed = changed || pending.changed || awaiting.changed;
      data.open = pending.items.concat(awaiting.items).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    }
    data.changed = changed;
    return data;
  }

  function draw(main, d) {
    const k = window.techcredit;
    const me = k.me();
    main.appendChild(k.el('div', { class: 'title-row' }, k.el('h1', { text: k.t(me.role === 'bank' ? 'subsidy.title.bank' : 'subsidy.title') }),
      k.el('span', { class: 'muted small', text: k.t('subsidy.rule') }), k.exportButtons('subsidies', '')));
    if (me.role === 'bank') {
      main.appendChild(applyPanel(d));
    } else {
      main.appendChild(budgets(d.programs, me.role === 'finance'));
      main.appendChild(k.el('h2', { class: 'section', text: k.t('subsidy.queue') }));
      main.appendChild(table(d.open, d.programs, me.role === 'finance', 'subsidy-queue'));
    }
    main.appendChild(k.el('h2', { class: 'section', text: k.t('subsidy.all') }));
    k.pagedList(main, state, 'subsidies', d.page, table(d.page.items, d.programs, false, 'subsidies-table', state));
  }

  // ---- the list ------------------------------------------------------

  // table lists subsidies; with st (the list's state) its year and amount
  // headers sort it and its rows answer the search box.
  function table(items, programs, actions, id, st) {
    const k = window.techcredit;
    if (items.length === 0) return k.el('div', { class: 'panel empty', id, text: k.t('subsidy.empty') });
    const head = ['subsidy.col.id', 'col.bank', 'subsidy.col.year', 'subsidy.col.interest', 'subsidy.col.amount', 'col.paid', 'col.status'];
    if (actions) head.push('col.actions');
    const tbody = k.el('tbody');
    for (const s of items) {
      const row = k.el('tr', { 'data-subsidy-row': s.id, 'data-search-row': st ? '' : null },
        k.el('td', {}, k.raw(s.id, { class: 'mono nowrap' }), k.el('div', { class: 'borrower' }, k.raw(s.borrower))),
        k.el('td', { class: 'nowrap' }, k.raw(s.bank, { class: 'mono' })),
        k.el('td', { class: 'num', text: String(s.year) }),
        k.el('td', { class: 'num', text: k.money(s.interest) }),
        k.el('td', { class: 'num strong', 'data-subsidy-amount': s.id, text: k.money(s.amount) }),
        k.el('td', { class: 'num', 'data-subsidy-paid': s.id }, k.money(s.paid), k.el('div', { class: 'muted small', text: k.t('owed', k.money(s.owed)) })),
        k.el('td', { class: 'status' }, k.statusBadge(s.status),
          s.approvals.length ? k.el('div', { class: 'muted small' }, k.t('approved_by'), s.approvals.map((a, i) => [i ? ', ' : '', k.raw(a, { class: 'mono' })])) : null));
      tbody.appendChild(row);
      if (actions) row.appendChild(actionCell(s, programs.find((p) => p.id === s.program)));
    }
    return k.el('div', { class: 'panel table-wrap', id },
      k.el('table', { class: 'claims' }, k.el('thead', {}, k.el('tr', {}, head.map((h) => st && SORTS[h]
        ? k.sortHeader(st, SORTS[h], k.t(h), k.render, k.t('sort.' + SORTS[h] + '.subsidies')) : k.el('th', { scope: 'col', text: k.t(h) })))), tbody),
      st ? k.el('p', { class: 'muted search-none', hidden: true, text: k.t('subsidies.search.none') }) : null);
  }

  // actionCell: Approve and Reject, or "waiting for a second officer" to
  // the officer who gave the first of two approvals.
  function actionCell(s, program) {
    const k = window.techcredit;
    const me = k.me();
    const cell = k.el('td', { class: 'actions' });
    const amount = k.exact(s.amount, program && program.currency);
    if (s.status === 'awaiting_second_approval' && s.approvals.includes(me.subject)) {
      cell.appendChild(k.el('span', { class: 'waiting', 'data-waiting': s.id, text: k.t('waiting_second') }));
    } else {
      cell.appendChild(k.el('button', { type: 'button', class: 'primary', 'data-action': 'approve-subsidy', 'data-subsidy': s.id,
        'data-focus': 'approve ' + s.id, 'aria-label': k.t('subsidy.approve.aria', s.id, amount), text: k.t('approve'),
        onclick: () => decide(s, program, 'approve') }));
    }
    cell.appendChild(k.el('button', { type: 'button', class: 'ghost', 'data-action': 'reject-subsidy', 'data-subsidy': s.id,
      'data-focus': 'reject ' + s.id, 'aria-label': k.t('subsidy.reject.aria', s.id, amount), text: k.t('reject'),
      onclick: () => decide(s, program, 'reject') }));
    return cell;
  }

  // needsTwo foretells dual control from the programme's threshold, as the
  // engine decides it at the first approval; after it, the status tells.
  function needsTwo(s, program) {
    const k = window.techcredit;
    if (s.approvals.length > 0) return s.status === 'awaiting_second_approval';
    return !!(program && program.dual_approval_threshold) && k.cents(s.amount) >= k.cents(program.dual_approval_threshold);
  }

  function decide(s, program, action) {
    const k = window.techcredit;
    const cur = program && program.currency;
    let note = null;
    if (action === 'approve') {
      if (needsTwo(s, program) && s.approvals.length === 0) note = k.t('subsidy.approve.two_first');
      else if (needsTwo(s, program)) note = k.t('subsidy.approve.two_second', s.approvals.map((a, i) => [i ? ', ' : '', k.raw(a, { class: 'mono' })]));
      else note = k.t('subsidy.approve.pays');
    }
    k.confirmMoney({
      id: s.id, title: k.t('subsidy.' + action + '.title'), danger: action === 'reject', reason: action === 'reject',
      facts: [[k.t('subsidy.col.id'), k.raw(s.id, { class: 'mono' })], [k.t('confirm.bank'), k.raw(s.bank, { class: 'mono' })],
        [k.t('confirm.borrower'), k.raw(s.borrower, { class: 'mono' })], [k.t('subsidy.col.year'), String(s.year)],
        [k.t('subsidy.col.interest'), k.exact(s.interest, cur)]],
      amountLabel: k.t('subsidy.col.amount'), amount: s.amount, currency: cur, note,
      okText: k.t('subsidy.' + action + '.button'),
      send: async (body) => {
        const out = await k.sendMoney(subsidyPath(s.id) + '/' + action, body, () => k.t('what.' + action, k.raw(s.id), k.exact(s.amount, cur)));
        if (out.done && out.res) {
          k.toast(out.res.subsidy ? k.t('decided.' + action, k.raw(s.id), k.termText('status', out.res.subsidy.status)) : k.t('decided.lag', k.raw(s.id)), 'ok');
        }
        return out;
      },
    });
  }

  // ---- the budget (finance, admin) -----------------------------------

  function budgets(programs, canFund) {
    const k = window.techcredit;
    if (programs.length === 0) return k.el('div', { class: 'panel empty', text: k.t('subsidy.none_offered') });
    return k.el('div', { class: 'subsidy-budgets' }, programs.map((p) => k.el('section', { class: 'panel', 'data-budget': p.id },
      k.el('h2', {}, k.raw(p.name), ' ', k.raw(p.id, { class: 'muted small mono' })),
      k.el('div', { class: 'kpis' },
        budgetFigure(k.t('subsidy.funded'), p, 'subsidy_funded'),
        budgetFigure(k.t('subsidy.paid'), p, 'subsidy_paid'),
        budgetFigure(k.t('subsidy.owed'), p, 'subsidy_owed'),
        budgetFigure(k.t('subsidy.balance'), p, 'subsidy_balance')),
      canFund ? fundForm(p) : null)));
  }

  function budgetFigure(label, p, field) {
    const k = window.techcredit;
    const node = k.kpiAmount(label, p[field], p.currency);
    node.setAttribute('data-figure', field);
    node.setAttribute('data-value', p[field]);
    return node;
  }

  // fundForm tops the budget up: funder and amount, then the confirmation
  // naming both; the amount is checked here for its form only (the engine
  // checks it again).
  function fundForm(p) {
    const k = window.techcredit;
    const f = state.funding[p.id] || (state.funding[p.id] = { funder: 'city', amount: '' });
    const err = k.el('p', { class: 'form-error', role: 'alert' });
    const funder = k.el('input', { type: 'text', class: 'funder', 'data-focus': 'funder ' + p.id, 'data-fund-funder': p.id, value: f.funder,
      maxlength: 64, autocomplete: 'off', oninput: (ev) => { f.funder = ev.target.value; } });
    const amount = k.el('input', { type: 'text', inputmode: 'decimal', class: 'amount', 'data-focus': 'amount ' + p.id, 'data-fund-amount': p.id,
      value: f.amount, placeholder: k.t('subsidy.fund.placeholder'), autocomplete: 'off', oninput: (ev) => { f.amount = ev.target.value; } });
    return k.el('form', { class: 'filters fund-form', onsubmit: (ev) => {
      ev.preventDefault();
      const value = f.amount.trim().replace(/,/g, '');
      if (!/^\d{1,15}(\.\d{1,2})?$/.test(value) || k.cents(value) <= 0n || !f.funder.trim()) {
        err.textContent = k.t('subsidy.fund.invalid');
        return;
      }
      err.textContent = '';
      const [whole, frac = ''] = value.split('.');
      const exactValue = String(BigInt(whole)) + '.' + (frac + '00').slice(0, 2);
      const body = { funder: f.funder.trim(), amount: exactValue };
      k.confirmMoney({
        id: 'fund ' + p.id, title: k.t('subsidy.fund.title'),
        facts: [[k.t('subsidy.fund.program'), k.raw(p.id, { class: 'mono' })], [k.t('subsidy.fund.funder'), k.raw(body.funder, { class: 'mono' })]],
        amountLabel: k.t('subsidy.fund.amount'), amount: exactValue, currency: p.currency, note: k.t('subsidy.fund.note'),
        okText: k.t('subsidy.fund.button'),
        send: async () => {
          const out = await k.sendMoney('/v1/programs/' + encodeURIComponent(p.id) + '/subsidy-funding', body,
            () => k.t('subsidy.fund.what', k.raw(p.id), k.exact(exactValue, p.currency)));
          if (out.done && out.res) {
            f.amount = '';
            k.toast(k.t('subsidy.fund.done', k.raw(p.id), k.exact(exactValue, p.currency)), 'ok');
          }
          return out;
        },
      });
    } },
    k.el('label', {}, k.t('subsidy.fund.funder') + ' ', funder),
    k.el('label', {}, k.t('subsidy.fund.amount') + ' ', amount),
    k.el('button', { type: 'submit', class: 'primary', 'data-action': 'fund-subsidy', 'data-program': p.id, text: k.t('subsidy.fund.open') }),
    err);
  }

  // ---- applying (bank) -----------------------------------------------

  function applyPanel(d) {
    const k = window.techcredit;
    if (d.loans.length === 0) return k.el('div', { class: 'panel empty', text: k.t('subsidy.no_loans') });
    if (!d.loans.some((l) => l.id === state.loan)) state.loan = d.loans[0].id;
    if (!state.year) state.year = k.serverNow().date.slice(0, 4); // the server's year, not the browser's
    const err = k.el('p', { class: 'form-error', role: 'alert' });
    const loan = k.el('select', { id: 'subsidy-loan', 'data-focus': 'subsidy-loan', onchange: (ev) => { state.loan = ev.target.value; } },
      d.loans.map((l) => k.el('option', { value: l.id, selected: l.id === state.loan, 'data-raw': '',
        text: l.id + ' · ' + (l.borrower_name || l.borrower) + ' · ' + l.program })));
    const year = k.el('input', { id: 'subsidy-year', type: 'number', min: 2000, max: 9999, step: 1, 'data-focus': 'subsidy-year', value: state.year,
      oninput: (ev) => { state.year = ev.target.value; } });
    const form = k.el('form', { class: 'filters fund-form', onsubmit: (ev) => {
      ev.preventDefault();
      const l = d.loans.find((x) => x.id === state.loan);
      if (!l || !/^\d{4}$/.test(state.year)) {
        err.textContent = k.t('subsidy.apply.invalid');
        return;
      }
      err.textContent = '';
      apply(l, Number(state.year), d.programs.find((p) => p.id === l.program));
    } },
    k.el('label', {}, k.t('subsidy.apply.loan') + ' ', loan),
    k.el('label', {}, k.t('subsidy.col.year') + ' ', year),
    k.el('button', { type: 'submit', class: 'primary', 'data-action': 'apply-subsidy', text: k.t('subsidy.apply.open') }),
    err);
    return k.el('section', { class: 'panel' }, k.el('h2', { text: k.t('subsidy.apply.heading') }),
      k.el('p', { class: 'muted small', text: k.t('subsidy.apply.hint') }), form);
  }

  // apply confirms, then sends a subsidy.applied input whose id is made
  // when the dialog opens: a resend of the same dialog is a duplicate.
  function apply(l, year, program) {
    const k = window.techcredit;
    const input = { id: k.randomKey(), type: 'subsidy.applied', source: k.me().subject, program: l.program,
      at: k.serverNow().at, data: { loan: l.id, year } }; // the server's clock: a browser's may be far off
    k.confirmMoney({
      id: 'apply ' + l.id, title: k.t('subsidy.apply.title'),
      facts: [[k.t('subsidy.apply.loan'), k.raw(l.id, { class: 'mono' })], [k.t('confirm.borrower'), [k.raw(l.borrower_name || l.borrower), ' ', k.raw(l.borrower, { class: 'mono muted' })]],
        [k.t('subsidy.fund.program'), k.raw(l.program, { class: 'mono' })], [k.t('subsidy.col.year'), String(year)]],
      note: k.t('subsidy.apply.note', k.raw(program && program.name ? program.name : l.program)), okText: k.t('subsidy.apply.button'),
      send: async () => {
        const out = await k.sendMoney('/v1/events', input, () => k.t('subsidy.apply.what', k.raw(l.id), String(year)));
        if (!out.done || !out.res) return out;
        const r = out.res.results[0];
        if (r.status === 'rejected') return { done: false, message: k.termText('subsidy.code', r.code) + ' (' + r.code + ')' };
        k.toast(k.t('subsidy.apply.done', k.raw(l.id), String(year)), 'ok');
        return out;
      },
    });
  }

  window.techcreditViews = window.techcreditViews || [];
  window.techcreditViews.push({
    name: 'subsidies',
    nav: { bank: 'nav.subsidies.bank', finance: 'nav.subsidies.finance', admin: 'nav.subsidies.admin' },
    first: [],
    load,
    draw,
    reset,
  });
}());
