// techcredit console: a guarantee company's leverage page (its landing
// view): net assets, weighted liability, leverage against its 10× or 15×
// limit (SPEC §6) as a gauge, and the loans it guarantees.
'use strict';

(function () {
  window.techcreditViews = window.techcreditViews || [];
  const K = () => window.techcredit;
  const state = { cursors: [''], page: 0, search: '', missing: false };

  async function load() {
    const k = K();
    const me = k.me();
    let g;
    try {
      g = await k.getDoc('/v1/guarantors/' + encodeURIComponent(me.name));
      state.missing = false;
    } catch (e) {
      if (e.status !== 404) throw e;
      // Nothing reported and nothing guaranteed yet: the regulation's
      // limit, no net assets, no liability.
      g = { changed: !state.missing, doc: { id: me.name, net_assets: null, liability: '0.00', leverage: null, limit: '10.0000' } };
      state.missing = true; // redrawn once, not at every poll
    }
    const after = state.cursors[state.page];
    const r = await k.getDoc('/v1/loans?limit=' + k.PAGE_ROWS + (after ? '&after=' + encodeURIComponent(after) : ''));
    return { changed: g.changed || r.changed, g: g.doc, loans: { items: r.doc.loans, next: r.doc.next_after || null } };
  }

  function draw(main, d) {
    const k = K();
    const { t, el, raw, term, money } = k;
    const g = d.g;
    main.appendChild(el('div', { class: 'title-row' }, el('h1', { text: t('guarantor.title') }), raw(g.id, { class: 'mono muted' })));
    main.appendChild(el('div', { class: 'kpis' },
      g.net_assets === null ? k.kpi(t('guarantor.net_assets'), t('guarantor.net_assets.unknown')) : k.kpiAmount(t('guarantor.net_assets'), g.net_assets, 'CNY'),
      k.kpiAmount(t('guarantor.liability'), g.liability, 'CNY'),
      k.kpi(t('guarantor.leverage'), g.leverage === null ? '—' : k.ratio(g.leverage), t('leverage.limit', k.ratio(g.limit)))));
    main.appendChild(el('section', { class: 'panel' }, el('h2', { text: t('guarantor.gauge.title') }),
      k.gauge({ id: 'guarantor-gauge', label: t('guarantor.leverage'), value: g.leverage, limit: g.limit, empty: t('guarantor.net_assets.unknown'),
        foot: [el('span', { text: t('guarantor.liability.of', k.exact(g.liability), g.net_assets === null ? '—' : k.exact(g.net_assets)) }),
          el('span', { text: t(k.num(g.limit) > 10 ? 'guarantor.limit.small' : 'guarantor.limit.normal') })] }),
      el('p', { class: 'muted small', text: t('guarantor.note') })));
    main.appendChild(el('h2', { class: 'section', text: t('guarantor.loans') }));
    if (d.loans.items.length === 0) {
      main.appendChild(el('div', { class: 'panel empty', text: t('loans.empty') }));
      return;
    }
    main.appendChild(el('div', { class: 'panel table-wrap' }, el('table', { class: 'claims', id: 'guaranteed-loans' },
      el('thead', {}, el('tr', {}, ['col.loan', 'col.bank', 'col.size', 'col.status', 'col.principal', 'col.outstanding', 'col.covered']
        .map((c) => el('th', { scope: 'col', text: t(c) })))),
      el('tbody', {}, d.loans.items.map((l) => el('tr', { 'data-loan-row': l.id },
        el('td', {}, raw(l.id, { class: 'mono' }), el('div', { class: 'borrower' }, raw(l.borrower_name || l.borrower))),
        el('td', {}, raw(l.bank, { class: 'mono' })),
        el('td', {}, term('size', l.size)),
        el('td', {}, term('loan', l.status)),
        el('td', { class: 'num', text: money(l.principal) }),
        el('td', { class: 'num', 'data-outstanding': l.id, text: money(l.outstanding) }),
        el('td', {}, l.covered ? t('loan.is_covered') : [t('loan.is_uncovered'), el('div', { class: 'muted small' }, term('uncovered', l.uncovered_reason))])))))));
    main.appendChild(k.pager(state, d.loans, k.render, 'bottom'));
  }

  window.techcreditViews.push({
    name: 'leverage',
    nav: { guarantor: 'nav.leverage' },
    first: ['guarantor'],
    load,
    draw,
    reset() { Object.assign(state, { cursors: [''], page: 0, search: '', missing: false }); },
  });
}());
