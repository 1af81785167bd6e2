// techcredit console: a bank's loans (its landing view). Each loan shows
// its filing (备案) and, when it is not covered, why, as words; a loan of a
// program that needs filing is filed from its row (loan.filed through
// POST /v1/events, SPEC §10), and the bank's filings are listed below.
'use strict';

(function () {
  window.techcreditViews = window.techcreditViews || [];
  const K = () => window.techcredit;
  // The documents of a filing in Shandong's list (POLICY-NOTES); the
  // program decides which it requires (missing_documents names them).
  const DOC_KINDS = ['consent_letter', 'filing_form', 'contract', 'loan_receipt'];
  const state = { cursors: [''], page: 0, search: '', borrower: '', status: '', sort: '' };
  const STATUSES = ['performing', 'overdue', 'defaulted', 'closed'];

  function sortKey(l, by) {
    return by === 'amount' ? l.outstanding : l.disbursed_on;
  }

  // fileable: a loan waiting for its filing, or whose filing was rejected
  // (the bank may file again), while it is performing or overdue.
  function fileable(l) {
    const waiting = (l.filing === 'none' && l.uncovered_reason === 'not_filed') || l.filing === 'rejected';
    return waiting && (l.status === 'performing' || l.status === 'overdue');
  }

  async function load() {
    const k = K();
    // One enterprise's loans come from the server (its borrower index),
    // not from a filter over the page.
    // A status is the server's too (?status=), with the bank's own loans;
    // the read model has no index of a borrower's loans by status, so a
    // borrower's list shows every status.
    const q = new URLSearchParams();
    if (state.borrower) q.set('borrower', state.borrower);
    else if (state.status) q.set('status', state.status);
    const path = '/v1/loans' + (q.toString() ? '?' + q : '');
    const cursor = state.cursors[state.page];
    const page = state.sort ? await k.sortedPageOf(path, 'loans', null, cursor, state.sort, sortKey)
      : await k.pageOf(path, 'loans', null, cursor);
    const filings = await k.listAll('/v1/filings', 'filings');
    return { changed: page.changed || filings.changed, page, filings: filings.items };
  }

  // coverage is the loan's coverage in words: covered, or not with its
  // reason (uncovered.<code>).
  function coverage(l) {
    const { t, el, term } = K();
    if (l.covered) return el('span', { class: 'cov-yes', text: t('loan.is_covered') });
    return [el('span', { class: 'cov-no', text: t('loan.is_uncovered') }),
      l.uncovered_reason ? el('div', { class: 'muted small', 'data-uncovered': l.uncovered_reason }, term('uncovered', l.uncovered_reason)) : null];
  }

  function filingCell(l) {
    const { t, el, term, money } = K();
    if (!l.filing) return el('span', { class: 'muted', text: '—' });
    // A program without filing files its loans in full at disbursement
    // (SPEC §10): their filing is "none", and nothing waits for one.
    if (l.filing === 'none' && l.uncovered_reason !== 'not_filed') return el('span', { class: 'muted', 'data-filing': 'not_required', text: t('filing.not_required') });
    return [el('span', { class: 'badge fl-' + l.filing, 'data-filing': l.filing }, term('filing', l.filing)),
      l.filing === 'approved' || l.filing === 'revoked' ? el('div', { class: 'muted small', text: t('filing.filed_amount', money(l.filed)) }) : null];
  }

  function draw(main, d) {
    const k = K();
    const { t, el, raw, term, money } = k;
    main.appendChild(el('div', { class: 'title-row' }, el('h1', { text: t('loans.title') }),
      el('span', { class: 'muted small', text: t('loans.note') }), k.exportButtons('loans', '')));
    const borrower = el('input', { type: 'search', id: 'loans-borrower', 'data-focus': 'loans-borrower', value: state.borrower, autocomplete: 'off',
      placeholder: t('loans.borrower.placeholder') });
    main.appendChild(el('form', { class: 'filters', id: 'loans-borrower-form', onsubmit: (ev) => {
      ev.preventDefault();
      Object.assign(state, { borrower: borrower.value.trim(), cursors: [''], page: 0 });
      k.render();
    } }, el('label', { for: 'loans-borrower', text: t('loans.borrower') }), borrower,
    el('button', { type: 'submit', class: 'ghost', 'data-action': 'loans-borrower', text: t('loans.borrower.show') }),
    state.borrower ? el('button', { type: 'button', class: 'link', text: t('loans.borrower.clear'),
      onclick: () => { Object.assign(state, { borrower: '', cursors: [''], page: 0 }); k.render(); } }) : null));
    if (!state.borrower) {
      const status = el('select', { id: 'loans-status', 'data-focus': 'loans-status', onchange: (ev) => {
        Object.assign(state, { status: ev.target.value, cursors: [''], page: 0 });
        k.render();
      } }, el('option', { value: '', text: t('loans.status.all') }),
      STATUSES.map((s) => el('option', { value: s, selected: s === state.status, text: k.termText('loan', s) })));
      main.appendChild(el('div', { class: 'filters' }, el('label', { for: 'loans-status', text: t('loans.status') }), status));
    }
    if (d.page.items.length === 0) {
      main.appendChild(el('div', { class: 'panel empty', text: t('loans.empty') }));
    } else {
      const tbody = el('tbody');
      for (const l of d.page.items) {
        tbody.appendChild(el('tr', { 'data-loan-row': l.id, 'data-search-row': '' },
          el('td', {}, el('a', { href: k.detailPath('loan', l.id), 'data-loan-link': l.id }, raw(l.id, { class: 'mono nowrap' })), el('div', { class: 'borrower' }, raw(l.borrower_name || l.borrower)),
            el('div', { class: 'muted small nowrap', 'data-disbursed': l.id, text: l.disbursed_on || '' })),
          el('td', { class: 'nowrap' }, raw(l.program, { class: 'mono' })),
          el('td', { class: 'status' }, term('loan', l.status)),
          el('td', { class: 'num', 'data-principal': l.id, text: money(l.principal) }),
          el('td', { class: 'num', 'data-outstanding': l.id, text: money(l.outstanding) }),
          el('td', { 'data-filing-of': l.id }, filingCell(l)),
          el('td', { 'data-covered': l.covered ? 'true' : 'false' }, coverage(l)),
          el('td', {}, l.claim ? el('a', { href: '#/claims', 'data-loan-claim': l.claim,
            onclick: (ev) => { ev.preventDefault(); k.openClaim(l.claim); } }, raw(l.claim, { class: 'mono' })) : el('span', { class: 'muted', text: '—' })),
          el('td', { class: 'actions' }, fileable(l) ? el('button', { type: 'button', class: 'primary', 'data-action': 'file', 'data-loan': l.id,
            'data-focus': 'file ' + l.id, text: t('filing.file'), 'aria-label': t('filing.file.aria', l.id), onclick: () => fileDialog(l) }) : null)));
      }
      // The loan header sorts by disbursement date, the outstanding one by
      // what is still owed: on the server, across pages.
      const sorts = { 'col.loan': 'date', 'col.outstanding': 'amount' };
      const table = el('div', { class: 'panel table-wrap' }, el('table', { class: 'claims', id: 'loans-table' },
        el('thead', {}, el('tr', {}, ['col.loan', 'col.loan_program', 'col.status', 'col.principal', 'col.outstanding', 'col.filing', 'col.covered',
          'col.claim_of', 'col.actions'].map((c) => sorts[c] ? k.sortHeader(state, sorts[c], t(c), k.render, t('sort.' + sorts[c] + '.loans'))
          : el('th', { scope: 'col', text: t(c) })))), tbody),
      el('p', { class: 'muted search-none', hidden: true, text: t('loans.search.none') }));
      k.pagedList(main, state, 'loans', d.page, table);
    }
    main.appendChild(el('h2', { class: 'section', text: t('filings.mine') }));
    main.appendChild(filingsTable(d.filings));
  }

  function filingsTable(list) {
    const { t, el, raw, term, money } = K();
    if (list.length === 0) return el('div', { class: 'panel empty', text: t('filings.none') });
    return el('div', { class: 'panel table-wrap' }, el('table', { class: 'claims', id: 'my-filings' },
      el('thead', {}, el('tr', {}, ['col.loan', 'col.filed_on', 'col.principal', 'col.filed', 'col.status', 'col.reason']
        .map((c) => el('th', { scope: 'col', text: t(c) })))),
      el('tbody', {}, list.map((f) => el('tr', { 'data-my-filing': f.loan },
        el('td', {}, raw(f.loan, { class: 'mono' }), el('div', { class: 'muted small' }, raw(f.program))),
        el('td', { class: 'nowrap', text: f.filed_on }),
        el('td', { class: 'num', text: money(f.principal) }),
        el('td', { class: 'num', 'data-filed': f.loan, text: money(f.filed) }),
        el('td', {}, el('span', { class: 'badge fl-' + f.status, 'data-filing': f.status }, term('filing', f.status))),
        el('td', {}, f.reason ? raw(f.reason) : el('span', { class: 'muted', text: '—' })))))));
  }

  // fileDialog files a loan: the filing date (today by the server's
  // clock) and the SHA-256 of each document (typed, or computed from the
  // chosen file where the browser allows it). The input's id and at are
  // fixed when the dialog opens, so a retry is a duplicate.
  function fileDialog(l) {
    const k = K();
    const { t, el, raw } = k;
    const old = document.getElementById('file-dialog');
    if (old) old.remove();
    const now = k.serverNow();
    // Every new content gets a new id (a rejected id stays rejected); the
    // same content again is a retry under the same id.
    const fresh = () => k.randomKey().replace('console-', 'console-filing-');
    const filedOn = el('input', { type: 'date', id: 'filed-on', value: now.date, max: now.date, required: true });
    const hashes = {};
    const rows = DOC_KINDS.map((kind) => {
      const hex = el('input', { type: 'text', class: 'mono sha', id: 'doc-' + kind, 'data-doc': kind, maxlength: 64, autocomplete: 'off',
        placeholder: t('filing.sha.placeholder'), spellcheck: 'false' });
      hashes[kind] = hex;
      const pick = el('input', { type: 'file', class: 'doc-file', 'data-doc-file': kind, 'aria-label': t('filing.doc.choose', k.termText('doc', kind)),
        onchange: async (ev) => {
          const f = ev.target.files && ev.target.files[0];
          if (!f || !(window.crypto && crypto.subtle)) return;
          const sum = await crypto.subtle.digest('SHA-256', await f.arrayBuffer());
          hex.value = Array.from(new Uint8Array(sum), (b) => b.toString(16).padStart(2, '0')).join('');
        } });
      return el('div', { class: 'doc-row' }, el('label', { for: 'doc-' + kind, text: k.termText('doc', kind) }), hex, pick);
    });
    const err = el('p', { class: 'form-error', id: 'file-error', role: 'alert' });
    const ok = el('button', { type: 'submit', class: 'primary', 'data-action': 'confirm-file', 'data-loan': l.id, text: t('filing.send') });
    const dlg = el('dialog', { class: 'confirm', id: 'file-dialog', 'aria-labelledby': 'file-title', 'data-loan': l.id });
    const cancel = el('button', { type: 'button', class: 'link', 'data-action': 'cancel', text: t('confirm.cancel'), onclick: () => dlg.close() });
    let sending = false;
    let input = null;
    const form = el('form', { onsubmit: async (ev) => {
      ev.preventDefault();
      if (sending) return;
      const documents = [];
      for (const kind of DOC_KINDS) {
        const v = hashes[kind].value.trim().toLowerCase();
        if (!v) continue;
        if (!/^[0-9a-f]{64}$/.test(v)) {
          err.textContent = t('filing.sha.bad', k.termText('doc', kind));
          hashes[kind].focus();
          return;
        }
        documents.push({ kind, sha256: v });
      }
      const data = { loan: l.id, filed_on: filedOn.value, documents };
      // A changed form is a new input; the same form again is a retry.
      if (!input || JSON.stringify(input.data) !== JSON.stringify(data)) {
        input = { id: fresh(), type: 'loan.filed', program: l.program, at: now.at, data };
      }
      sending = true;
      ok.disabled = cancel.disabled = true;
      ok.textContent = t('confirm.sending');
      const out = await k.sendEvent(input);
      sending = false;
      ok.disabled = cancel.disabled = false;
      ok.textContent = t('filing.send');
      if (out.done) {
        dlg.close();
        k.toast(t('filing.sent', raw(l.id)), 'ok');
        k.poll(true);
        return;
      }
      input = null; // a rejected input stays rejected: a corrected one needs a new id
      k.clear(err);
      err.appendChild(k.codeText(out.code, out.message));
    } },
    el('h2', { id: 'file-title', text: t('filing.title') }),
    el('dl', { class: 'facts confirm-facts' },
      k.fact2(t('confirm.loan'), raw(l.id, { class: 'mono' })),
      k.fact2(t('confirm.borrower'), raw(l.borrower_name || l.borrower)),
      k.fact2(t('col.loan_program'), raw(l.program, { class: 'mono' })),
      k.fact2(t('col.principal'), k.exact(l.principal))),
    el('label', { for: 'filed-on', text: t('filing.filed_on') }), filedOn,
    el('p', { class: 'muted small', text: t('filing.docs.note') }),
    el('div', { class: 'doc-rows' }, rows),
    err,
    el('div', { class: 'dialog-buttons' }, cancel, ok));
    k.showDialog(dlg, form, () => sending, () => {
      const back = document.querySelector('[data-focus="file ' + l.id + '"]');
      if (back) back.focus();
    }, filedOn);
  }

  window.techcreditViews.push({
    name: 'loans',
    nav: { bank: 'nav.loans' },
    first: ['bank'],
    load,
    draw,
    reset() { Object.assign(state, { cursors: [''], page: 0, search: '', borrower: '', status: '', sort: '' }); },
  });
}());
