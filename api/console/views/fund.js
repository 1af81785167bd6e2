// The transformation fund's page (SPEC §13) and the roadshow's interest on
// each project card. Built with the kit (window.techcredit); every money
// move goes through confirmMoney and sendMoney.
'use strict';
(function () {
  const SVG = 'http://www.w3.org/2000/svg';
  window.techcreditViews = window.techcreditViews || [];

  function kit() { return window.techcredit; }

  // gauge draws leverage against its floor: a bar to 2 × the floor with a
  // tick at the floor.
  function gauge(k, leverage, floor) {
    const max = Math.max(parseFloat(floor) * 2, leverage === null ? 0 : parseFloat(leverage));
    const w = 320;
    const x = (v) => Math.round((Math.min(v, max) / max) * w);
    const lev = leverage === null ? 0 : parseFloat(leverage);
    const ok = leverage !== null && lev >= parseFloat(floor);
    return k.svg('svg', { class: 'fund-gauge', viewBox: '0 0 ' + w + ' 36', width: w, height: 36, role: 'img',
      'aria-label': k.t('fund.leverage') },
    k.svg('rect', { x: 0, y: 8, width: w, height: 14, fill: '#e5e7eb' }),
    k.svg('rect', { x: 0, y: 8, width: x(lev), height: 14, fill: ok ? '#15803d' : '#b91c1c', 'data-leverage-bar': '' }),
    k.svg('line', { x1: x(parseFloat(floor)), x2: x(parseFloat(floor)), y1: 2, y2: 30, stroke: '#111827', 'stroke-width': 2 }),
    k.svg('text', { x: x(parseFloat(floor)) + 4, y: 34, 'font-size': 10 }, document.createTextNode(k.t('fund.floor', k.ratio(floor)))));
  }

  // shares draws the three shares of the money invested as bars.
  function shares(k, f) {
    const rows = [['fund.early', f.early_share], ['fund.small', f.small_share], ['fund.hard_tech', f.hard_tech_share]];
    const w = 320;
    return k.svg('svg', { class: 'fund-shares', viewBox: '0 0 ' + w + ' ' + rows.length * 26, width: w, height: rows.length * 26,
      role: 'img', 'aria-label': k.t('fund.shares') },
    rows.map(([key, v], i) => {
      const share = v === null ? 0 : parseFloat(v);
      return k.svg('g', { 'data-share': key },
        k.svg('text', { x: 0, y: i * 26 + 14, 'font-size': 11 }, document.createTextNode(k.t(key))),
        k.svg('rect', { x: 110, y: i * 26 + 4, width: 160, height: 12, fill: '#e5e7eb' }),
        k.svg('rect', { x: 110, y: i * 26 + 4, width: Math.round(160 * share), height: 12, fill: '#1d4ed8' }),
        k.svg('text', { x: 276, y: i * 26 + 14, 'font-size': 11 }, document.createTextNode(k.percent(v))));
    }));
  }

  window.techcreditViews.push({
    name: 'fund',
    nav: { fund: 'nav.fund', finance: 'nav.fund', admin: 'nav.fund', investor: 'nav.fund' },
    first: ['fund'],
    async load() {
      const k = kit();
      const r = await k.getDoc('/v1/funds');
      return { changed: r.changed, funds: r.doc.funds };
    },
    draw(main, data) {
      const k = kit();
      // The funds report (a row per fund) and its second table (a row per
      // investment, co-investors as a total): api/reports.go says who may.
      main.appendChild(k.el('div', { class: 'title-row' }, k.el('h1', { text: k.t('fund.title') }),
        k.exportButtons('funds', ''), k.exportButtons('fund_investments', '')));
      if (!data.funds.length) main.appendChild(k.el('p', { class: 'muted', text: k.t('fund.none') }));
      for (const f of data.funds) {
        const card = k.el('section', { class: 'panel fund', 'data-fund': f.id, 'data-fund-committed': f.committed },
          k.el('h2', {}, k.raw(f.name || f.id)),
          k.el('div', { class: 'kpis' },
            k.kpiAmount(k.t('fund.committed'), f.committed, f.currency),
            k.kpiAmount(k.t('fund.invested'), f.invested, f.currency),
            k.kpiAmount(k.t('fund.available'), f.available, f.currency),
            k.kpiAmount(k.t('fund.proceeds'), f.proceeds, f.currency)),
          k.el('div', { class: 'fund-leverage' },
            k.el('span', { text: k.t('fund.leverage') }),
            k.el('strong', { 'data-fund-leverage': f.id, 'data-value': String(f.leverage), text: f.leverage === null ? '—' : f.leverage }),
            k.el('span', { class: 'muted small', text: f.leverage_ok ? k.t('fund.leverage_ok') : k.t('fund.leverage_low') })),
          gauge(k, f.leverage, f.min_leverage),
          k.el('h3', { text: k.t('fund.shares') }),
          shares(k, f),
          k.el('p', { class: 'muted small', text: k.t('fund.rounds', f.investments) }));
        if (k.me() && k.me().role === 'finance') {
          const funder = k.el('select', { 'data-fund-funder': f.id, 'aria-label': k.t('fund.funder') },
            ['city', 'province'].map((v) => k.el('option', { value: v, text: k.t('fund.funder.' + v) })));
          const amount = k.el('input', { type: 'text', inputmode: 'decimal', class: 'amount', 'data-fund-amount': f.id,
            placeholder: k.t('fund.commit.amount'), 'aria-label': k.t('fund.commit.amount') });
          card.appendChild(k.el('div', { class: 'roadshow-actions' }, funder, amount,
            k.el('button', { type: 'button', class: 'primary', 'data-action': 'fund-commit', 'data-fund': f.id,
              text: k.t('fund.commit'), onclick: () => commitDialog(k, f, funder.value, amount) })));
        }
        main.appendChild(card);
      }
    },
    reset() {},
  });

  function commitDialog(k, f, funder, input) {
    const amount = input.value.trim();
    if (!amount) { input.focus(); return; }
    k.confirmMoney({ id: f.id, title: k.t('fund.commit'), amountLabel: k.t('fund.commit.amount'), amount, currency: f.currency,
      facts: [[k.t('fund.funder'), k.el('span', { text: k.t('fund.funder.' + funder) })]],
      okText: k.t('fund.commit'), send: async () => {
        const out = await k.sendMoney('/v1/funds/' + encodeURIComponent(f.id) + '/commitments', { funder, amount }, k.t('fund.commit'));
        if (out.done) k.toast(k.t('fund.committed_ok'));
        return out;
      } });
  }

  // The roadshow on a project card: aggregates for everyone, names for
  // finance and the admin (the API sends an investor only its own), and an
  // investor's buttons to register interest and commit.
  window.techcreditProjectExtras = function (p) {
    const k = kit();
    if (p.interested_banks === undefined) return null;
    const box = k.el('div', { class: 'roadshow', 'data-roadshow': p.id, 'data-investors': String(p.interested_investors) },
      k.el('div', { class: 'standing-title', text: k.t('roadshow.title') }),
      k.el('dl', { class: 'facts' },
        k.fact(k.t('roadshow.banks'), String(p.interested_banks)),
        k.fact(k.t('roadshow.investors'), String(p.interested_investors)),
        k.el('div', {}, k.el('dt', { text: k.t('roadshow.committed') }), k.el('dd', { 'data-committed': p.id, 'data-amount': p.committed, text: k.money(p.committed) })),
        k.fact(k.t('roadshow.share'), k.percent(p.committed_share))));
    const me = k.me();
    if (me && (me.role === 'finance' || me.role === 'admin') && p.interests && p.interests.length) {
      box.appendChild(k.el('ul', { class: 'interests' }, p.interests.map((i) => k.el('li', { 'data-interest': i.caller },
        k.raw(i.caller), ' ', i.kind ? k.term('interest', i.kind) : '', i.committed ? ' · ' + k.money(i.committed) : ''))));
    }
    if (me && me.role === 'investor') {
      const input = k.el('input', { type: 'text', inputmode: 'decimal', class: 'amount', 'data-commit-amount': p.id,
        placeholder: k.t('roadshow.amount'), 'aria-label': k.t('roadshow.amount') });
      box.appendChild(k.el('div', { class: 'roadshow-actions' },
        k.el('button', { type: 'button', 'data-action': 'interest', 'data-project': p.id, text: k.t('roadshow.interest'),
          onclick: async () => {
            try {
              await k.api('POST', '/v1/pipeline/' + encodeURIComponent(p.id) + '/interest', { kind: 'equity' });
              k.toast(k.t('roadshow.interest_ok'));
              k.poll(true);
            } catch (e) { k.toast(e.message, 'error'); }
          } }),
        input,
        k.el('button', { type: 'button', class: 'primary', 'data-action': 'commit', 'data-project': p.id, text: k.t('roadshow.commit'),
          onclick: () => {
            const amount = input.value.trim();
            if (!amount) { input.focus(); return; }
            k.confirmMoney({ id: p.id, title: k.t('roadshow.commit'), amountLabel: k.t('roadshow.amount'), amount,
              okText: k.t('roadshow.commit'), send: async () => {
                const out = await k.sendMoney('/v1/pipeline/' + encodeURIComponent(p.id) + '/commitment', { amount }, k.t('roadshow.commit'));
                if (out.done) k.toast(k.t('roadshow.commit_ok'));
                return out;
              } });
          } })));
    }
    return box;
  };
  void SVG;
}());
