// techcredit console: the science bureau's filing queue (备案审核, SPEC §10).
// Pending filings are approved or rejected (with a reason), approved ones
// revoked (with a reason), each confirmed with the loan, the enterprise
// and the amount; the year-end list shows the approved filings whose
// enterprise is not qualified for a year (GET /v1/filings?unqualified_in=).
'use strict';

(function () {
  window.techcreditViews = window.techcreditViews || [];
  const K = () => window.techcredit;
  const FILTERS = ['pending', 'approved', 'rejected', 'revoked', 'all'];
  const state = { filter: 'pending', year: '', cursors: [''], page: 0, search: '', sort: '' };

  // sortKey is what the server's ?sort= orders a filing by: the amount
  // filed (on the programme's volume) or the date filed.
  function sortKey(f, by) {
    return by === 'amount' ? f.filed : f.filed_on;
  }

  // pageBy reads one page of a list whose cursor is next_after (a
  // filing's id is its loan's).
  async function pageBy(path, key, after) {
    const k = K();
    const r = await k.getDoc(k.withQuery(path, 'limit=' + k.PAGE_ROWS + (after ? '&after=' + encodeURIComponent(after) : '')));
    return { items: r.doc[key], changed: r.changed, next: r.doc.next_after || null };
  }

  function listPath() {
    if (state.year) return '/v1/filings?unqualified_in=' + encodeURIComponent(state.year);
    return state.filter === 'all' ? '/v1/filings' : '/v1/filings?status=' + state.filter;
  }

  async function load() {
    const k = K();
    const cursor = state.cursors[state.page];
    const page = state.sort ? await k.sortedPageOf(listPath(), 'filings', null, cursor, state.sort, sortKey)
      : await pageBy(listPath(), 'filings', cursor);
    const pending = await k.listAll('/v1/filings?status=pending', 'filings');
    const ents = await k.listAll('/v1/enterprises', 'enterprises');
    const names = new Map(ents.items.map((x) => [x.id, x]));
    return { changed: page.changed || pending.changed || ents.changed, page, pending: pending.items, names };
  }

  function refilter(patch) {
    Object.assign(state, patch, { cursors: [''], page: 0, yearDraft: undefined });
    K().render();
  }

  function draw(main, d) {
    const k = K();
    const { t, el } = k;
    const sum = d.pending.reduce((s, f) => s + k.cents(f.principal), 0n);
    main.appendChild(el('div', { class: 'title-row' }, el('h1', { text: t('filings.title') }), k.exportButtons('filings', ''),
      el('div', { class: 'chips', role: 'group', 'aria-label': t('filings.filter.label') },
        FILTERS.map((key) => el('button', { type: 'button', class: 'chip' + (!state.year && key === state.filter ? ' on' : ''), 'data-filing-filter': key,
          'aria-pressed': !state.year && key === state.filter ? 'true' : 'false', text: t('filings.filter.' + key),
          onclick: () => refilter({ filter: key, year: '' }) })))));
    main.appendChild(el('div', { class: 'kpis' },
      k.kpi(t('filings.kpi.pending'), t('count', d.pending.length)),
      k.kpiAmount(t('filings.kpi.pending_amount'), (sum / 100n).toString() + '.' + (sum % 100n).toString().padStart(2, '0'), 'CNY')));
    // What is typed survives a live redraw (state.yearDraft).
    const year = el('input', { type: 'number', id: 'unqualified-year', 'data-focus': 'unqualified-year', min: 2000, max: 2100, step: 1,
      value: state.yearDraft !== undefined ? state.yearDraft : state.year, placeholder: t('filings.year.placeholder'),
      oninput: (ev) => { state.yearDraft = ev.target.value; } });
    main.appendChild(el('form', { class: 'filters', id: 'year-end', onsubmit: (ev) => { ev.preventDefault(); refilter({ year: year.value.trim() }); } },
      el('label', { for: 'unqualified-year', text: t('filings.year') }), year,
      el('button', { type: 'submit', class: 'ghost', 'data-action': 'year-end', text: t('filings.year.show') }),
      state.year ? el('button', { type: 'button', class: 'link', text: t('filings.year.clear'), onclick: () => refilter({ year: '' }) }) : null,
      el('span', { class: 'muted small', text: t('filings.year.note') })));
    if (state.year) main.appendChild(el('h2', { class: 'section', id: 'year-end-title', text: t('filings.year.title', state.year) }));
    const table = filingsTable(d.page.items, d.names);
    k.pagedList(main, state, 'filings', d.page, table);
  }

  // SORTS are the headers that sort the list on the server, across pages.
  const SORTS = { 'col.filed_on': 'date', 'col.filed': 'amount' };

  function filingsTable(list, names) {
    const k = K();
    const { t, el, raw, term, money } = k;
    if (list.length === 0) return el('div', { class: 'panel empty', text: state.year ? t('filings.year.none') : t('filings.none') });
    const tbody = el('tbody');
    for (const f of list) {
      const ent = names.get(f.borrower);
      const actions = el('td', { class: 'actions' });
      if (f.status === 'pending') {
        actions.appendChild(el('button', { type: 'button', class: 'primary', 'data-action': 'approve-filing', 'data-loan': f.loan, text: t('filing.approve'),
          onclick: () => decide(f, ent, 'approved') }));
        actions.appendChild(el('button', { type: 'button', class: 'ghost', 'data-action': 'reject-filing', 'data-loan': f.loan, text: t('filing.reject'),
          onclick: () => decide(f, ent, 'rejected') }));
      } else if (f.status === 'approved') {
        actions.appendChild(el('button', { type: 'button', class: 'ghost', 'data-action': 'revoke-filing', 'data-loan': f.loan, text: t('filing.revoke'),
          onclick: () => decide(f, ent, 'revoked') }));
      }
      tbody.appendChild(el('tr', { 'data-filing-row': f.loan, 'data-search-row': '' },
        el('td', {}, raw(f.loan, { class: 'mono nowrap' }), el('div', { class: 'muted small' }, raw(f.program, { class: 'mono' }), ' · ', raw(f.bank, { class: 'mono' }))),
        el('td', {}, el('a', { href: '#/enterprises/' + encodeURIComponent(f.borrower) }, raw(ent ? ent.name : f.borrower)),
          el('div', { class: 'muted small' }, raw(f.borrower, { class: 'mono' }), ' · ',
            f.tech_sme_year ? t('filings.sme_year', f.tech_sme_year) : el('span', { 'data-no-sme': f.borrower, text: t('filings.no_sme') }))),
        el('td', { class: 'nowrap', text: f.filed_on }),
        el('td', { class: 'small' }, (f.documents || []).map((x) => el('div', {}, k.termText('doc', x.kind)))),
        el('td', { class: 'num', text: money(f.principal) }),
        el('td', { class: 'num', 'data-filed': f.loan, text: money(f.filed) }),
        el('td', {}, el('span', { class: 'badge fl-' + f.status, 'data-filing': f.status }, term('filing', f.status)),
          f.status === 'approved' ? el('div', { class: 'muted small' }, f.covered ? t('loan.is_covered') : [t('loan.is_uncovered'), ' · ', term('uncovered', f.uncovered_reason)]) : null,
          f.reason ? el('div', { class: 'muted small' }, raw(f.reason)) : null),
        actions));
    }
    return el('div', { class: 'panel table-wrap' }, el('table', { class: 'claims', id: 'filings-table' },
      el('thead', {}, el('tr', {}, ['col.loan', 'col.enterprise', 'col.filed_on', 'col.documents', 'col.principal', 'col.filed', 'col.status', 'col.actions']
        .map((c) => SORTS[c] ? k.sortHeader(state, SORTS[c], t(c), k.render, t('sort.' + SORTS[c] + '.filings')) : el('th', { scope: 'col', text: t(c) })))), tbody),
    el('p', { class: 'muted search-none', hidden: true, text: t('filings.search.none') }));
  }

  // decide confirms and sends filing.approved / .rejected / .revoked. The
  // dialog names the loan, the bank, the enterprise and the amount: the
  // principal asked for (approval fixes the filed amount, at most the
  // principal, SPEC §10), or the filed amount that stops counting.
  function decide(f, ent, to) {
    const k = K();
    const { t, raw } = k;
    const type = { approved: 'filing.approved', rejected: 'filing.rejected', revoked: 'filing.revoked' }[to];
    const now = k.serverNow();
    let sent = null;
    k.confirmMoney({
      id: f.loan,
      title: t('filing.' + to + '.title'),
      facts: [
        [t('confirm.loan'), raw(f.loan, { class: 'mono' })],
        [t('confirm.bank'), raw(f.bank, { class: 'mono' })],
        [t('col.enterprise'), [raw(ent ? ent.name : f.borrower), ' ', raw(f.borrower, { class: 'mono muted small' })]],
        [t('col.loan_program'), raw(f.program, { class: 'mono' })],
        [t('col.principal'), k.exact(f.principal)],
      ],
      amountLabel: t('filing.' + to + '.amount'),
      amount: to === 'revoked' ? f.filed : f.principal,
      currency: 'CNY',
      note: t('filing.' + to + '.note'),
      reason: to !== 'approved',
      okText: t('filing.' + to + '.button'),
      danger: to !== 'approved',
      send: async (body) => {
        const data = Object.assign({ loan: f.loan }, body.reason ? { reason: body.reason } : {});
        if (!sent || JSON.stringify(sent.data) !== JSON.stringify(data)) {
          sent = { id: k.randomKey().replace('console-', 'console-' + to + '-'), type, program: f.program, at: now.at, data };
        }
        const out = await k.sendEvent(sent);
        if (out.done) {
          k.toast(t('filing.decided', raw(f.loan), k.termText('filing', to)), 'ok');
          return { done: true };
        }
        sent = null;
        return { done: false, message: (k.known('code', out.code) ? t('code.' + out.code) : out.code) + (out.message ? ' · ' + out.message : '') };
      },
    });
  }

  window.techcreditViews.push({
    name: 'filings',
    nav: { admin: 'nav.filings' },
    first: ['admin'],
    load,
    draw,
    reset() { Object.assign(state, { filter: 'pending', year: '', cursors: [''], page: 0, search: '', sort: '' }); },
  });
}());
