// techcredit console: the enterprise registry (科技型中小企业, SPEC §10) for
// the science bureau and finance: every registered enterprise with its
// registration number and year, and one enterprise's page with its loans
// (GET /v1/loans?borrower=).
'use strict';

(function () {
  window.techcreditViews = window.techcreditViews || [];
  const K = () => window.techcredit;
  const state = { cursors: [''], page: 0, search: '', sort: '' };
  // SORTS are the headers that sort the registry on the server, across
  // pages: by the revenue stated (none first) and by the date of the
  // enterprise's last update.
  const SORTS = { 'col.revenue': 'amount', 'col.updated_on': 'date' };

  function sortKey(x, by) {
    return by === 'amount' ? x.revenue || '' : (x.updated_at || '').slice(0, 10);
  }
  const loanState = { id: '', cursors: [''], page: 0, search: '' };

  async function pageBy(path, key, after) {
    const k = K();
    const r = await k.getDoc(k.withQuery(path, 'limit=' + k.PAGE_ROWS + (after ? '&after=' + encodeURIComponent(after) : '')));
    return { items: r.doc[key], changed: r.changed, next: r.doc.next_after || null };
  }

  async function load(parts) {
    const k = K();
    if (parts[0]) {
      const id = parts.join('/');
      if (loanState.id !== id) Object.assign(loanState, { id, cursors: [''], page: 0, search: '' });
      const x = await k.getDoc('/v1/enterprises/' + encodeURIComponent(id));
      const loans = await pageBy('/v1/loans?borrower=' + encodeURIComponent(id), 'loans', loanState.cursors[loanState.page]);
      return { changed: x.changed || loans.changed, one: x.doc, loans };
    }
    const cursor = state.cursors[state.page];
    const page = state.sort ? await k.sortedPageOf('/v1/enterprises', 'enterprises', null, cursor, state.sort, sortKey)
      : await pageBy('/v1/enterprises', 'enterprises', cursor);
    return { changed: page.changed, page };
  }

  function smeCell(x) {
    const { t, el, raw } = K();
    if (!x.tech_sme_number) return el('span', { class: 'muted', 'data-no-sme': x.id, text: t('filings.no_sme') });
    return [raw(x.tech_sme_number, { class: 'mono' }), el('div', { class: 'muted small', text: t('filings.sme_year', x.tech_sme_year) })];
  }

  function draw(main, d) {
    if (d.one) return drawOne(main, d);
    const k = K();
    const { t, el, raw, term } = k;
    main.appendChild(el('div', { class: 'title-row' }, el('h1', { text: t('enterprises.title') }),
      el('span', { class: 'muted small', text: t('enterprises.note') }), k.exportButtons('enterprises', '')));
    if (d.page.items.length === 0) {
      main.appendChild(el('div', { class: 'panel empty', text: t('enterprises.none') }));
      return;
    }
    const table = el('div', { class: 'panel table-wrap' }, el('table', { class: 'claims', id: 'enterprises-table' },
      el('thead', {}, el('tr', {}, ['col.enterprise', 'col.sector', 'col.size', 'col.park', 'col.sme', 'col.revenue', 'col.updated_on', 'col.banks']
        .map((c) => SORTS[c] ? k.sortHeader(state, SORTS[c], t(c), k.render, t('sort.' + SORTS[c] + '.enterprises')) : el('th', { scope: 'col', text: t(c) })))),
      el('tbody', {}, d.page.items.map((x) => el('tr', { 'data-enterprise-row': x.id, 'data-search-row': '' },
        el('td', {}, el('a', { href: '#/enterprises/' + encodeURIComponent(x.id), 'data-enterprise': x.id }, raw(x.name)),
          el('div', { class: 'muted small' }, raw(x.id, { class: 'mono' }))),
        el('td', {}, term('sector', x.sector)),
        el('td', {}, term('size', x.size)),
        el('td', {}, x.park ? raw(x.park, { class: 'mono' }) : el('span', { class: 'muted', text: '—' })),
        el('td', {}, smeCell(x)),
        el('td', { class: 'num', 'data-revenue': x.id, text: x.revenue === null || x.revenue === undefined ? '—' : k.money(x.revenue) }),
        el('td', { class: 'nowrap', 'data-updated': x.id, text: (x.updated_at || '').slice(0, 10) || '—' }),
        el('td', { class: 'small' }, (x.banks || []).map((b, i) => [i ? ', ' : '', raw(b, { class: 'mono' })])))))),
    el('p', { class: 'muted search-none', hidden: true, text: t('enterprises.none') }));
    k.pagedList(main, state, 'enterprises', d.page, table);
  }

  function drawOne(main, d) {
    const k = K();
    const { t, el, raw, term, money, fact2 } = k;
    const x = d.one;
    main.appendChild(el('div', { class: 'crumbs' }, el('a', { href: '#/enterprises', text: t('enterprises.crumb') }), ' / ', raw(x.id)));
    main.appendChild(el('div', { class: 'title-row' }, el('h1', {}, raw(x.name)), term('size', x.size, { class: 'pill' })));
    main.appendChild(el('section', { class: 'panel' }, el('dl', { class: 'facts', id: 'enterprise-facts' },
      fact2(t('col.sector'), term('sector', x.sector)),
      fact2(t('col.park'), x.park ? raw(x.park) : '—'),
      fact2(t('col.sme'), smeCell(x)),
      fact2(t('enterprise.staff'), x.staff === null ? '—' : String(x.staff)),
      fact2(t('enterprise.revenue'), x.revenue === null ? '—' : k.exact(x.revenue)),
      fact2(t('enterprise.assets'), x.assets === null ? '—' : k.exact(x.assets)),
      fact2(t('col.banks'), (x.banks || []).map((b, i) => [i ? ', ' : '', raw(b, { class: 'mono' })])))));
    main.appendChild(el('h2', { class: 'section', text: t('enterprise.loans') }));
    const items = d.loans.items;
    if (items.length === 0) {
      main.appendChild(el('div', { class: 'panel empty', text: t('loans.empty') }));
      return;
    }
    main.appendChild(el('div', { class: 'panel table-wrap' }, el('table', { class: 'claims', id: 'enterprise-loans' },
      el('thead', {}, el('tr', {}, ['col.loan', 'col.bank', 'col.status', 'col.principal', 'col.outstanding', 'col.filing', 'col.covered']
        .map((c) => el('th', { scope: 'col', text: t(c) })))),
      el('tbody', {}, items.map((l) => el('tr', { 'data-loan-row': l.id },
        el('td', {}, raw(l.id, { class: 'mono' }), el('div', { class: 'muted small' }, raw(l.program, { class: 'mono' }))),
        el('td', {}, raw(l.bank, { class: 'mono' })),
        el('td', {}, term('loan', l.status)),
        el('td', { class: 'num', text: money(l.principal) }),
        el('td', { class: 'num', 'data-outstanding': l.id, text: money(l.outstanding) }),
        el('td', {}, l.filing === 'none' && l.uncovered_reason !== 'not_filed' ? el('span', { class: 'muted', text: t('filing.not_required') }) : l.filing ? [term('filing', l.filing), l.filing === 'approved' || l.filing === 'revoked' ? el('div', { class: 'muted small', text: t('filing.filed_amount', money(l.filed)) }) : null] : '—'),
        el('td', {}, l.covered ? t('loan.is_covered') : [t('loan.is_uncovered'), el('div', { class: 'muted small' }, term('uncovered', l.uncovered_reason))])))))));
    main.appendChild(k.pager(loanState, d.loans, k.render, 'bottom'));
  }

  window.techcreditViews.push({
    name: 'enterprises',
    nav: { admin: 'nav.enterprises', finance: 'nav.enterprises' },
    load,
    draw,
    reset() {
      Object.assign(state, { cursors: [''], page: 0, search: '', sort: '' });
      Object.assign(loanState, { id: '', cursors: [''], page: 0, search: '' });
    },
  });
}());
