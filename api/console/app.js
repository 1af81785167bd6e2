// techcredit console: plain JavaScript over the /v1 API, no dependencies.
// Every text goes into the page through textContent (never innerHTML), and
// charts are SVG built through the DOM, so the console runs under a strict
// Content-Security-Policy.
'use strict';

(function () {
  const TOKEN_KEY = 'techcredit.token';
  const PAGES_MAX = 20; // a list is read at most 20 pages of 500
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const PARTY_COLORS = ['#2563eb', '#0d9488', '#d97706', '#7c3aed', '#db2777', '#64748b'];
  const STATUS_LABELS = {
    pending: 'pending', awaiting_second_approval: 'awaiting 2nd approval', queued: 'queued',
    paid: 'paid', rejected: 'rejected',
  };
  const STAGES = ['research', 'pilot', 'industrialization', 'scale-up'];
  const NAV = {
    finance: [['claims', 'Claim queue'], ['programs', 'Programs'], ['pipeline', 'Pipeline']],
    admin: [['claims', 'Claims'], ['programs', 'Programs'], ['pipeline', 'Pipeline']],
    bank: [['claims', 'Our claims'], ['programs', 'Programs']],
    guarantor: [['programs', 'Programs']],
    investor: [['pipeline', 'Pipeline']],
  };

  let me = null; // {subject, role, name} once signed in
  let renderSeq = 0; // a newer render makes older ones drop their results

  // ---- DOM helpers ----------------------------------------------------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function setAttrs(node, attrs) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'text') node.textContent = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else if (k === 'style') Object.assign(node.style, v);
      else node.setAttribute(k, v === true ? '' : String(v));
    }
  }

  function append(node, children) {
    for (const c of children.flat()) {
      if (c === undefined || c === null || c === false) continue;
      node.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  // ---- numbers --------------------------------------------------------

  // money formats an amount string ("1234567.89") with thousands
  // separators, without ever going through a float.
  function money(s) {
    if (s === null || s === undefined || s === '') return '—';
    const [i, f] = String(s).split('.');
    return i.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (f !== undefined ? '.' + f : '');
  }

  // compact is for chart axes only: 12345678 → "12.3m".
  function compact(n) {
    const a = Math.abs(n);
    const short = (v, digits) => v.toFixed(digits).replace(/\.0+$/, '');
    if (a >= 1e9) return short(n / 1e9, a >= 1e10 ? 0 : 1) + 'bn';
    if (a >= 1e6) return short(n / 1e6, a >= 1e7 ? 0 : 1) + 'm';
    if (a >= 1e3) return short(n / 1e3, a >= 1e4 ? 0 : 1) + 'k';
    return String(Math.round(n));
  }

  function num(s) {
    const v = parseFloat(s);
    return Number.isFinite(v) ? v : 0;
  }

  function ratio(s) {
    return s === null || s === undefined ? '—' : String(parseFloat(s)) + '×';
  }

  function percent(s) {
    return s === null || s === undefined ? '—' : (parseFloat(s) * 100).toFixed(2) + '%';
  }

  // ---- API ------------------------------------------------------------

  function token() {
    return sessionStorage.getItem(TOKEN_KEY) || '';
  }

  async function api(method, path, body) {
    const headers = { Authorization: 'Bearer ' + token(), Accept: 'application/json' };
    const init = { method, headers };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const res = await fetch(path, init);
    let doc = null;
    try {
      doc = await res.json();
    } catch (e) {
      doc = null;
    }
    if (!res.ok) {
      const err = new Error(doc && doc.error ? doc.error.message : res.status + ' ' + res.statusText);
      err.status = res.status;
      err.code = doc && doc.error ? doc.error.code : '';
      throw err;
    }
    return doc;
  }

  // listAll follows the next_after cursor of a list.
  async function listAll(path, key) {
    let out = [];
    let after = '';
    for (let i = 0; i < PAGES_MAX; i++) {
      const sep = path.includes('?') ? '&' : '?';
      const doc = await api('GET', path + sep + 'limit=500' + (after ? '&after=' + encodeURIComponent(after) : ''));
      out = out.concat(doc[key]);
      if (!doc.next_after) break;
      after = doc.next_after;
    }
    return out;
  }

  function claimPath(id) {
    const slash = id.indexOf('/');
    return '/v1/claims/' + encodeURIComponent(id.slice(0, slash)) + '/' + encodeURIComponent(id.slice(slash + 1));
  }

  // ---- shell ----------------------------------------------------------

  let toastTimer = null;
  function toast(text, kind) {
    const t = document.getElementById('toast');
    t.textContent = text;
    t.className = 'toast ' + (kind || 'ok');
    t.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { t.hidden = true; }, 6000);
  }

  function can(view) {
    return me && (NAV[me.role] || []).some(([v]) => v === view);
  }

  function shell(active) {
    const nav = document.getElementById('nav');
    const who = document.getElementById('who');
    clear(nav);
    clear(who);
    if (!me) return;
    for (const [view, label] of NAV[me.role] || []) {
      nav.appendChild(el('a', { href: '#/' + view, class: view === active ? 'active' : '', 'data-nav': view, text: label }));
    }
    who.appendChild(el('span', { class: 'role role-' + me.role, text: me.role }));
    who.appendChild(el('span', { class: 'subject', id: 'subject', text: me.name }));
    who.appendChild(el('button', { class: 'link', id: 'signout', type: 'button', onclick: signOut, text: 'Sign out' }));
  }

  function view(name) {
    const main = document.getElementById('main');
    clear(main);
    main.setAttribute('data-view', name);
    main.setAttribute('data-loaded', 'false');
    return main;
  }

  function loaded(main) {
    main.setAttribute('data-loaded', 'true');
  }

  function failure(main, err) {
    if (err.status === 401) {
      signOut();
      return;
    }
    main.appendChild(el('div', { class: 'panel error', role: 'alert' },
      el('strong', { text: 'Could not load this view. ' }), err.message));
    loaded(main);
  }

  function signOut() {
    sessionStorage.removeItem(TOKEN_KEY);
    me = null;
    // Nothing of the last user stays on the page for the next one.
    const t = document.getElementById('toast');
    clearTimeout(toastTimer);
    t.hidden = true;
    t.textContent = '';
    pipelineFilter.sector = pipelineFilter.stage = '';
    claimFilter = 'open';
    if (location.hash !== '#/') location.hash = '#/';
    else render();
  }

  // ---- sign in --------------------------------------------------------

  function renderSignIn(message) {
    shell('');
    const main = view('signin');
    const input = el('input', { id: 'token', type: 'password', autocomplete: 'off', placeholder: 'Bearer token', required: true });
    const err = el('p', { class: 'form-error', id: 'signin-error', text: message || '' });
    const form = el('form', { class: 'signin panel', onsubmit: async (ev) => {
      ev.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, input.value.trim());
      try {
        me = await api('GET', '/v1/me');
      } catch (e) {
        sessionStorage.removeItem(TOKEN_KEY);
        err.textContent = e.status === 401 ? 'That token is not valid.' : e.message;
        return;
      }
      const first = (NAV[me.role] || [['programs']])[0][0];
      if (location.hash === '#/' + first) render();
      else location.hash = '#/' + first;
    } },
    el('h1', { text: 'Sign in' }),
    el('p', { class: 'muted', text: 'Use the token your administrator issued. It is kept only in this browser tab.' }),
    el('label', { for: 'token', text: 'Token' }), input,
    el('button', { id: 'signin-btn', type: 'submit', class: 'primary', text: 'Sign in' }), err);
    main.appendChild(form);
    loaded(main);
    input.focus();
  }

  // ---- claims ---------------------------------------------------------

  const CLAIM_FILTERS = [
    ['open', 'Open', ['pending', 'awaiting_second_approval']],
    ['queued', 'Queued', ['queued']],
    ['paid', 'Paid', ['paid']],
    ['rejected', 'Rejected', ['rejected']],
    ['all', 'All', null],
  ];
  let claimFilter = 'open';

  async function renderClaims(seq) {
    shell('claims');
    const main = view('claims');
    const title = me.role === 'bank' ? 'Our compensation claims' : 'Claim queue';
    main.appendChild(el('div', { class: 'title-row' },
      el('h1', { text: title }),
      el('div', { class: 'chips', role: 'group', 'aria-label': 'Filter claims' },
        CLAIM_FILTERS.map(([key, label]) => el('button', {
          type: 'button', class: 'chip' + (key === claimFilter ? ' on' : ''), 'data-filter': key, text: label,
          onclick: () => { claimFilter = key; render(); },
        })))));
    let claims;
    try {
      claims = await listAll('/v1/claims', 'claims');
    } catch (e) {
      if (seq === renderSeq) failure(main, e);
      return;
    }
    if (seq !== renderSeq) return;
    const statuses = CLAIM_FILTERS.find(([k]) => k === claimFilter)[2];
    const shown = statuses ? claims.filter((c) => statuses.includes(c.status)) : claims;
    const open = claims.filter((c) => c.status === 'pending' || c.status === 'awaiting_second_approval');
    const byCurrency = (list, field) => {
      const sums = {};
      for (const c of list) sums[c.currency] = (sums[c.currency] || 0) + num(c[field]);
      return Object.entries(sums).map(([cur, v]) => compact(v) + ' ' + cur).join(' · ') || '0';
    };
    main.appendChild(el('div', { class: 'kpis' },
      kpi('Open claims', String(open.length)),
      kpi('Open payable', byCurrency(open, 'payable')),
      kpi('Owed (queued)', byCurrency(claims.filter((c) => c.status === 'queued'), 'owed')),
      kpi('Paid', byCurrency(claims, 'paid'))));
    main.appendChild(claimsTable(shown, me.role === 'finance'));
    loaded(main);
  }

  function kpi(label, value, sub) {
    return el('div', { class: 'kpi' }, el('div', { class: 'kpi-label', text: label }),
      el('div', { class: 'kpi-value', text: value }), sub ? el('div', { class: 'kpi-sub', text: sub }) : null);
  }

  function statusBadge(status) {
    return el('span', { class: 'badge st-' + status, 'data-status': status, text: STATUS_LABELS[status] || status });
  }

  function splitBar(claim) {
    const parties = Object.entries(claim.shares || {});
    const loss = num(claim.loss);
    const bar = el('div', { class: 'split-bar', role: 'img', 'aria-label': 'split of the loss' });
    const legend = el('ul', { class: 'split-legend' });
    parties.forEach(([party, amount], i) => {
      const color = party === 'bank' ? '#94a3b8' : PARTY_COLORS[i % PARTY_COLORS.length];
      const w = loss > 0 ? (num(amount) / loss) * 100 : 0;
      bar.appendChild(el('span', { title: party + ' ' + money(amount), style: { width: w + '%', background: color } }));
      legend.appendChild(el('li', {}, el('i', { style: { background: color } }), party + ' ', el('b', { text: money(amount) })));
    });
    return el('div', { class: 'split' }, bar, legend);
  }

  // claimsTable lists claims; whether one needs two approvals is the API's
  // answer (needs_two_approvals: decided at the first approval, foretold
  // before it), never worked out here from the program's threshold.
  function claimsTable(claims, actions) {
    if (claims.length === 0) {
      return el('div', { class: 'panel empty', text: 'No claims here.' });
    }
    const head = ['Claim', 'Bank', 'Opened', 'Loss', 'Split of the loss', 'Payable', 'Paid / owed', 'Status'];
    if (actions) head.push('');
    const tbody = el('tbody');
    for (const c of claims) {
      const open = c.status === 'pending' || c.status === 'awaiting_second_approval';
      const approvals = c.approvals || [];
      const row = el('tr', { 'data-claim-row': c.id },
        el('td', {}, el('div', { class: 'mono nowrap', text: c.id }), el('div', { class: 'borrower', text: c.borrower_name })),
        el('td', { class: 'mono nowrap', text: c.bank }),
        el('td', { class: 'nowrap', text: (c.opened_at || '').slice(0, 10) }),
        el('td', { class: 'num', text: money(c.loss) }),
        el('td', {}, splitBar(c)),
        el('td', { class: 'num strong' }, money(c.payable), el('div', { class: 'muted small', text: c.currency })),
        el('td', { class: 'num' }, money(c.paid), el('div', { class: 'muted small', text: 'owed ' + money(c.owed) })),
        el('td', { class: 'status' }, statusBadge(c.status),
          c.needs_two_approvals && open ? el('div', { class: 'muted small', 'data-needs-two': c.id, text: 'two approvals needed' }) : null,
          approvals.length ? el('div', { class: 'muted small' }, 'approved by ', approvals.map((a, i) => el('span', { class: 'mono', text: (i ? ', ' : '') + a }))) : null,
          c.reject_reason ? el('div', { class: 'muted small', text: c.reject_reason }) : null));
      tbody.appendChild(row);
      if (!actions) continue;
      const cell = el('td', { class: 'actions' });
      row.appendChild(cell);
      if (!open) continue;
      const reasonRow = el('tr', { class: 'reason-row', hidden: true, 'data-reason-row': c.id });
      const reason = el('input', { type: 'text', class: 'reason', placeholder: 'Reason for rejecting (required)', 'data-reason': c.id, maxlength: 2000 });
      reasonRow.appendChild(el('td', { colspan: head.length },
        el('div', { class: 'reason-form' }, el('span', { class: 'small strong', text: 'Reject ' + c.id }), reason,
          el('button', { type: 'button', class: 'danger', 'data-action': 'confirm-reject', 'data-claim': c.id, text: 'Reject claim',
            onclick: (ev) => {
              if (!reason.value.trim()) { reason.focus(); toast('A reason is required to reject a claim.', 'warn'); return; }
              decide(ev.currentTarget, c.id, 'reject', { reason: reason.value.trim() });
            } }),
          el('button', { type: 'button', class: 'link', text: 'Cancel', onclick: () => { reasonRow.hidden = true; } }))));
      cell.appendChild(el('button', { type: 'button', class: 'primary', 'data-action': 'approve', 'data-claim': c.id, text: 'Approve',
        onclick: (ev) => decide(ev.currentTarget, c.id, 'approve', {}) }));
      cell.appendChild(el('button', { type: 'button', class: 'ghost', 'data-action': 'reject', 'data-claim': c.id, text: 'Reject',
        onclick: () => { reasonRow.hidden = false; reason.focus(); } }));
      tbody.appendChild(reasonRow);
    }
    return el('div', { class: 'panel table-wrap' },
      el('table', { class: 'claims' }, el('thead', {}, el('tr', {}, head.map((h) => el('th', { text: h })))), tbody));
  }

  async function decide(button, id, action, body) {
    button.disabled = true;
    try {
      const res = await api('POST', claimPath(id) + '/' + action, body);
      // claim is null when the decision is journaled but the read model lags
      // (views_lag): the decision stands, the queue catches up by itself.
      const now = res.claim ? ': now ' + (STATUS_LABELS[res.claim.status] || res.claim.status) + '.' : ': recorded; the views are catching up.';
      toast((action === 'approve' ? 'Approved ' : 'Rejected ') + id + now, 'ok');
    } catch (e) {
      toast(e.message + (e.code ? ' (' + e.code + ')' : ''), 'error');
    }
    render();
  }

  // ---- programs -------------------------------------------------------

  function leverageGauge(p) {
    const lev = p.leverage === null ? null : num(p.leverage);
    const max = p.max_leverage === null ? null : num(p.max_leverage);
    const share = lev !== null && max ? Math.min(lev / max, 1) : 0;
    const level = share >= 0.9 ? 'hot' : share >= 0.7 ? 'warm' : 'cool';
    return el('div', { class: 'gauge' },
      el('div', { class: 'gauge-head' },
        el('span', { text: 'Leverage' }),
        el('b', { text: lev === null ? 'pool empty' : ratio(p.leverage) }),
        el('span', { class: 'muted', text: max === null ? 'no limit' : 'limit ' + ratio(p.max_leverage) })),
      el('div', { class: 'gauge-track', role: 'meter', 'aria-valuenow': lev === null ? 0 : lev, 'aria-valuemin': 0, 'aria-valuemax': max || 0 },
        el('div', { class: 'gauge-fill ' + level, style: { width: (share * 100).toFixed(1) + '%' } }),
        max ? el('div', { class: 'gauge-ticks' }, [0.25, 0.5, 0.75].map((t) => el('i', { style: { left: t * 100 + '%' } }))) : null),
      el('div', { class: 'gauge-foot muted' },
        el('span', { text: 'covered outstanding ' + money(p.covered_outstanding) }),
        el('span', { text: p.headroom === null ? '' : 'headroom ' + money(p.headroom) })));
  }

  function claimsByStatus(p) {
    const entries = Object.entries(p.claims_by_status || {}).filter(([, n]) => n > 0);
    if (entries.length === 0) return el('div', { class: 'muted small', text: 'No claims yet.' });
    return el('div', { class: 'chips' }, entries.map(([st, n]) => el('span', { class: 'badge st-' + st, text: n + ' ' + (STATUS_LABELS[st] || st) })));
  }

  async function renderPrograms(seq) {
    shell('programs');
    const main = view('programs');
    main.appendChild(el('h1', { text: 'Programs' }));
    let doc;
    try {
      doc = await api('GET', '/v1/programs');
    } catch (e) {
      if (seq === renderSeq) failure(main, e);
      return;
    }
    if (seq !== renderSeq) return;
    const grid = el('div', { class: 'cards' });
    for (const p of doc.programs) {
      grid.appendChild(el('a', { class: 'card program-card', href: '#/programs/' + encodeURIComponent(p.id), 'data-program': p.id },
        el('div', { class: 'card-head' }, el('h2', { text: p.name || p.id }), el('span', { class: 'pill', text: p.kind.replace(/_/g, ' ') })),
        el('div', { class: 'muted small mono', text: p.id + ' · ' + p.currency }),
        el('div', { class: 'big' }, money(p.pool_balance), el('span', { class: 'unit', text: ' ' + p.currency })),
        el('div', { class: 'muted small', text: 'pool balance' }),
        leverageGauge(p),
        el('dl', { class: 'facts' },
          fact('Funded', money(p.funded)), fact('Paid out', money(p.paid)), fact('Owed', money(p.owed)),
          fact('Loans', p.covered_loans + ' covered of ' + p.loans)),
        claimsByStatus(p)));
    }
    main.appendChild(grid);
    loaded(main);
  }

  function fact(label, value) {
    return el('div', {}, el('dt', { text: label }), el('dd', { text: value }));
  }

  async function renderProgram(seq, id) {
    shell('programs');
    const main = view('program');
    let p;
    let claims = null;
    try {
      p = await api('GET', '/v1/programs/' + encodeURIComponent(id));
      if (can('claims')) claims = await listAll('/v1/claims?program=' + encodeURIComponent(id), 'claims');
    } catch (e) {
      if (seq === renderSeq) failure(main, e);
      return;
    }
    if (seq !== renderSeq) return;
    main.appendChild(el('div', { class: 'crumbs' }, el('a', { href: '#/programs', text: 'Programs' }), ' / ', p.id));
    main.appendChild(el('div', { class: 'title-row' },
      el('h1', { text: p.name || p.id }),
      el('span', { class: 'pill', text: p.kind.replace(/_/g, ' ') }),
      p.dual_approval_threshold ? el('span', { class: 'muted small', text: 'two approvals from ' + money(p.dual_approval_threshold) + ' ' + p.currency }) : null));
    main.appendChild(el('div', { class: 'kpis' },
      kpi('Pool balance', money(p.pool_balance), p.currency),
      kpi('Funded', money(p.funded), p.currency),
      kpi('Paid out', money(p.paid), p.currency),
      kpi('Owed to banks', money(p.owed), p.currency),
      kpi('Recovered', money(p.recovered), p.currency)));
    main.appendChild(el('div', { class: 'grid2' },
      el('section', { class: 'panel' }, el('h2', { text: 'Leverage against its limit' }), leverageGauge(p),
        el('dl', { class: 'facts' },
          fact('Covered loans', p.covered_loans + ' of ' + p.loans),
          fact('Covered outstanding', money(p.covered_outstanding)),
          fact('Headroom', p.headroom === null ? 'no limit' : money(p.headroom)))),
      el('section', { class: 'panel' }, el('h2', { text: 'Claims by status' }), statusBar(p.claims_by_status || {}), claimsByStatus(p),
        nplTable(p))));
    const chartPanel = el('section', { class: 'panel' }, el('h2', { text: 'Claims over time' }));
    if (claims === null) {
      chartPanel.appendChild(el('p', { class: 'muted', text: 'Claim details are shown to the finance office and to banks.' }));
    } else {
      chartPanel.appendChild(el('p', { class: 'muted small', text: 'Payable of claims opened each month (bars) and in total (line), against the money funded into the pool (dashed). Rejected claims are left out.' }));
      chartPanel.appendChild(claimsChart(claims, num(p.funded), p.currency));
    }
    main.appendChild(chartPanel);
    if (me.role === 'finance' || me.role === 'admin') {
      const riskPanel = el('section', { class: 'panel risk', id: 'risk-panel', 'data-risk-loaded': 'false' },
        el('h2', { text: 'Pool adequacy (one-year estimate)' }),
        el('p', { class: 'muted small', text: 'Simulating the portfolio…' }));
      main.appendChild(riskPanel);
      loadRisk(seq, riskPanel, p); // not awaited: the dashboard does not wait for the simulation
    }
    if (claims !== null) {
      main.appendChild(el('h2', { class: 'section', text: 'Claims' }));
      main.appendChild(claimsTable(claims, me.role === 'finance'));
    }
    loaded(main);
  }

  function statusBar(byStatus) {
    const order = ['pending', 'awaiting_second_approval', 'queued', 'paid', 'rejected'];
    const total = order.reduce((s, k) => s + (byStatus[k] || 0), 0);
    const bar = el('div', { class: 'status-bar' });
    if (total === 0) return bar;
    for (const k of order) {
      if (!byStatus[k]) continue;
      bar.appendChild(el('span', { class: 'st-fill-' + k, title: byStatus[k] + ' ' + STATUS_LABELS[k], style: { width: (byStatus[k] / total) * 100 + '%' } }));
    }
    return bar;
  }

  function nplTable(p) {
    const rows = Object.entries(p.bank_npl_ratio || {});
    if (rows.length === 0) return null;
    return el('table', { class: 'mini' },
      el('thead', {}, el('tr', {}, el('th', { text: 'Bank' }), el('th', { class: 'num', text: 'NPL ratio' }))),
      el('tbody', {}, rows.map(([bank, r]) => el('tr', {}, el('td', { class: 'mono', text: bank }), el('td', { class: 'num', text: percent(r) })))));
  }

  // claimsChart draws, per month of opening, the payable of the claims
  // opened (bars) and the running total (line), with the funding as a
  // dashed reference line.
  function claimsChart(claims, funded, currency) {
    const W = 760, H = 280, L = 64, R = 24, T = 18, B = 42;
    const live = claims.filter((c) => c.status !== 'rejected' && c.opened_at);
    if (live.length === 0) {
      return el('p', { class: 'muted', text: 'No claims have been opened in this program.' });
    }
    const monthOf = (c) => c.opened_at.slice(0, 7);
    const keys = live.map(monthOf).sort();
    const months = [];
    let [y, m] = keys[0].split('-').map(Number);
    const [ly, lm] = keys[keys.length - 1].split('-').map(Number);
    while ((y < ly || (y === ly && m <= lm)) && months.length < 240) {
      months.push(y + '-' + String(m).padStart(2, '0'));
      m++;
      if (m > 12) { m = 1; y++; }
    }
    const monthly = months.map((k) => live.filter((c) => monthOf(c) === k).reduce((s, c) => s + num(c.payable), 0));
    const cumulative = [];
    monthly.reduce((s, v, i) => (cumulative[i] = s + v), 0);
    const step = niceStep(Math.max(cumulative[cumulative.length - 1], funded, 1) * 1.08 / 4);
    const ticks = Math.ceil(Math.max(cumulative[cumulative.length - 1], funded, 1) * 1.08 / step);
    const top = step * ticks;
    const x0 = L, x1 = W - R, y0 = H - B, y1 = T;
    const band = (x1 - x0) / months.length;
    const sx = (i) => x0 + band * (i + 0.5);
    const sy = (v) => y0 - (v / top) * (y0 - y1);
    const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': 'claims over time', id: 'claims-chart' });
    for (let i = 0; i <= ticks; i++) {
      const v = step * i;
      chart.appendChild(svg('line', { x1: x0, x2: x1, y1: sy(v), y2: sy(v), class: 'grid' }));
      chart.appendChild(svg('text', { x: x0 - 8, y: sy(v) + 4, class: 'axis', 'text-anchor': 'end' }, compact(v)));
    }
    const every = Math.ceil(months.length / 12);
    months.forEach((k, i) => {
      const h = y0 - sy(monthly[i]);
      if (monthly[i] > 0) {
        chart.appendChild(svg('rect', { x: sx(i) - band * 0.3, y: sy(monthly[i]), width: band * 0.6, height: Math.max(h, 1), class: 'bar', rx: 2 },
          svg('title', {}, k + ': ' + compact(monthly[i]) + ' ' + currency + ' opened')));
      }
      if (i % every === 0) {
        chart.appendChild(svg('text', { x: sx(i), y: y0 + 18, class: 'axis', 'text-anchor': 'middle' }, k));
      }
    });
    if (funded > 0) {
      chart.appendChild(svg('line', { x1: x0, x2: x1, y1: sy(funded), y2: sy(funded), class: 'funded' }));
      chart.appendChild(svg('text', { x: x1, y: sy(funded) - 6, class: 'axis funded-label', 'text-anchor': 'end' }, 'funded ' + compact(funded) + ' ' + currency));
    }
    const d = cumulative.map((v, i) => (i === 0 ? 'M' : 'L') + sx(i).toFixed(1) + ' ' + sy(v).toFixed(1)).join(' ');
    chart.appendChild(svg('path', { d, class: 'line' }));
    cumulative.forEach((v, i) => {
      chart.appendChild(svg('circle', { cx: sx(i), cy: sy(v), r: 3.5, class: 'dot' },
        svg('title', {}, months[i] + ': ' + compact(v) + ' ' + currency + ' payable in total')));
    });
    chart.appendChild(svg('line', { x1: x0, x2: x1, y1: y0, y2: y0, class: 'baseline' }));
    const legend = el('div', { class: 'legend' },
      el('span', {}, el('i', { class: 'lg-bar' }), 'payable opened in the month'),
      el('span', {}, el('i', { class: 'lg-line' }), 'cumulative payable'),
      el('span', {}, el('i', { class: 'lg-funded' }), 'funded'));
    return el('div', { class: 'chart-wrap' }, chart, legend);
  }

  // ---- pool adequacy ---------------------------------------------------

  // probability writes a probability as a percentage, tiny ones as "<0.01%".
  function probability(x) {
    if (x === null || x === undefined) return '—';
    if (x === 0) return '0%';
    if (x < 0.0001) return '<0.01%';
    return (x * 100).toFixed(2) + '%';
  }

  // loadRisk fills the program's adequacy panel from
  // GET /v1/programs/{id}/risk (finance and admin).
  async function loadRisk(seq, panel, p) {
    let r;
    try {
      r = await api('GET', '/v1/programs/' + encodeURIComponent(p.id) + '/risk');
    } catch (e) {
      if (seq !== renderSeq) return;
      clear(panel);
      panel.appendChild(el('h2', { text: 'Pool adequacy (one-year estimate)' }));
      panel.appendChild(el('p', { class: 'muted', text: 'No estimate: ' + e.message }));
      panel.setAttribute('data-risk-loaded', 'error');
      return;
    }
    if (seq !== renderSeq) return;
    clear(panel);
    renderRisk(panel, r);
    panel.setAttribute('data-risk-loaded', 'true');
  }

  function renderRisk(panel, r) {
    const a = r.assumptions;
    const sim = r.simulation;
    const v = r.vasicek;
    const obs = r.observed;
    panel.appendChild(el('div', { class: 'title-row risk-head' },
      el('h2', { text: 'Pool adequacy (one-year estimate)' }),
      el('span', { class: 'pill ' + (r.assumptions_source === 'program' ? '' : 'pill-muted'), 'data-assumptions': r.assumptions_source,
        text: (r.assumptions_source === 'program' ? 'assumptions ' : 'default assumptions ') + a.version })));
    panel.appendChild(el('p', { class: 'muted small', text: 'Model estimates, not booked amounts: a one-factor credit model over the ' +
      r.portfolio.loans + ' covered loans in force (' + money(r.portfolio.ead) + ' ' + r.currency + '), LGD ' + a.lgd + ', correlation ' + a.rho +
      ', default PD ' + a.default_pd + '. Observed default rate: ' +
      (obs.default_rate === null ? '—' : probability(obs.default_rate) + ' (' + obs.defaulted_loans + ' of ' + obs.covered_loans + ' covered loans, over the program’s life)') + '.' }));
    const pk = kpi('P(exhaust)', probability(sim.p_exhaust), 'the pool runs dry within a year · granular closed form ' + (v ? probability(v.p_exhaust) : '—'));
    pk.setAttribute('data-kpi', 'p-exhaust');
    pk.setAttribute('data-value', String(sim.p_exhaust));
    const el1 = kpi('Expected loss', money(r.expected_loss.loss), 'the pool’s share ' + money(r.expected_loss.pool_draw));
    el1.setAttribute('data-kpi', 'expected-loss');
    const q = kpi('99.9% pool draw', money(sim.draw_q999), v ? 'Vasicek 99.9% loss ' + money(v.loss_q999) : 'simulated');
    q.setAttribute('data-kpi', 'draw-q999');
    const ml = r.max_leverage;
    const lev = kpi('Max leverage at 1%', ml.leverage === null ? '—' : ratio(ml.leverage),
      'now ' + ratio(ml.current) + (ml.program_limit === null ? '' : ' · limit ' + ratio(ml.program_limit)));
    lev.setAttribute('data-kpi', 'max-leverage');
    panel.appendChild(el('div', { class: 'kpis' }, pk, el1, q, lev));
    panel.appendChild(el('p', { class: 'muted small', text: 'Share of ' + sim.scenarios.toLocaleString('en-US') +
      ' simulated years by what the pool must pay for defaults among the loans in force (square-root scale, so the tail shows).' }));
    panel.appendChild(riskChart(sim, r.portfolio.pool_balance, r.currency));
    const committed = num(r.portfolio.open_claims_payable) + num(r.portfolio.owed);
    if (committed > 0) {
      panel.appendChild(el('p', { class: 'risk-warn small', 'data-committed': String(committed), text: 'Claims already opened will also draw on the pool: ' +
        money(r.portfolio.open_claims_payable) + ' ' + r.currency + ' payable awaiting a decision' +
        (num(r.portfolio.owed) > 0 ? ', ' + money(r.portfolio.owed) + ' owed on approved claims' : '') +
        '. The simulation does not deduct them from the pool balance.' }));
    }
    panel.appendChild(el('div', { class: 'grid2 risk-grid' },
      el('div', {}, el('h3', { text: 'Stress scenarios' }), stressTable(r.stress)),
      el('div', {}, el('h3', { text: 'Fund leverage' }),
        el('p', { class: 'muted small', text: 'Covered loans ever disbursed per yuan of government money in the pool.' }),
        el('dl', { class: 'facts' },
          fact('Loans supported', money(r.fund_leverage.loans_supported)),
          fact('Government money', money(r.fund_leverage.government_money)),
          fact('Overall', ratio(r.fund_leverage.overall)),
          r.fund_leverage.per_funder.map((f) => fact(f.funder, ratio(f.leverage) + ' on ' + compact(num(f.money))))))));
  }

  function stressTable(stress) {
    if (stress.length === 0) return el('p', { class: 'muted small', text: 'Nothing in force to stress.' });
    return el('table', { class: 'mini', id: 'stress-table' },
      el('thead', {}, el('tr', {}, el('th', { text: 'Scenario' }), el('th', { class: 'num', text: 'P(exhaust)' }),
        el('th', { class: 'num', text: '99.9% draw' }), el('th', { class: 'num', text: 'Mean draw' }))),
      el('tbody', {}, stress.map((s) => el('tr', { 'data-stress': s.name },
        el('td', { text: s.description }), el('td', { class: 'num', text: probability(s.p_exhaust) }),
        el('td', { class: 'num', text: money(s.draw_q999) }), el('td', { class: 'num', text: money(s.mean_draw) })))));
  }

  // riskChart draws the simulated distribution of the pool's one-year draw
  // as a histogram (bar heights on a square-root scale, so that the tail
  // shows beside the many quiet years), with the pool balance as a vertical
  // line and the draws beyond it shaded.
  function riskChart(sim, poolBalance, currency) {
    const W = 1000, H = 300, L = 56, R = 24, T = 24, B = 40;
    const pool = num(poolBalance);
    const h = sim.histogram;
    const lo = num(h.lo), hi = num(h.hi), width = num(h.bin_width);
    const n = h.counts.reduce((s, c) => s + c, 0) || 1;
    const top = Math.max(hi, pool, 1) * 1.08;
    const step = niceStep(top / 5);
    const ticks = Math.ceil(top / step);
    const xmax = step * ticks;
    const x0 = L, x1 = W - R, y0 = H - B, y1 = T;
    const sx = (v) => x0 + (v / xmax) * (x1 - x0);
    const share = (c) => c / n;
    const smax = Math.max(...h.counts.map(share), 0.0001);
    const sy = (f) => y0 - Math.sqrt(f / smax) * (y0 - y1);
    const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', id: 'risk-chart',
      'aria-label': 'simulated distribution of the pool’s one-year draw' });
    if (pool < xmax) {
      chart.appendChild(svg('rect', { x: sx(pool), y: y1, width: x1 - sx(pool), height: y0 - y1, class: 'exhaust-zone' }));
    }
    for (const f of [0.001, 0.01, 0.1, 0.5, 1]) {
      if (f > smax * 1.0001) continue;
      chart.appendChild(svg('line', { x1: x0, x2: x1, y1: sy(f), y2: sy(f), class: 'grid' }));
      chart.appendChild(svg('text', { x: x0 - 8, y: sy(f) + 4, class: 'axis', 'text-anchor': 'end' }, (f * 100) + '%'));
    }
    for (let i = 0; i <= ticks; i++) {
      chart.appendChild(svg('text', { x: sx(step * i), y: y0 + 18, class: 'axis', 'text-anchor': 'middle' }, compact(step * i)));
    }
    const binPx = width > 0 ? Math.max(sx(width) - sx(0), 1.5) : 4;
    h.counts.forEach((c, i) => {
      if (c === 0) return;
      const left = lo + i * width;
      const over = left + (width > 0 ? width / 2 : 0) > pool;
      chart.appendChild(svg('rect', { x: sx(left) + (binPx > 3 ? 0.5 : 0), y: sy(share(c)), width: Math.max(binPx - 1, 1.5),
        height: Math.max(y0 - sy(share(c)), 1), class: over ? 'bar bar-over' : 'bar', rx: 1 },
      svg('title', {}, compact(left) + '–' + compact(left + width) + ' ' + currency + ': ' + c + ' of ' + n + ' scenarios')));
    });
    chart.appendChild(svg('line', { x1: x0, x2: x1, y1: y0, y2: y0, class: 'baseline' }));
    const q = num(sim.draw_q999);
    if (q > 0) {
      chart.appendChild(svg('line', { x1: sx(q), x2: sx(q), y1: y1 + 14, y2: y0, class: 'q-line' }));
      chart.appendChild(svg('text', { x: sx(q) + 4, y: y1 + 24, class: 'axis q-label' }, '99.9% ' + compact(q)));
    }
    chart.appendChild(svg('line', { x1: sx(pool), x2: sx(pool), y1: y1 - 8, y2: y0, class: 'pool-line', 'data-pool': String(pool) }));
    chart.appendChild(svg('text', { x: sx(pool) + (sx(pool) > x1 - 220 ? -6 : 6), y: y1 + 2, class: 'axis pool-label',
      'text-anchor': sx(pool) > x1 - 220 ? 'end' : 'start' }, 'pool balance ' + money(poolBalance) + ' ' + currency));
    const legend = el('div', { class: 'legend' },
      el('span', {}, el('i', { class: 'lg-bar' }), 'scenarios by pool draw (' + sim.scenarios.toLocaleString('en-US') + ' years, seed ' + sim.seed + ')'),
      el('span', {}, el('i', { class: 'lg-over' }), 'draws beyond the pool'),
      el('span', {}, el('i', { class: 'lg-pool' }), 'pool balance'),
      el('span', {}, el('i', { class: 'lg-q' }), '99.9% draw'));
    return el('div', { class: 'chart-wrap' }, chart, legend);
  }

  // niceStep rounds a raw axis step up to 1, 2, 2.5 or 5 times a power of ten.
  function niceStep(raw) {
    const p = Math.pow(10, Math.floor(Math.log10(raw)));
    for (const m of [1, 2, 2.5, 5, 10]) {
      if (m * p >= raw) return m * p;
    }
    return 10 * p;
  }

  // ---- pipeline -------------------------------------------------------

  const pipelineFilter = { sector: '', stage: '' };

  async function renderPipeline(seq) {
    shell('pipeline');
    const main = view('pipeline');
    let stats;
    let projects;
    const q = new URLSearchParams();
    if (pipelineFilter.sector) q.set('sector', pipelineFilter.sector);
    if (pipelineFilter.stage) q.set('stage', pipelineFilter.stage);
    try {
      stats = await api('GET', '/v1/pipeline/stats');
      projects = await listAll('/v1/pipeline' + (q.toString() ? '?' + q : ''), 'projects');
    } catch (e) {
      if (seq === renderSeq) failure(main, e);
      return;
    }
    if (seq !== renderSeq) return;
    main.appendChild(el('div', { class: 'title-row' }, el('h1', { text: 'Roadshow pipeline' }),
      el('span', { class: 'muted small', text: 'Technology projects seeking capital, with each enterprise’s credit standing in aggregate.' })));
    main.appendChild(el('div', { class: 'kpis' },
      kpi('Projects', String(stats.projects)),
      kpi('Funding sought', money(stats.funding_sought)),
      kpi('In talks or funded', String(stats.by_status.filter((b) => b.key === 'in-talks' || b.key === 'funded').reduce((s, b) => s + b.projects, 0)))));
    main.appendChild(el('div', { class: 'grid2' },
      el('section', { class: 'panel' }, el('h2', { text: 'Funding sought by sector' }), hbars(stats.by_sector)),
      el('section', { class: 'panel' }, el('h2', { text: 'Funding sought by stage' }), hbars(stats.by_stage))));
    const sector = el('select', { id: 'sector', onchange: (ev) => { pipelineFilter.sector = ev.target.value; render(); } },
      el('option', { value: '', text: 'All sectors' }),
      stats.by_sector.map((b) => el('option', { value: b.key, selected: b.key === pipelineFilter.sector, text: b.key })));
    const stage = el('select', { id: 'stage', onchange: (ev) => { pipelineFilter.stage = ev.target.value; render(); } },
      el('option', { value: '', text: 'All stages' }),
      STAGES.map((s) => el('option', { value: s, selected: s === pipelineFilter.stage, text: s })));
    main.appendChild(el('div', { class: 'filters' }, el('label', {}, 'Sector ', sector), el('label', {}, 'Stage ', stage),
      el('span', { class: 'muted small', text: projects.length + ' project' + (projects.length === 1 ? '' : 's') })));
    const grid = el('div', { class: 'cards' });
    for (const p of projects) grid.appendChild(projectCard(p));
    if (projects.length === 0) grid.appendChild(el('div', { class: 'panel empty', text: 'No project matches these filters.' }));
    main.appendChild(grid);
    loaded(main);
  }

  function hbars(buckets) {
    const max = Math.max(...buckets.map((b) => num(b.funding_sought)), 1);
    return el('div', { class: 'hbars' }, buckets.map((b) => el('div', { class: 'hbar' },
      el('span', { class: 'hbar-label', text: b.key }),
      el('span', { class: 'hbar-track' }, el('span', { class: 'hbar-fill', style: { width: (num(b.funding_sought) / max) * 100 + '%' } })),
      el('span', { class: 'hbar-value', text: compact(num(b.funding_sought)) + ' · ' + b.projects }))));
  }

  function projectCard(p) {
    const s = p.standing;
    return el('article', { class: 'card project-card', 'data-project': p.id },
      el('div', { class: 'card-head' }, el('h2', { text: p.title }), el('span', { class: 'pill st-' + p.status, text: p.status })),
      el('div', { class: 'muted small' }, el('span', { class: 'mono', text: p.enterprise }), ' · ' + p.sector + ' · ', el('b', { text: p.stage })),
      el('div', { class: 'big' }, money(p.funding_sought), el('span', { class: 'unit', text: ' sought' })),
      p.roadshow_on ? el('div', { class: 'muted small', text: 'roadshow ' + p.roadshow_on }) : null,
      p.summary ? el('p', { class: 'summary', text: p.summary }) : null,
      el('div', { class: 'standing' },
        el('div', { class: 'standing-title', text: 'Credit standing' }),
        el('span', { class: 'badge sd-' + s.worst_status, text: s.worst_status === 'none' ? 'no loans' : s.worst_status }),
        s.guaranteed ? el('span', { class: 'badge sd-guaranteed', text: 'guaranteed' }) : null,
        el('dl', { class: 'facts' },
          fact('Covered loans outstanding', money(s.covered_outstanding)),
          fact('Loans in programs', String(s.loans)))));
  }

  // ---- router ---------------------------------------------------------

  async function render() {
    const seq = ++renderSeq;
    if (!token()) {
      me = null;
      renderSignIn();
      return;
    }
    if (!me) {
      try {
        me = await api('GET', '/v1/me');
      } catch (e) {
        sessionStorage.removeItem(TOKEN_KEY);
        renderSignIn(e.status === 401 ? 'Your session has ended; sign in again.' : e.message);
        return;
      }
      if (seq !== renderSeq) return;
    }
    const parts = location.hash.replace(/^#\/?/, '').split('/');
    let name = parts[0];
    if (!can(name)) name = (NAV[me.role] || [['programs']])[0][0];
    if (name === 'claims') return renderClaims(seq);
    if (name === 'pipeline') return renderPipeline(seq);
    if (name === 'programs' && parts[1]) return renderProgram(seq, decodeURIComponent(parts.slice(1).join('/')));
    return renderPrograms(seq);
  }

  window.addEventListener('hashchange', () => {
    document.getElementById('toast').hidden = true;
    render();
  });
  document.addEventListener('DOMContentLoaded', render);
}());
