// techcredit console: plain JavaScript over the /v1 API, no dependencies.
// Every text goes into the page through textContent (never innerHTML), and
// charts are SVG built through the DOM, so the console runs under a strict
// Content-Security-Policy. Every label comes from i18n.js (Simplified
// Chinese by default, English on the switch); text that is the API's data
// (ids, names, titles) is marked data-raw and never translated.
'use strict';

(function () {
  const I18N = window.techcreditI18n;
  const TOKEN_KEY = 'techcredit.token';
  const LANG_KEY = 'techcredit.lang';
  const PAGES_MAX = 20; // listAll reads at most 20 pages of 500
  const PAGE_ROWS = 50; // rows of a paged list
  const POLL_MS = 3000; // live updates: every view re-reads its documents (ETag, mostly 304)
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const PARTY_COLORS = ['#2563eb', '#0d9488', '#b45309', '#7c3aed', '#be185d', '#475569'];
  const STAGES = ['research', 'pilot', 'industrialization', 'scale-up'];
  const NAV = {
    finance: [['claims', 'nav.claims.finance'], ['programs', 'nav.programs'], ['pipeline', 'nav.pipeline']],
    admin: [['claims', 'nav.claims.admin'], ['programs', 'nav.programs'], ['pipeline', 'nav.pipeline']],
    bank: [['claims', 'nav.claims.bank'], ['programs', 'nav.programs'], ['pipeline', 'nav.pipeline']], // its loans (views/loans.js) come first
    guarantor: [['programs', 'nav.programs']],
    investor: [['pipeline', 'nav.pipeline']],
  };
  // Feature views live in files of their own (api/console/views/*.js, loaded
  // before this one) and register here: window.techcreditViews.push({name,
  // nav: {role: labelKey}, first: [roles it is the landing view of],
  // load(parts) -> data with .changed, draw(main, data), reset()}). They
  // reach the shared tools through window.techcredit (the kit, below).
  const VIEWS = window.techcreditViews || [];
  for (const v of VIEWS) {
    for (const [role, key] of Object.entries(v.nav || {})) {
      NAV[role] = NAV[role] || [];
      if ((v.first || []).includes(role)) NAV[role].unshift([v.name, key]);
      else NAV[role].push([v.name, key]);
    }
  }

  let lang = storedLang();
  let me = null; // {subject, role, name, now} once signed in
  let skewMs = 0; // the server's clock (me.now) less the browser's
  let renderSeq = 0; // a newer render makes older ones drop their results

  // ---- language -------------------------------------------------------

  function storedLang() {
    try {
      const l = localStorage.getItem(LANG_KEY);
      return I18N[l] ? l : 'zh';
    } catch (e) {
      return 'zh';
    }
  }

  // t is the label of key in the current language; a function entry is
  // called with args (it may answer an array of text and nodes).
  function t(key, ...args) {
    const v = I18N[lang][key];
    if (v === undefined) return '⟦' + key + '⟧'; // a missing label shows, and the browser test fails on it
    return typeof v === 'function' ? v(...args) : v;
  }

  function known(prefix, key) {
    return I18N[lang][prefix + '.' + key] !== undefined;
  }

  // term is a translated word of the API's vocabulary (a status, party,
  // sector, stage, kind); one the dictionary lacks shows as data.
  function term(prefix, key, attrs) {
    if (known(prefix, key)) return el('span', Object.assign({ text: t(prefix + '.' + key) }, attrs || {}));
    return raw(key, attrs);
  }

  function termText(prefix, key) {
    return known(prefix, key) ? t(prefix + '.' + key) : key;
  }

  function raw(text, attrs) {
    return el('span', Object.assign({ 'data-raw': '', text: text }, attrs || {}));
  }

  function applyLang() {
    document.documentElement.lang = t('lang.tag');
    document.title = t('title');
    const sub = document.getElementById('brand-sub');
    if (sub) sub.textContent = t('brand.sub');
  }

  function setLang(l) {
    lang = l;
    try {
      localStorage.setItem(LANG_KEY, l);
    } catch (e) {
      // private mode: the choice lasts for this page only
    }
    applyLang();
    if (lastBanner) decisionBanner(lastBanner.state, lastBanner.what, lastBanner.retry);
    if (offline) setOffline();
    render();
  }

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
      if (k === 'text') append(node, [v]);
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else if (k === 'style') Object.assign(node.style, v);
      else node.setAttribute(k, v === true ? '' : String(v));
    }
  }

  function append(node, children) {
    for (const c of [children].flat(Infinity)) {
      if (c === undefined || c === null || c === false) continue;
      node.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  // ---- numbers --------------------------------------------------------

  // cents reads an amount string ("1234567.89") as a whole number of 分,
  // never through a float.
  function cents(s) {
    let str = String(s === null || s === undefined || s === '' ? '0' : s).trim();
    const neg = str.startsWith('-');
    if (neg) str = str.slice(1);
    const [i, f = ''] = str.split('.');
    const v = BigInt(i || '0') * 100n + BigInt((f + '00').slice(0, 2));
    return neg ? -v : v;
  }

  function group(digits) {
    return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  }

  // amountOf writes a number of 分 as an amount string with two decimals.
  function amountOf(c) {
    const neg = c < 0n;
    const a = neg ? -c : c;
    return (neg ? '-' : '') + (a / 100n).toString() + '.' + (a % 100n).toString().padStart(2, '0');
  }

  // money formats an amount string with thousands separators, exact.
  function money(s) {
    if (s === null || s === undefined || s === '') return '—';
    const [i, f] = String(s).split('.');
    return group(i) + (f !== undefined ? '.' + f : '');
  }

  // scaled writes c 分 in a unit of `unit` 分, two decimals, half away
  // from zero.
  function scaled(c, unit) {
    const neg = c < 0n;
    const a = neg ? -c : c;
    const q = (a * 100n + unit / 2n) / unit;
    return (neg ? '-' : '') + group((q / 100n).toString()) + '.' + (q % 100n).toString().padStart(2, '0');
  }

  const WAN = 1000000n; // 1 万元 in 分
  const YI = 10000000000n; // 1 亿元 in 分

  function currencyUnit(cur) {
    return !cur || cur === 'CNY' ? '元' : ' ' + cur;
  }

  // wanParts: an amount in 万元, or 亿元 from 1 亿, for reading.
  function wanParts(s, cur) {
    const c = cents(s);
    const big = (c < 0n ? -c : c) >= YI;
    return { value: scaled(c, big ? YI : WAN), unit: (big ? '亿' : '万') + currencyUnit(cur) };
  }

  // read is an amount where a person reads it (dashboards, lists):
  // "610.00 万元"; in English as the console always wrote it.
  function read(s, cur) {
    if (s === null || s === undefined) return '—';
    if (lang !== 'zh') return money(s) + (cur ? ' ' + cur : '');
    const p = wanParts(s, cur);
    return p.value + ' ' + p.unit.trim();
  }

  // exact is an amount where a person checks it: to the 分.
  function exact(s, cur) {
    if (s === null || s === undefined) return '—';
    if (lang !== 'zh') return money(s) + (cur ? ' ' + cur : '');
    return money(s) + ' ' + currencyUnit(cur).trim();
  }

  // sumText writes per-currency sums of 分 for a KPI.
  function sumText(sums) {
    const entries = Object.entries(sums);
    if (entries.length === 0) return lang === 'zh' ? '0.00 万元' : '0';
    return entries.map(([cur, c]) => (lang === 'zh' ? read(amountOf(c), cur) : compact(Number(c) / 100) + ' ' + cur)).join(' · ');
  }

  function sumBy(list, field, into) {
    const sums = into || {};
    for (const c of list) sums[c.currency] = (sums[c.currency] || 0n) + cents(c[field]);
    return sums;
  }

  // compact is for chart axes and bars: 12345678 → "12.3m", or "1234.6万".
  function compact(n) {
    const a = Math.abs(n);
    const short = (v, digits) => v.toFixed(digits).replace(/\.0+$/, '');
    if (lang === 'zh') {
      if (a >= 1e8) return short(n / 1e8, a >= 1e9 ? 0 : 1) + '亿';
      if (a >= 1e4) return short(n / 1e4, a >= 1e5 ? 0 : 1) + '万';
      return String(Math.round(n));
    }
    if (a >= 1e9) return short(n / 1e9, a >= 1e10 ? 0 : 1) + 'bn';
    if (a >= 1e6) return short(n / 1e6, a >= 1e7 ? 0 : 1) + 'm';
    if (a >= 1e3) return short(n / 1e3, a >= 1e4 ? 0 : 1) + 'k';
    return String(Math.round(n));
  }

  function compactMoney(n, cur) {
    return lang === 'zh' ? compact(n) + currencyUnit(cur).trim() : compact(n) + ' ' + cur;
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

  function clock(d) {
    return d ? d.toTimeString().slice(0, 8) : '';
  }

  // ---- API ------------------------------------------------------------

  function token() {
    return sessionStorage.getItem(TOKEN_KEY) || '';
  }

  // request sends one request; a lost answer (no connection) is an error
  // with network set.
  async function request(method, path, body, extra) {
    const headers = Object.assign({ Authorization: 'Bearer ' + token(), Accept: 'application/json' }, extra || {});
    const init = { method, headers, cache: 'no-store' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    try {
      return await fetch(path, init);
    } catch (e) {
      const err = new Error(e && e.message ? e.message : 'network error');
      err.network = true;
      throw err;
    }
  }

  async function answer(res) {
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
      err.server = res.status >= 500;
      throw err;
    }
    return doc;
  }

  async function api(method, path, body, extra) {
    return answer(await request(method, path, body, extra));
  }

  // etagCache keeps the last document and ETag of each path read with
  // getDoc: a poll sends If-None-Match and a 304 reuses the document.
  const etagCache = new Map();

  async function getDoc(path) {
    const cached = etagCache.get(path);
    const res = await request('GET', path, undefined, cached ? { 'If-None-Match': cached.etag } : {});
    if (res.status === 304 && cached) return { doc: cached.doc, changed: false };
    const doc = await answer(res);
    const tag = res.headers.get('ETag');
    if (tag) {
      if (etagCache.size >= 500) etagCache.clear();
      etagCache.set(path, { etag: tag, doc });
    }
    return { doc, changed: true };
  }

  function withQuery(path, q) {
    return path + (path.includes('?') ? '&' : '?') + q;
  }

  // listAll follows the next_after cursor of a list to its end.
  async function listAll(path, key) {
    let items = [];
    let changed = false;
    let after = '';
    for (let i = 0; i < PAGES_MAX; i++) {
      const r = await getDoc(withQuery(path, 'limit=500' + (after ? '&after=' + encodeURIComponent(after) : '')));
      changed = changed || r.changed;
      items = items.concat(r.doc[key]);
      if (!r.doc.next_after) break;
      after = r.doc.next_after;
    }
    return { items, changed };
  }

  // pageOf reads one page of PAGE_ROWS through the API's cursor. With
  // several statuses it reads a page of each after the same cursor and
  // merges them by id (the lists' order), so "open" pages like one list.
  async function pageOf(path, key, statuses, after) {
    const parts = statuses ? statuses.map((s) => '&status=' + encodeURIComponent(s)) : [''];
    let items = [];
    let changed = false;
    let more = false;
    for (const part of parts) {
      const r = await getDoc(withQuery(path, 'limit=' + PAGE_ROWS + (after ? '&after=' + encodeURIComponent(after) : '') + part));
      changed = changed || r.changed;
      items = items.concat(r.doc[key]);
      if (r.doc.next_after) more = true;
    }
    if (parts.length > 1) items.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    if (items.length > PAGE_ROWS) {
      more = true;
      items = items.slice(0, PAGE_ROWS);
    }
    return { items, changed, next: more && items.length ? items[items.length - 1].id : null };
  }

  // sortedPageOf is pageOf in a server order (sort: 'amount', '-date',
  // ...). The cursor is the server's, opaque; with several statuses it is
  // one per status ({status: next_after}, false once a status ended): the
  // page merges each status's page in the same order, and each status's
  // cursor after what the page took of it is asked of the server (a page
  // of that many from its cursor), never made up here.
  async function sortedPageOf(path, key, statuses, cursor, sort, keyOf) {
    const parts = statuses || [''];
    const from = cursor || {};
    let changed = false;
    const read = async (s, after, limit) => {
      const q = 'limit=' + limit + '&sort=' + encodeURIComponent(sort) + (s ? '&status=' + encodeURIComponent(s) : '') +
        (after ? '&after=' + encodeURIComponent(after) : '');
      const r = await getDoc(withQuery(path, q));
      changed = changed || r.changed;
      return r.doc;
    };
    const docs = [];
    for (const s of parts) docs.push(from[s] === false ? { [key]: [], next_after: null } : await read(s, from[s], PAGE_ROWS));
    const m = window.techcreditSort.merge(docs.map((d) => d[key]), sort, keyOf, PAGE_ROWS);
    const next = {};
    let more = false;
    for (let i = 0; i < parts.length; i++) {
      const s = parts[i];
      const all = docs[i][key].length;
      const took = m.taken[i];
      if (took === all) next[s] = docs[i].next_after || false;
      else if (took === 0) next[s] = from[s] || '';
      else next[s] = (await read(s, from[s], took)).next_after || false;
      if (next[s] !== false) more = true;
    }
    return { items: m.items, changed, next: more && m.items.length ? next : null };
  }

  // sortHeader is a column header whose button sorts the list by by
  // (ascending, descending, back to the list's own order); aria-sort says
  // the order shown.
  function sortHeader(st, by, label, again, what) {
    const aria = window.techcreditSort.ariaSort(st.sort || '', by);
    const arrow = aria === 'ascending' ? ' ↑' : aria === 'descending' ? ' ↓' : '';
    return el('th', { scope: 'col', 'aria-sort': aria },
      el('button', { type: 'button', class: 'sort', 'data-sort': by, title: t('sort.by', what || label), text: label + arrow,
        onclick: () => { Object.assign(st, { sort: window.techcreditSort.nextSort(st.sort || '', by), cursors: [''], page: 0 }); again(); } }));
  }

  function claimSortKey(c, by) {
    return by === 'amount' ? c.payable : (c.opened_at || '').slice(0, 10);
  }

  function claimPath(id) {
    const slash = id.indexOf('/');
    return '/v1/claims/' + encodeURIComponent(id.slice(0, slash)) + '/' + encodeURIComponent(id.slice(slash + 1));
  }

  // randomKey is an Idempotency-Key: 128 random bits (getRandomValues works
  // without a secure context, randomUUID does not).
  function randomKey() {
    const b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return 'console-' + Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  }

  // ---- shell: header, banners, live state ------------------------------

  let toastTimer = null;
  function toast(content, kind) {
    const tn = document.getElementById('toast');
    clear(tn);
    append(tn, [content]);
    tn.className = 'toast ' + (kind || 'ok');
    tn.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { tn.hidden = true; }, 6000);
  }

  let lastSync = null;
  let offline = false;

  function setLive(state) {
    const live = document.getElementById('live');
    if (!live) return;
    live.className = 'live live-' + state;
    live.setAttribute('data-live', state);
    live.textContent = state === 'synced' ? t('live.synced', clock(lastSync)) : state === 'refreshing' ? t('live.refreshing') : t('live.offline');
  }

  function setOnline() {
    lastSync = new Date();
    offline = false;
    const b = document.getElementById('offline-banner');
    if (b) b.hidden = true;
    setLive('synced');
  }

  function setOffline() {
    offline = true;
    const b = document.getElementById('offline-banner');
    clear(b);
    b.appendChild(el('span', { text: t('net.offline', clock(lastSync)) }));
    b.appendChild(el('button', { type: 'button', id: 'retry', text: t('net.retry'), onclick: () => (current ? poll(true) : render()) }));
    b.hidden = false;
    setLive('offline');
  }

  // decisionBanner says what became of a decision whose answer was lost;
  // what is a function, so that a change of language rewrites it.
  let lastBanner = null;
  function decisionBanner(state, what, retry) {
    lastBanner = { state, what, retry };
    const b = document.getElementById('decision-banner');
    clear(b);
    b.setAttribute('data-state', state);
    b.className = 'banner banner-' + (state === 'recorded' ? 'ok' : 'warn');
    b.appendChild(el('span', { text: t('net.' + state, what()) }));
    if (retry) {
      b.appendChild(el('button', { type: 'button', id: 'retry-decision', text: t('net.retry_decision'), onclick: () => { hideDecisionBanner(); retry(); } }));
    }
    b.appendChild(el('button', { type: 'button', class: 'link', text: t('net.dismiss'), onclick: hideDecisionBanner }));
    b.hidden = false;
  }

  function hideDecisionBanner() {
    lastBanner = null;
    const b = document.getElementById('decision-banner');
    b.hidden = true;
    clear(b);
  }

  function setMe(doc) {
    me = doc;
    const server = Date.parse(doc.now || '');
    skewMs = Number.isFinite(server) ? server - Date.now() : 0;
  }

  // serverNow is the server's clock now as an input's `at` in China's
  // offset (+08:00) and that local date (for filed_on and the like).
  function serverNow() {
    const d = new Date(Date.now() + skewMs + 8 * 3600 * 1000);
    const iso = d.toISOString().slice(0, 19);
    return { at: iso + '+08:00', date: iso.slice(0, 10) };
  }

  // sendEvent posts one input through POST /v1/events (the caller's token
  // sets its source). The caller keeps input (its id and at) for a retry,
  // so that a retry after a lost answer is a duplicate, never a second
  // input. It resolves {done, result} when applied, {done: false, code,
  // message} when refused or rejected.
  async function sendEvent(input) {
    try {
      // The source is the caller's own (an admin's input needs it named).
      const res = await api('POST', '/v1/events', Object.assign({ source: me.subject }, input));
      setOnline();
      const r = (res.results || [])[0] || {};
      if (r.status === 'applied' || (r.status === 'duplicate' && !r.code)) return { done: true, result: r };
      return { done: false, code: r.code || '', message: r.message || '' };
    } catch (e) {
      if (e.network || e.server) setOffline();
      if (e.status === 401) {
        signOut();
        return { done: true };
      }
      return { done: false, code: e.code || '', message: e.message };
    }
  }

  // codeText is a reject or error code as a sentence of the user's
  // language (i18n 'code.<code>'), with the API's message as data.
  function codeText(code, message) {
    return el('span', {}, code && known('code', code) ? t('code.' + code) : raw(code || ''),
      message ? el('span', { class: 'muted small code-message' }, ' ', raw(message)) : null);
  }

  // can: a view of the role's navigation, or a detail view (a feature
  // view's detail: [roles], such as one claim's page) reached by a link.
  function can(view) {
    return !!me && ((NAV[me.role] || []).some(([v]) => v === view) ||
      VIEWS.some((v) => v.name === view && (v.detail || []).includes(me.role)));
  }

  function shell(active) {
    const nav = document.getElementById('nav');
    const who = document.getElementById('who');
    nav.setAttribute('aria-label', t('nav.label'));
    clear(nav);
    clear(who);
    const other = lang === 'zh' ? 'en' : 'zh';
    const langButton = el('button', { class: 'link lang', id: 'lang-switch', type: 'button', lang: I18N[other]['lang.tag'],
      'data-lang': other, 'aria-label': t('lang.switch.label'), text: t('lang.switch'), onclick: () => setLang(other) });
    if (!me) {
      who.appendChild(langButton);
      return;
    }
    for (const [v, key] of NAV[me.role] || []) {
      nav.appendChild(el('a', { href: '#/' + v, class: v === active ? 'active' : '', 'data-nav': v, text: t(key),
        'aria-current': v === active ? 'page' : null }));
    }
    who.appendChild(el('span', { class: 'live', id: 'live' }));
    who.appendChild(el('span', { class: 'role role-' + me.role, text: termText('role', me.role) }));
    who.appendChild(raw(me.name, { class: 'subject', id: 'subject' }));
    who.appendChild(langButton);
    who.appendChild(el('button', { class: 'link', id: 'signout', type: 'button', onclick: signOut, text: t('signout') }));
    if (lastSync) setLive(offline ? 'offline' : 'synced');
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
    main.removeAttribute('aria-busy');
  }

  function failure(main, err) {
    if (err.status === 401) {
      signOut();
      return;
    }
    if (err.network || err.server) setOffline();
    clear(main);
    main.appendChild(el('div', { class: 'panel error', role: 'alert' },
      el('strong', { text: t('view.failed') }), raw(err.message)));
    loaded(main);
  }

  function signOut() {
    sessionStorage.removeItem(TOKEN_KEY);
    me = null;
    current = null;
    // Nothing of the last user stays on the page for the next one.
    const tn = document.getElementById('toast');
    clearTimeout(toastTimer);
    tn.hidden = true;
    clear(tn);
    hideDecisionBanner();
    const ob = document.getElementById('offline-banner');
    ob.hidden = true;
    clear(ob);
    offline = false;
    etagCache.clear();
    pendingKeys.clear();
    riskCache = null;
    lastSync = null;
    Object.assign(pipelineState, { sector: '', stage: '', cursors: [''], page: 0, search: '', sort: '' });
    Object.assign(claimState, { filter: 'open', cursors: [''], page: 0, search: '' });
    for (const v of VIEWS) if (v.reset) v.reset();
    if (location.hash !== '#/') location.hash = '#/';
    else render();
  }

  // ---- views and live updates -------------------------------------------

  // current is the view on screen: load reads its documents (conditional
  // GETs), draw builds it; a poll redraws it when a document changed.
  let current = null;
  let polling = false;

  async function show(seq, name, active, load, draw) {
    shell(active);
    const main = view(name);
    main.setAttribute('aria-busy', 'true');
    main.appendChild(el('p', { class: 'muted loading', text: t('loading') }));
    let data;
    try {
      data = await load();
    } catch (e) {
      if (seq === renderSeq) failure(main, e);
      return;
    }
    if (seq !== renderSeq) return;
    setOnline();
    current = { seq, load, draw, main };
    clear(main);
    draw(main, data);
    loaded(main);
  }

  function dialogOpen() {
    return !!document.querySelector('dialog[open]');
  }

  // poll re-reads the current view's documents; it waits while a dialog is
  // open or the tab is hidden, and redraws only what changed.
  async function poll(force) {
    if (!current || polling || (!force && (document.hidden || dialogOpen()))) return;
    const c = current;
    polling = true;
    setLive('refreshing');
    try {
      const data = await c.load();
      if (c !== current || c.seq !== renderSeq) return;
      setOnline();
      if (data.changed && !dialogOpen()) redraw(c, data);
    } catch (e) {
      if (e.status === 401) {
        signOut();
        return;
      }
      if (c === current) setOffline();
    } finally {
      polling = false;
    }
  }

  function redraw(c, data) {
    const y = window.scrollY;
    const active = document.activeElement;
    const focus = active && active.getAttribute ? active.getAttribute('data-focus') : null;
    clear(c.main);
    c.draw(c.main, data);
    loaded(c.main);
    window.scrollTo(0, y);
    if (focus) {
      const n = c.main.querySelector('[data-focus="' + focus + '"]');
      if (n) n.focus();
    }
  }

  setInterval(() => {
    // A view that could not load at all is tried again while the server is away.
    if (!current && offline && token() && !document.hidden) render();
    else poll(false);
  }, POLL_MS);
  document.addEventListener('visibilitychange', () => { if (!document.hidden) poll(false); });

  // ---- sign in --------------------------------------------------------

  function renderSignIn(message) {
    current = null;
    shell('');
    const main = view('signin');
    const input = el('input', { id: 'token', type: 'password', autocomplete: 'off', placeholder: t('signin.placeholder'), required: true });
    const err = el('p', { class: 'form-error', id: 'signin-error', role: 'alert', text: message || '' });
    const form = el('form', { class: 'signin panel', onsubmit: async (ev) => {
      ev.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, input.value.trim());
      try {
        setMe(await api('GET', '/v1/me'));
      } catch (e) {
        sessionStorage.removeItem(TOKEN_KEY);
        err.textContent = e.status === 401 ? t('signin.invalid') : e.message;
        return;
      }
      const first = (NAV[me.role] || [['programs']])[0][0];
      if (location.hash === '#/' + first) render();
      else location.hash = '#/' + first;
    } },
    el('h1', { text: t('signin.title') }),
    el('p', { class: 'muted', text: t('signin.hint') }),
    el('label', { for: 'token', text: t('signin.token') }), input,
    el('button', { id: 'signin-btn', type: 'submit', class: 'primary', text: t('signin.button') }), err);
    main.appendChild(form);
    loaded(main);
    input.focus();
  }

  // ---- claims ---------------------------------------------------------

  const CLAIM_FILTERS = [
    ['open', ['pending', 'awaiting_second_approval']],
    ['dossier', ['awaiting_documents', 'submitted']], // claim review (SPEC §12)
    ['queued', ['queued']],
    ['paid', ['paid']],
    ['rejected', ['rejected']],
    ['all', null],
  ];
  const claimState = { filter: 'open', cursors: [''], page: 0, search: '', sort: '', borrower: '' };

  function isOpen(c) {
    return c.status === 'pending' || c.status === 'awaiting_second_approval';
  }

  async function loadClaims() {
    const statuses = CLAIM_FILTERS.find(([k]) => k === claimState.filter)[1];
    const pending = await listAll('/v1/claims?status=pending', 'claims');
    const awaiting = await listAll('/v1/claims?status=awaiting_second_approval', 'claims');
    const queued = await listAll('/v1/claims?status=queued', 'claims');
    let changed = pending.changed || awaiting.changed || queued.changed;
    let paid;
    if (me.role === 'bank') {
      const p = await listAll('/v1/claims?status=paid', 'claims');
      changed = changed || p.changed;
      paid = sumBy(queued.items, 'paid', sumBy(p.items, 'paid'));
    } else {
      const p = await getDoc('/v1/programs');
      changed = changed || p.changed;
      paid = sumBy(p.doc.programs, 'paid');
    }
    // One enterprise's claims come from the server (its borrower index).
    const path = claimState.borrower ? '/v1/claims?borrower=' + encodeURIComponent(claimState.borrower) : '/v1/claims';
    const cursor = claimState.cursors[claimState.page];
    const page = claimState.sort ? await sortedPageOf(path, 'claims', statuses, cursor, claimState.sort, claimSortKey)
      : await pageOf(path, 'claims', statuses, cursor);
    return { changed: changed || page.changed, open: pending.items.concat(awaiting.items), queued: queued.items, paid, page };
  }

  function drawClaims(main, d) {
    main.appendChild(el('div', { class: 'title-row' },
      el('h1', { text: me.role === 'bank' ? t('claims.title.bank') : t('claims.title') }),
      exportButtons('claims', ''),
      el('div', { class: 'chips', role: 'group', 'aria-label': t('claims.filter.label') },
        CLAIM_FILTERS.map(([key]) => el('button', {
          type: 'button', class: 'chip' + (key === claimState.filter ? ' on' : ''), 'data-filter': key, text: t('filter.' + key),
          'aria-pressed': key === claimState.filter ? 'true' : 'false',
          onclick: () => { Object.assign(claimState, { filter: key, cursors: [''], page: 0 }); render(); },
        })))));
    main.appendChild(el('div', { class: 'kpis' },
      kpi(t('kpi.open'), t('count', d.open.length)),
      kpi(t('kpi.open_payable'), sumText(sumBy(d.open, 'payable'))),
      kpi(t('kpi.owed'), sumText(sumBy(d.queued, 'owed'))),
      kpi(t('kpi.paid'), sumText(d.paid))));
    main.appendChild(borrowerFilter(claimState, 'claims', render));
    // The finance queue by due date (decide_by), the most urgent first;
    // claims without a deadline keep their order after them. A server
    // order chosen in a column header stands as the server gives it.
    const items = me.role === 'finance' && !claimState.sort ? d.page.items.slice().sort((a, b) => dueKey(a).localeCompare(dueKey(b))) : d.page.items;
    const table = claimsTable(items, me.role === 'finance', claimState, render);
    pagedList(main, claimState, 'claims', d.page, table);
  }

  // borrowerFilter asks the server for one enterprise's documents of a
  // list (?borrower=, its index), not a filter over the page.
  function borrowerFilter(st, name, again) {
    const box = el('input', { type: 'search', id: name + '-borrower', 'data-focus': name + '-borrower', value: st.borrower, autocomplete: 'off',
      placeholder: t('loans.borrower.placeholder') });
    return el('form', { class: 'filters', id: name + '-borrower-form', onsubmit: (ev) => {
      ev.preventDefault();
      Object.assign(st, { borrower: box.value.trim(), cursors: [''], page: 0 });
      again();
    } }, el('label', { for: name + '-borrower', text: t('loans.borrower') }), box,
    el('button', { type: 'submit', class: 'ghost', 'data-show-borrower': name, text: t(name + '.borrower.show') }),
    st.borrower ? el('button', { type: 'button', class: 'link', text: t(name + '.borrower.clear'),
      onclick: () => { Object.assign(st, { borrower: '', cursors: [''], page: 0 }); again(); } }) : null);
  }

  // listTools is the filter box over the rows of the page and the pager.
  function listTools(st, name, page, list, again) {
    const box = el('input', { type: 'search', class: 'search', id: name + '-search', 'data-focus': name + '-search', value: st.search,
      placeholder: t(known(name, 'search.placeholder') ? name + '.search.placeholder' : 'pipeline.search.placeholder'),
      oninput: (ev) => { st.search = ev.target.value; applySearch(list, st.search); } });
    return el('div', { class: 'list-tools' },
      el('label', { class: 'search-label' }, t(known(name, 'search') ? name + '.search' : 'pipeline.search'), box),
      pager(st, page, again, 'top'));
  }

  // pagedList draws a page of a list (list: its table or cards) between
  // its tools (the filter box, the pager) and a pager below, filtered by
  // the search kept in its state st.
  function pagedList(main, st, name, page, list) {
    main.appendChild(listTools(st, name, page, list, render));
    main.appendChild(list);
    main.appendChild(pager(st, page, render, 'bottom'));
    applySearch(list, st.search);
  }

  // applySearch hides the rows (or cards) of the page that do not hold the
  // text; the server-side search comes with the read model.
  function applySearch(list, text) {
    const q = (text || '').trim().toLowerCase();
    let shown = 0;
    for (const row of list.querySelectorAll('[data-search-row]')) {
      const hit = !q || row.textContent.toLowerCase().includes(q);
      row.hidden = !hit;
      if (hit) shown++;
    }
    const none = list.querySelector('.search-none');
    if (none) none.hidden = shown > 0 || !q;
  }

  function pager(st, page, again, where) {
    const prev = el('button', { type: 'button', class: 'pager-prev', 'data-page': 'prev', text: t('pager.prev'), disabled: st.page === 0,
      onclick: () => { st.page--; again(); } });
    const next = el('button', { type: 'button', class: 'pager-next', 'data-page': 'next', text: t('pager.next'), disabled: !page.next,
      onclick: () => { st.cursors[st.page + 1] = page.next; st.cursors.length = st.page + 2; st.page++; again(); } });
    return el('nav', { class: 'pager pager-' + where, 'aria-label': t('pager.label') }, prev,
      el('span', { class: 'muted small', 'data-page-info': st.page + 1, text: t('pager.page', st.page + 1, page.items.length) }), next);
  }

  function kpi(label, value, sub) {
    return el('div', { class: 'kpi' }, el('div', { class: 'kpi-label', text: label }),
      el('div', { class: 'kpi-value', text: value }), sub ? el('div', { class: 'kpi-sub', text: sub }) : null);
  }

  // kpiAmount: the amount to read, with the exact one below it.
  function kpiAmount(label, amount, cur) {
    return lang === 'zh' ? kpi(label, read(amount, cur), exact(amount, cur)) : kpi(label, money(amount), cur);
  }

  function statusBadge(status) {
    return el('span', { class: 'badge st-' + status, 'data-status': status, text: termText('status', status) });
  }

  function partyColor(party, i) {
    return party === 'bank' ? '#64748b' : PARTY_COLORS[i % PARTY_COLORS.length];
  }

  function splitBar(claim) {
    const parties = Object.entries(claim.shares || {});
    const loss = num(claim.loss);
    const bar = el('div', { class: 'split-bar', role: 'img', 'aria-label': t('split.aria') });
    const legend = el('ul', { class: 'split-legend' });
    parties.forEach(([party, amount], i) => {
      const color = partyColor(party, i);
      const w = loss > 0 ? (num(amount) / loss) * 100 : 0;
      bar.appendChild(el('span', { title: termText('party', party) + ' ' + money(amount), style: { width: w + '%', background: color } }));
      legend.appendChild(el('li', {}, el('i', { style: { background: color } }), term('party', party), ' ', el('b', { text: money(amount) })));
    });
    return el('div', { class: 'split' }, bar, legend);
  }

  function dueKey(c) {
    return c.due_by || '9999-12-31';
  }

  // today is the local date, for marking deadlines past: a view may read
  // the clock, the state never does.
  function today() {
    const d = new Date();
    return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');
  }

  // dueNote is a claim's current deadline, marked when it is past.
  function dueNote(c) {
    if (!c.due_by) return null;
    const late = today() > c.due_by;
    return el('div', { class: 'small nowrap ' + (late ? 'overdue' : 'muted'), 'data-due': c.id, 'data-overdue': late ? 'true' : 'false',
      text: t(late ? 'due.overdue' : 'due.by', c.due_by) });
  }

  function detailPath(kind, id) {
    return '#/' + kind + '/' + id.split('/').map(encodeURIComponent).join('/');
  }

  // claimsTable lists claims; whether one needs two approvals is the API's
  // answer (needs_two_approvals: decided at the first approval, foretold
  // before it), never worked out here from the program's threshold. Amounts
  // are exact to the 分: this is where an officer checks them.
  // claimsTable lists claims; with st (and again), the claim and payable
  // headers sort the list on the server (by date, by amount).
  function claimsTable(claims, actions, st, again) {
    if (claims.length === 0) {
      return el('div', { class: 'panel empty', text: t('claims.empty') });
    }
    const head = ['col.claim', 'col.bank', 'col.loss', 'col.split', 'col.payable', 'col.paid', 'col.status'];
    if (actions) head.push('col.actions');
    const sorts = { 'col.claim': 'date', 'col.payable': 'amount' };
    const tbody = el('tbody');
    for (const c of claims) {
      const open = isOpen(c);
      const approvals = c.approvals || [];
      const row = el('tr', { 'data-claim-row': c.id, 'data-search-row': '' },
        el('td', {}, el('a', { href: detailPath('claim', c.id), 'data-claim-link': c.id }, raw(c.id, { class: 'mono nowrap' })),
          el('div', { class: 'borrower' }, raw(c.borrower_name)),
          el('div', { class: 'muted small nowrap', text: (c.opened_at || '').slice(0, 10) }), dueNote(c)),
        el('td', { class: 'nowrap' }, raw(c.bank, { class: 'mono' })),
        el('td', { class: 'num', text: money(c.loss) }),
        el('td', {}, splitBar(c)),
        el('td', { class: 'num strong' }, money(c.payable), c.currency !== 'CNY' || lang !== 'zh' ? el('div', { class: 'muted small', text: c.currency }) : null),
        el('td', { class: 'num' }, money(c.paid), el('div', { class: 'muted small', text: t('owed', money(c.owed)) })),
        el('td', { class: 'status' }, statusBadge(c.status),
          c.needs_two_approvals && open ? el('div', { class: 'muted small', 'data-needs-two': c.id, text: t('needs_two') }) : null,
          approvals.length ? el('div', { class: 'muted small' }, t('approved_by'), approvals.map((a, i) => [i ? ', ' : '', raw(a, { class: 'mono' })])) : null,
          c.reject_reason ? el('div', { class: 'muted small' }, raw(c.reject_reason)) : null));
      tbody.appendChild(row);
      if (!actions) continue;
      const cell = el('td', { class: 'actions' });
      row.appendChild(cell);
      if (!open) continue;
      const amount = exact(c.payable, c.currency);
      if (c.status === 'awaiting_second_approval' && me && approvals.includes(me.subject)) {
        cell.appendChild(el('span', { class: 'waiting', 'data-waiting': c.id, text: t('waiting_second') }));
      } else {
        cell.appendChild(el('button', { type: 'button', class: 'primary', 'data-action': 'approve', 'data-claim': c.id, 'data-focus': 'approve ' + c.id,
          'aria-label': t('approve.aria', c.id, amount), text: t('approve'), onclick: () => confirmDecision(c, 'approve') }));
      }
      cell.appendChild(el('button', { type: 'button', class: 'ghost', 'data-action': 'reject', 'data-claim': c.id, 'data-focus': 'reject ' + c.id,
        'aria-label': t('reject.aria', c.id, amount), text: t('reject'), onclick: () => confirmDecision(c, 'reject') }));
    }
    return el('div', { class: 'panel table-wrap' },
      el('table', { class: 'claims' }, el('thead', {}, el('tr', {}, head.map((h) => st && sorts[h] ? sortHeader(st, sorts[h], t(h), again, t('sort.' + sorts[h] + '.claims'))
        : el('th', { scope: 'col', class: h === 'col.actions' ? 'actions' : null, text: t(h) })))), tbody),
      el('p', { class: 'muted search-none', hidden: true, text: t('claims.search.none') }));
  }

  // ---- decisions: confirmed, idempotent, and checked after a lost answer ---

  // pendingKeys holds the Idempotency-Key of a decision until its answer
  // arrives, so that a retry of the same decision is the same input.
  const pendingKeys = new Map();

  function fact2(label, ...value) {
    return el('div', {}, el('dt', { text: label }), el('dd', {}, value));
  }

  // confirmDecision opens the dialog that names the claim, the bank and the
  // exact amount; Cancel (or Esc) sends nothing, Enter confirms.
  function confirmDecision(c, action) {
    const approvals = c.approvals || [];
    let note = null;
    if (action === 'approve') {
      if (c.needs_two_approvals && approvals.length === 0) note = t('confirm.approve.two_first');
      else if (c.needs_two_approvals) note = t('confirm.approve.two_second', approvals.map((a, i) => [i ? ', ' : '', raw(a)]));
      else note = t('confirm.approve.pays');
    }
    confirmMoney({ id: c.id, title: t('confirm.' + action + '.title'), okText: t('confirm.' + action + '.button'), danger: action !== 'approve',
      okAttrs: { 'data-action': 'confirm-' + action, 'data-claim': c.id }, dialogAttrs: { 'data-claim': c.id, 'data-decision': action },
      facts: [
        [t('confirm.claim'), raw(c.id, { class: 'mono' })],
        [t('confirm.bank'), raw(c.bank, { class: 'mono' })],
        [t('confirm.borrower'), raw(c.borrower_name)],
        [t('confirm.loss'), exact(c.loss, c.currency)],
        [t('confirm.split'), el('ul', { class: 'confirm-split' }, Object.entries(c.shares || {}).map(([party, amount]) =>
          el('li', {}, term('party', party), ' ', el('b', { text: exact(amount, c.currency) }))))]],
      amountLabel: t('confirm.payable'), amount: c.payable, currency: c.currency, note, reason: action === 'reject',
      send: (body) => decide(c, action, body),
      // Focus goes back to the button that opened the dialog.
      closed: () => {
        const back = document.querySelector('[data-focus="' + action + ' ' + c.id + '"]');
        if (back) back.focus();
      } });
  }

  // decide sends the decision with its Idempotency-Key. After a lost answer
  // (no connection, or the server failed) it re-reads the claim and says
  // whether the decision was recorded; the retry reuses the key.
  async function decide(c, action, body) {
    const k = c.id + ' ' + action;
    if (!pendingKeys.has(k)) pendingKeys.set(k, randomKey());
    const key = pendingKeys.get(k);
    const what = () => t('what.' + action, raw(c.id), exact(c.payable, c.currency));
    try {
      const res = await api('POST', claimPath(c.id) + '/' + action, body, { 'Idempotency-Key': key });
      pendingKeys.delete(k);
      hideDecisionBanner();
      setOnline();
      // claim is null when the decision is journaled but the read model lags
      // (views_lag): the decision stands, the queue catches up by itself.
      toast(res.claim ? t('decided.' + action, raw(c.id), termText('status', res.claim.status)) : t('decided.lag', raw(c.id)), 'ok');
      return { done: true };
    } catch (e) {
      if (e.network || e.server) {
        const state = await recorded(c, action);
        if (state === 'recorded') pendingKeys.delete(k);
        decisionBanner(state, what, state === 'recorded' ? null : () => retryDecision(c, action, body));
        if (state === 'unknown') setOffline();
        return { done: true };
      }
      pendingKeys.delete(k); // a refusal is final: the same key would answer it again
      if (e.status === 401) {
        signOut();
        return { done: true };
      }
      return { done: false, message: e.message + (e.code ? ' (' + e.code + ')' : '') };
    }
  }

  async function retryDecision(c, action, body) {
    const outcome = await decide(c, action, body);
    if (!outcome.done) toast(outcome.message, 'error');
    poll(true);
  }

  // recorded re-reads the claim: "recorded" when it holds the caller's
  // decision, "not_recorded" when it does not, "unknown" when it cannot be
  // read.
  async function recorded(c, action) {
    try {
      const doc = await api('GET', claimPath(c.id));
      const done = action === 'approve' ? (doc.approvals || []).includes(me.subject) : doc.status === 'rejected';
      return done ? 'recorded' : 'not_recorded';
    } catch (e) {
      return 'unknown';
    }
  }

  // ---- programs -------------------------------------------------------

  function leverageGauge(p) {
    const lev = p.leverage === null ? null : num(p.leverage);
    const max = p.max_leverage === null || p.max_leverage === undefined ? null : num(p.max_leverage);
    const share = lev !== null && max ? Math.min(lev / max, 1) : 0;
    const level = share >= 0.9 ? 'hot' : share >= 0.7 ? 'warm' : 'cool';
    const track = max === null
      ? el('div', { class: 'gauge-track nolimit', 'data-no-limit': p.id, role: 'img',
        'aria-label': t('leverage') + ' ' + (lev === null ? t('leverage.empty') : ratio(p.leverage)) + ', ' + t('leverage.no_limit') },
      el('span', { class: 'gauge-nolimit', text: t('leverage.no_limit') }))
      : el('div', { class: 'gauge-track', role: 'meter', 'aria-label': t('leverage.aria'), 'aria-valuenow': lev === null ? 0 : lev,
        'aria-valuemin': 0, 'aria-valuemax': max },
      el('div', { class: 'gauge-fill ' + level, style: { width: (share * 100).toFixed(1) + '%' } }),
      el('div', { class: 'gauge-ticks' }, [0.25, 0.5, 0.75].map((x) => el('i', { style: { left: x * 100 + '%' } }))));
    return el('div', { class: 'gauge' },
      el('div', { class: 'gauge-head' },
        el('span', { text: t('leverage') }),
        el('b', { text: lev === null ? t('leverage.empty') : ratio(p.leverage) }),
        el('span', { class: 'muted', text: max === null ? t('leverage.no_limit') : t('leverage.limit', ratio(p.max_leverage)) })),
      track,
      el('div', { class: 'gauge-foot muted' },
        el('span', { text: t('covered_outstanding', read(p.covered_outstanding, p.currency)) }),
        el('span', { text: p.headroom === null ? '' : t('headroom', read(p.headroom, p.currency)) })));
  }

  // gauge is a multiple (a leverage) against its limit, drawn like the
  // pool's: opts {id, label, value (ratio string or null), limit (ratio
  // string), empty (text when value is null), foot: [nodes]}. The fill is
  // value ÷ limit of the track (0.42× of 10× fills 4.2%).
  function gauge(opts) {
    const v = opts.value === null || opts.value === undefined ? null : num(opts.value);
    const max = num(opts.limit);
    const share = v !== null && max > 0 ? Math.min(v / max, 1) : 0;
    const level = share >= 0.9 ? 'hot' : share >= 0.7 ? 'warm' : 'cool';
    return el('div', { class: 'gauge', id: opts.id, 'data-value': opts.value === null ? '' : opts.value, 'data-limit': opts.limit,
      'data-share': share.toFixed(4) },
    el('div', { class: 'gauge-head' },
      el('span', { text: opts.label }),
      el('b', { class: 'gauge-value', text: v === null ? opts.empty : ratio(opts.value) }),
      el('span', { class: 'muted', text: t('leverage.limit', ratio(opts.limit)) })),
    el('div', { class: 'gauge-track', role: 'meter', 'aria-label': opts.label, 'aria-valuenow': v === null ? 0 : v, 'aria-valuemin': 0, 'aria-valuemax': max },
      el('div', { class: 'gauge-fill ' + level, style: { width: (share * 100).toFixed(1) + '%' } }),
      el('div', { class: 'gauge-ticks' }, [0.25, 0.5, 0.75].map((x) => el('i', { style: { left: x * 100 + '%' } })))),
    el('div', { class: 'gauge-foot muted' }, opts.foot || []));
  }

  function claimsByStatus(p) {
    const entries = Object.entries(p.claims_by_status || {}).filter(([, n]) => n > 0);
    if (entries.length === 0) return el('div', { class: 'muted small', text: t('claims.none_yet') });
    return el('div', { class: 'chips' }, entries.map(([st, n]) => el('span', { class: 'badge st-' + st, text: n + ' ' + termText('status', st) })));
  }

  function bigAmount(amount, cur) {
    if (lang !== 'zh') return el('div', { class: 'big' }, money(amount), el('span', { class: 'unit', text: ' ' + cur }));
    const w = wanParts(amount, cur);
    return el('div', { class: 'big', title: exact(amount, cur) }, w.value, el('span', { class: 'unit', text: ' ' + w.unit.trim() }));
  }

  async function loadPrograms() {
    return getDoc('/v1/programs');
  }

  function drawPrograms(main, d) {
    main.appendChild(el('div', { class: 'title-row' }, el('h1', { class: 'page-title', text: t('programs.title') }),
      exportButtons('pool', '')));
    const grid = el('div', { class: 'cards' });
    for (const p of d.doc.programs) {
      grid.appendChild(el('a', { class: 'card program-card', href: '#/programs/' + encodeURIComponent(p.id), 'data-program': p.id },
        el('div', { class: 'card-head' }, el('h2', {}, raw(p.name || p.id)), term('kind', p.kind, { class: 'pill' })),
        el('div', { class: 'muted small mono' }, raw(p.id), lang === 'zh' && p.currency === 'CNY' ? null : ' · ' + p.currency),
        bigAmount(p.pool_balance, p.currency),
        el('div', { class: 'muted small', text: t('pool_balance') }),
        leverageGauge(p),
        el('dl', { class: 'facts' },
          fact(t('funded'), read(p.funded, p.currency)), fact(t('paid_out'), read(p.paid, p.currency)), fact(t('owed.label'), read(p.owed, p.currency)),
          fact(t('loans'), t('loans.covered', p.covered_loans, p.loans))),
        claimsByStatus(p)));
    }
    main.appendChild(grid);
  }

  function fact(label, value) {
    return el('div', {}, el('dt', { text: label }), el('dd', { text: value }));
  }

  // riskCache keeps the program's adequacy report for the visit: the
  // simulation is not re-run by every poll.
  let riskCache = null;
  const programClaimState = { id: '', cursors: [''], page: 0, search: '' };

  function loadProgram(id) {
    return async () => {
      const p = await getDoc('/v1/programs/' + encodeURIComponent(id));
      let all = null;
      let page = null;
      let changed = p.changed;
      if (can('claims')) {
        all = await listAll('/v1/claims?program=' + encodeURIComponent(id), 'claims');
        page = await pageOf('/v1/claims?program=' + encodeURIComponent(id), 'claims', null, programClaimState.cursors[programClaimState.page]);
        changed = changed || all.changed || page.changed;
      }
      return { changed, p: p.doc, claims: all && all.items, page };
    };
  }

  function drawProgram(main, d) {
    const p = d.p;
    const cur = p.currency;
    main.appendChild(el('div', { class: 'crumbs' }, el('a', { href: '#/programs', text: t('program.crumb') }), ' / ', raw(p.id)));
    main.appendChild(el('div', { class: 'title-row' },
      el('h1', {}, raw(p.name || p.id)),
      term('kind', p.kind, { class: 'pill' }),
      p.dual_approval_threshold ? el('span', { class: 'muted small', text: t('program.two_from', exact(p.dual_approval_threshold, cur)) }) : null,
      exportButtons('pool', 'program=' + encodeURIComponent(p.id)), exportButtons('claims', 'program=' + encodeURIComponent(p.id))));
    main.appendChild(el('div', { class: 'kpis' },
      kpiAmount(t('kpi.pool_balance'), p.pool_balance, cur),
      kpiAmount(t('funded'), p.funded, cur),
      kpiAmount(t('paid_out'), p.paid, cur),
      kpiAmount(t('owed.label'), p.owed, cur),
      kpiAmount(t('recovered'), p.recovered, cur)));
    main.appendChild(el('div', { class: 'grid2' },
      el('section', { class: 'panel' }, el('h2', { text: t('program.leverage_title') }), leverageGauge(p),
        el('dl', { class: 'facts' },
          fact(t('covered_loans'), t('loans.covered', p.covered_loans, p.loans)),
          fact(t('covered_outstanding.label'), read(p.covered_outstanding, cur)),
          fact(t('headroom.label'), p.headroom === null ? t('leverage.no_limit') : read(p.headroom, cur)))),
      el('section', { class: 'panel' }, el('h2', { text: t('claims_by_status') }), statusBar(p.claims_by_status || {}), claimsByStatus(p),
        nplTable(p))));
    const chartPanel = el('section', { class: 'panel' }, el('h2', { text: t('chart.title') }));
    if (d.claims === null) {
      chartPanel.appendChild(el('p', { class: 'muted', text: t('chart.hidden') }));
    } else {
      chartPanel.appendChild(el('p', { class: 'muted small', text: t('chart.note') }));
      chartPanel.appendChild(claimsChart(d.claims, num(p.funded), cur));
    }
    main.appendChild(chartPanel);
    if (me.role === 'finance' || me.role === 'admin') {
      const riskPanel = el('section', { class: 'panel risk', id: 'risk-panel', 'data-risk-loaded': 'false' },
        el('h2', { text: t('risk.title') }),
        el('p', { class: 'muted small', text: t('risk.loading') }));
      main.appendChild(riskPanel);
      if (riskCache && riskCache.id === p.id) {
        if (!riskCache.pending) showRisk(riskPanel, riskCache); // else loadRisk fills the panel when the report comes
      } else {
        riskCache = { id: p.id, pending: true };
        loadRisk(current ? current.seq : renderSeq, riskPanel, p); // not awaited: the dashboard does not wait for the simulation
      }
    }
    // Feature views may add a panel to the program page (programPanel(p),
    // a node or null): finance's pool top-up (views/topup.js).
    for (const v of VIEWS) if (v.programPanel) main.appendChild(v.programPanel(p) || document.createTextNode(''));
    if (d.page !== null) {
      main.appendChild(el('h2', { class: 'section', text: t('program.claims') }));
      const table = claimsTable(d.page.items, me.role === 'finance');
      pagedList(main, programClaimState, 'claims', d.page, table);
    }
  }

  function statusBar(byStatus) {
    const order = ['pending', 'awaiting_second_approval', 'queued', 'paid', 'rejected'];
    const total = order.reduce((s, k) => s + (byStatus[k] || 0), 0);
    const bar = el('div', { class: 'status-bar' });
    if (total === 0) return bar;
    for (const k of order) {
      if (!byStatus[k]) continue;
      bar.appendChild(el('span', { class: 'st-fill-' + k, title: byStatus[k] + ' ' + termText('status', k), style: { width: (byStatus[k] / total) * 100 + '%' } }));
    }
    return bar;
  }

  function nplTable(p) {
    const rows = Object.entries(p.bank_npl_ratio || {});
    if (rows.length === 0) return null;
    return el('table', { class: 'mini' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: t('npl.bank') }), el('th', { scope: 'col', class: 'num', text: t('npl.ratio') }))),
      el('tbody', {}, rows.map(([bank, r]) => el('tr', {}, el('td', {}, raw(bank, { class: 'mono' })), el('td', { class: 'num', text: percent(r) })))));
  }

  // claimsChart draws, per month of opening, the payable of the claims
  // opened (bars) and the running total (line), with the funding as a
  // dashed reference line.
  function claimsChart(claims, funded, currency) {
    const W = 760, H = 280, L = 64, R = 24, T = 18, B = 42;
    const live = claims.filter((c) => c.status !== 'rejected' && c.opened_at);
    if (live.length === 0) {
      return el('p', { class: 'muted', text: t('chart.none') });
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
    const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': t('chart.aria'), id: 'claims-chart' });
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
          svg('title', {}, t('chart.bar.title', k, compactMoney(monthly[i], currency)))));
      }
      if (i % every === 0) {
        chart.appendChild(svg('text', { x: sx(i), y: y0 + 18, class: 'axis', 'text-anchor': 'middle' }, k));
      }
    });
    if (funded > 0) {
      chart.appendChild(svg('line', { x1: x0, x2: x1, y1: sy(funded), y2: sy(funded), class: 'funded' }));
      chart.appendChild(svg('text', { x: x1, y: sy(funded) - 6, class: 'axis funded-label', 'text-anchor': 'end' }, t('chart.funded', compactMoney(funded, currency))));
    }
    const d = cumulative.map((v, i) => (i === 0 ? 'M' : 'L') + sx(i).toFixed(1) + ' ' + sy(v).toFixed(1)).join(' ');
    chart.appendChild(svg('path', { d, class: 'line' }));
    cumulative.forEach((v, i) => {
      chart.appendChild(svg('circle', { cx: sx(i), cy: sy(v), r: 3.5, class: 'dot' },
        svg('title', {}, t('chart.dot.title', months[i], compactMoney(v, currency)))));
    });
    chart.appendChild(svg('line', { x1: x0, x2: x1, y1: y0, y2: y0, class: 'baseline' }));
    const legend = el('div', { class: 'legend' },
      el('span', {}, el('i', { class: 'lg-bar' }), t('chart.legend.bar')),
      el('span', {}, el('i', { class: 'lg-line' }), t('chart.legend.line')),
      el('span', {}, el('i', { class: 'lg-funded' }), t('chart.legend.funded')));
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
      riskCache = { id: p.id, error: e.message };
      showRisk(document.getElementById('risk-panel') || panel, riskCache);
      return;
    }
    if (seq !== renderSeq) return;
    riskCache = { id: p.id, report: r };
    showRisk(document.getElementById('risk-panel') || panel, riskCache);
  }

  function showRisk(panel, cached) {
    clear(panel);
    if (cached.error !== undefined) {
      panel.appendChild(el('h2', { text: t('risk.title') }));
      panel.appendChild(el('p', { class: 'muted' }, t('risk.none', ''), raw(cached.error)));
      panel.setAttribute('data-risk-loaded', 'error');
      return;
    }
    renderRisk(panel, cached.report);
    panel.setAttribute('data-risk-loaded', 'true');
  }

  function renderRisk(panel, r) {
    const a = r.assumptions;
    const sim = r.simulation;
    const v = r.vasicek;
    const obs = r.observed;
    const cur = r.currency;
    const count = (n) => n.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US');
    panel.appendChild(el('div', { class: 'title-row risk-head' },
      el('h2', { text: t('risk.title') }),
      el('span', { class: 'pill ' + (r.assumptions_source === 'program' ? '' : 'pill-muted'), 'data-assumptions': r.assumptions_source,
        text: t(r.assumptions_source === 'program' ? 'risk.assumptions.program' : 'risk.assumptions.default', a.version) })));
    const observed = obs.default_rate === null ? '—' : t('risk.observed', probability(obs.default_rate), obs.defaulted_loans, obs.covered_loans);
    panel.appendChild(el('p', { class: 'muted small', text: t('risk.intro', r.portfolio.loans, lang === 'zh' ? read(r.portfolio.ead, cur) : money(r.portfolio.ead) + ' ' + cur,
      a.lgd, a.rho, a.default_pd, observed) }));
    const pk = kpi(t('risk.p_exhaust'), probability(sim.p_exhaust), t('risk.p_exhaust.sub', v ? probability(v.p_exhaust) : '—'));
    pk.setAttribute('data-kpi', 'p-exhaust');
    pk.setAttribute('data-value', String(sim.p_exhaust));
    const el1 = kpi(t('risk.expected_loss'), riskAmount(r.expected_loss.loss, cur), t('risk.expected_loss.sub', riskSub(r.expected_loss.pool_draw, cur)));
    el1.setAttribute('data-kpi', 'expected-loss');
    const q = kpi(t('risk.q999'), riskAmount(sim.draw_q999, cur), v ? t('risk.q999.sub.vasicek', riskSub(v.loss_q999, cur)) : t('risk.q999.sub.sim'));
    q.setAttribute('data-kpi', 'draw-q999');
    const ml = r.max_leverage;
    const lev = kpi(t('risk.max_leverage'), ml.leverage === null ? '—' : ratio(ml.leverage),
      t('risk.max_leverage.sub', ratio(ml.current), ml.program_limit === null ? '' : ratio(ml.program_limit)));
    lev.setAttribute('data-kpi', 'max-leverage');
    panel.appendChild(el('div', { class: 'kpis' }, pk, el1, q, lev));
    panel.appendChild(el('p', { class: 'muted small', text: t('risk.hist.note', count(sim.scenarios)) }));
    panel.appendChild(riskChart(sim, r.portfolio.pool_balance, cur));
    const committed = num(r.portfolio.open_claims_payable) + num(r.portfolio.owed);
    if (committed > 0) {
      panel.appendChild(el('p', { class: 'risk-warn small', 'data-committed': String(committed),
        text: t('risk.committed', exact(r.portfolio.open_claims_payable, cur), num(r.portfolio.owed) > 0 ? exact(r.portfolio.owed, cur) : '') }));
    }
    panel.appendChild(el('div', { class: 'grid2 risk-grid' },
      el('div', {}, el('h3', { text: t('risk.stress') }), stressTable(r.stress, cur)),
      el('div', {}, el('h3', { text: t('risk.fund_leverage') }),
        el('p', { class: 'muted small', text: t('risk.fund_leverage.note') }),
        el('dl', { class: 'facts' },
          fact(t('risk.loans_supported'), read(r.fund_leverage.loans_supported, cur)),
          fact(t('risk.government_money'), read(r.fund_leverage.government_money, cur)),
          fact(t('risk.overall'), ratio(r.fund_leverage.overall)),
          r.fund_leverage.per_funder.map((f) => el('div', {}, el('dt', {}, term('party', f.funder)),
            el('dd', { text: t('risk.per_funder', ratio(f.leverage), compactMoney(num(f.money), cur)) })))))));
  }

  // riskAmount: a model estimate, read in 万元 with the exact figure
  // below it (in English as before: exact).
  function riskAmount(s, cur) {
    return lang === 'zh' ? [read(s, cur), el('div', { class: 'kpi-exact', text: exact(s, cur) })] : money(s);
  }

  function riskSub(s, cur) {
    return lang === 'zh' ? read(s, cur) : money(s);
  }

  function stressTable(stress, cur) {
    if (stress.length === 0) return el('p', { class: 'muted small', text: t('risk.stress.none') });
    const label = (s) => {
      if (!known('stress', s.name)) return raw(s.description);
      const args = { description: s.description, sector: s.sector ? term('sector', s.sector) : null, bank: s.bank ? raw(s.bank, { class: 'mono' }) : null };
      return t('stress.' + s.name, args);
    };
    return el('table', { class: 'mini', id: 'stress-table' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: t('risk.stress.scenario') }), el('th', { scope: 'col', class: 'num', text: t('risk.stress.p') }),
        el('th', { scope: 'col', class: 'num', text: t('risk.stress.q999') }), el('th', { scope: 'col', class: 'num', text: t('risk.stress.mean') }))),
      el('tbody', {}, stress.map((s) => el('tr', { 'data-stress': s.name },
        el('td', {}, label(s)), el('td', { class: 'num', text: probability(s.p_exhaust) }),
        el('td', { class: 'num', text: lang === 'zh' ? read(s.draw_q999, cur) : money(s.draw_q999) }),
        el('td', { class: 'num', text: lang === 'zh' ? read(s.mean_draw, cur) : money(s.mean_draw) })))));
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
    const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', id: 'risk-chart', 'aria-label': t('risk.chart.aria') });
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
      svg('title', {}, t('risk.chart.bar.title', compact(left), compactMoney(left + width, currency), c, n))));
    });
    chart.appendChild(svg('line', { x1: x0, x2: x1, y1: y0, y2: y0, class: 'baseline' }));
    const q = num(sim.draw_q999);
    if (q > 0) {
      chart.appendChild(svg('line', { x1: sx(q), x2: sx(q), y1: y1 + 14, y2: y0, class: 'q-line' }));
      chart.appendChild(svg('text', { x: sx(q) + 4, y: y1 + 24, class: 'axis q-label' }, '99.9% ' + compact(q)));
    }
    chart.appendChild(svg('line', { x1: sx(pool), x2: sx(pool), y1: y1 - 8, y2: y0, class: 'pool-line', 'data-pool': String(pool) }));
    chart.appendChild(svg('text', { x: sx(pool) + (sx(pool) > x1 - 220 ? -6 : 6), y: y1 + 2, class: 'axis pool-label',
      'text-anchor': sx(pool) > x1 - 220 ? 'end' : 'start' }, t('risk.chart.pool', lang === 'zh' ? read(poolBalance, currency) : money(poolBalance) + ' ' + currency)));
    const count = sim.scenarios.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US');
    const legend = el('div', { class: 'legend' },
      el('span', {}, el('i', { class: 'lg-bar' }), t('risk.legend.bar', count, sim.seed)),
      el('span', {}, el('i', { class: 'lg-over' }), t('risk.legend.over')),
      el('span', {}, el('i', { class: 'lg-pool' }), t('risk.legend.pool')),
      el('span', {}, el('i', { class: 'lg-q' }), t('risk.legend.q')));
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

  const pipelineState = { sector: '', stage: '', cursors: [''], page: 0, search: '', sort: '' };

  function projectSortKey(p, by) {
    return by === 'amount' ? p.funding_sought : p.roadshow_on;
  }

  async function loadPipeline() {
    const q = new URLSearchParams();
    if (pipelineState.sector) q.set('sector', pipelineState.sector);
    if (pipelineState.stage) q.set('stage', pipelineState.stage);
    const stats = await getDoc('/v1/pipeline/stats');
    const path = '/v1/pipeline' + (q.toString() ? '?' + q : '');
    const cursor = pipelineState.cursors[pipelineState.page];
    const page = pipelineState.sort ? await sortedPageOf(path, 'projects', null, cursor, pipelineState.sort, projectSortKey)
      : await pageOf(path, 'projects', null, cursor);
    return { changed: stats.changed || page.changed, stats: stats.doc, page };
  }

  function drawPipeline(main, d) {
    const stats = d.stats;
    const projects = d.page.items;
    const refilter = (field) => (ev) => {
      pipelineState[field] = ev.target.value;
      Object.assign(pipelineState, { cursors: [''], page: 0 });
      render();
    };
    main.appendChild(el('div', { class: 'title-row' }, el('h1', { text: t('pipeline.title') }),
      el('span', { class: 'muted small', text: t('pipeline.note') }), exportButtons('projects', '')));
    main.appendChild(el('div', { class: 'kpis' },
      kpi(t('pipeline.projects'), String(stats.projects)),
      kpi(t('pipeline.sought'), read(stats.funding_sought)),
      kpi(t('pipeline.in_talks'), String(stats.by_status.filter((b) => b.key === 'in-talks' || b.key === 'funded').reduce((s, b) => s + b.projects, 0)))));
    main.appendChild(el('div', { class: 'grid2' },
      el('section', { class: 'panel' }, el('h2', { text: t('pipeline.by_sector') }), hbars(stats.by_sector, 'sector')),
      el('section', { class: 'panel' }, el('h2', { text: t('pipeline.by_stage') }), hbars(stats.by_stage, 'stage'))));
    const sector = el('select', { id: 'sector', 'data-focus': 'sector', onchange: refilter('sector') },
      el('option', { value: '', text: t('pipeline.all_sectors') }),
      stats.by_sector.map((b) => el('option', { value: b.key, selected: b.key === pipelineState.sector, 'data-raw': known('sector', b.key) ? null : '',
        text: termText('sector', b.key) })));
    const stage = el('select', { id: 'stage', 'data-focus': 'stage', onchange: refilter('stage') },
      el('option', { value: '', text: t('pipeline.all_stages') }),
      STAGES.map((s) => el('option', { value: s, selected: s === pipelineState.stage, text: termText('stage', s) })));
    main.appendChild(el('div', { class: 'filters' }, el('label', {}, t('pipeline.sector') + ' ', sector), el('label', {}, t('pipeline.stage') + ' ', stage),
      el('span', { class: 'muted small', text: t('pipeline.count', projects.length) })));
    const grid = el('div', { class: 'cards' });
    for (const p of projects) grid.appendChild(projectCard(p));
    if (projects.length === 0) grid.appendChild(el('div', { class: 'panel empty', text: t('pipeline.none') }));
    grid.appendChild(el('p', { class: 'muted search-none', hidden: true, text: t('pipeline.none') }));
    main.appendChild(listTools(pipelineState, 'pipeline', d.page, grid, render));
    // The cards' order, as column headers over them: the server sorts.
    main.appendChild(el('table', { class: 'sort-bar', id: 'pipeline-sort' }, el('thead', {}, el('tr', {},
      el('th', { scope: 'col', text: t('sort.label') }),
      sortHeader(pipelineState, 'amount', t('pipeline.sort.amount'), render),
      sortHeader(pipelineState, 'date', t('pipeline.sort.date'), render)))));
    main.appendChild(grid);
    main.appendChild(pager(pipelineState, d.page, render, 'bottom'));
    applySearch(grid, pipelineState.search);
  }

  function hbars(buckets, prefix) {
    const max = Math.max(...buckets.map((b) => num(b.funding_sought)), 1);
    return el('div', { class: 'hbars' }, buckets.map((b) => el('div', { class: 'hbar' },
      term(prefix, b.key, { class: 'hbar-label' }),
      el('span', { class: 'hbar-track' }, el('span', { class: 'hbar-fill', style: { width: (num(b.funding_sought) / max) * 100 + '%' } })),
      el('span', { class: 'hbar-value', text: t('pipeline.hbar', compact(num(b.funding_sought)), b.projects) }))));
  }

  function projectCard(p) {
    const s = p.standing;
    const sought = lang === 'zh' ? wanParts(p.funding_sought) : { value: money(p.funding_sought), unit: '' };
    return el('article', { class: 'card project-card', 'data-project': p.id, 'data-search-row': '' },
      el('div', { class: 'card-head' }, el('h2', {}, raw(p.title)), term('project', p.status, { class: 'pill st-' + p.status })),
      el('div', { class: 'muted small' }, raw(p.enterprise, { class: 'mono' }), ' · ', term('sector', p.sector), ' · ', el('b', {}, term('stage', p.stage))),
      el('div', { class: 'big' }, sought.value, el('span', { class: 'unit', text: (sought.unit ? ' ' + sought.unit.trim() : '') + t('project.sought') })),
      p.roadshow_on ? el('div', { class: 'muted small', text: t('project.roadshow_on', p.roadshow_on) }) : null,
      p.summary ? el('p', { class: 'summary' }, raw(p.summary)) : null,
      el('div', { class: 'standing' },
        el('div', { class: 'standing-title', text: t('standing.title') }),
        el('span', { class: 'badge sd-' + s.worst_status, text: termText('loan', s.worst_status) }),
        s.guaranteed ? el('span', { class: 'badge sd-guaranteed', text: t('standing.guaranteed') }) : null,
        el('dl', { class: 'facts' },
          fact(t('standing.outstanding'), read(s.covered_outstanding)),
          fact(t('standing.loans'), String(s.loans)))),
      // The roadshow's interest and commitments (views/fund.js), when loaded.
      window.techcreditProjectExtras ? window.techcreditProjectExtras(p) : null);
  }

  // openClaim shows one claim in the claim list (a loan row links to it).
  function openClaim(id) {
    Object.assign(claimState, { filter: 'all', cursors: [''], page: 0, search: id });
    location.hash = '#/claims';
  }

  // ---- money dialogs shared by every view ---------------------------------

  // confirmMoney opens the dialog every money move goes through: it names
  // what moves and the exact amount; Cancel or Esc sends nothing, Enter
  // confirms. opts: {id, title, facts: [[label, node]], amountLabel, amount,
  // currency, note, reason (true: a reason is required), okText, danger,
  // send(body) -> {done, message}, and optionally okAttrs and dialogAttrs
  // (attributes over the defaults) and closed() (after it closes)}.
  function confirmMoney(opts) {
    const old = document.getElementById('confirm-dialog');
    if (old) old.remove();
    const reason = opts.reason ? el('input', { type: 'text', class: 'reason', id: 'reject-reason', 'data-reason': opts.id, maxlength: 2000,
      placeholder: t('confirm.reason.placeholder'), autocomplete: 'off' }) : null;
    const err = el('p', { class: 'form-error', id: 'confirm-error', role: 'alert' });
    let sending = false;
    const ok = el('button', Object.assign({ type: 'submit', class: opts.danger ? 'danger' : 'primary', 'data-action': 'confirm', 'data-target': opts.id,
      text: opts.okText }, opts.okAttrs));
    const dlg = el('dialog', Object.assign({ class: 'confirm', id: 'confirm-dialog', 'aria-labelledby': 'confirm-title', 'data-target': opts.id }, opts.dialogAttrs));
    const cancel = el('button', { type: 'button', class: 'link', 'data-action': 'cancel', text: t('confirm.cancel'), onclick: () => dlg.close() });
    const form = el('form', { onsubmit: async (ev) => {
      ev.preventDefault();
      if (sending) return;
      if (reason && !reason.value.trim()) {
        err.textContent = t('confirm.reason.required');
        reason.focus();
        return;
      }
      sending = true;
      ok.disabled = cancel.disabled = true;
      ok.textContent = t('confirm.sending');
      const outcome = await opts.send(reason ? { reason: reason.value.trim() } : {});
      sending = false;
      if (outcome.done) {
        dlg.close();
        return;
      }
      ok.disabled = cancel.disabled = false;
      ok.textContent = opts.okText;
      clear(err);
      err.appendChild(raw(outcome.message));
    } },
    el('h2', { id: 'confirm-title', text: opts.title }),
    el('dl', { class: 'facts confirm-facts' }, (opts.facts || []).map(([label, value]) => fact2(label, value))),
    opts.amount != null ? el('div', { class: 'confirm-payable' }, el('span', { text: opts.amountLabel }),
      el('strong', { class: 'confirm-amount', 'data-amount': opts.amount, text: exact(opts.amount, opts.currency) })) : null,
    opts.note ? el('p', { class: 'confirm-note', text: opts.note }) : null,
    reason ? el('label', { class: 'reason-label', for: 'reject-reason', text: t('confirm.reason') }) : null, reason,
    el('p', { class: 'muted small', text: t('confirm.keys') }),
    err,
    el('div', { class: 'dialog-buttons' }, cancel, ok));
    showDialog(dlg, form, () => sending, () => {
      if (opts.closed) opts.closed();
      poll(false);
    }, reason || ok);
  }

  // showDialog opens dlg, its form inside, as a modal and focuses first:
  // Esc does nothing while sending() says a request is on its way; once
  // it closes, the dialog is removed and closed() runs.
  function showDialog(dlg, form, sending, closed, first) {
    dlg.appendChild(form);
    dlg.addEventListener('cancel', (ev) => { if (sending()) ev.preventDefault(); });
    dlg.addEventListener('close', () => {
      dlg.remove();
      closed();
    });
    document.body.appendChild(dlg);
    dlg.showModal();
    first.focus();
  }

  // sendMoney posts a money move with an Idempotency-Key kept per (path,
  // body) until the server answers, so a retry after a lost answer is safe.
  // It resolves {done, res} or {done: false, message}; a lost answer shows
  // the decision banner with a retry.
  async function sendMoney(path, body, what) {
    const k = path + ' ' + JSON.stringify(body);
    if (!pendingKeys.has(k)) pendingKeys.set(k, randomKey());
    const key = pendingKeys.get(k);
    try {
      const res = await api('POST', path, body, { 'Idempotency-Key': key });
      pendingKeys.delete(k);
      hideDecisionBanner();
      setOnline();
      return { done: true, res };
    } catch (e) {
      if (e.network || e.server) {
        decisionBanner('unknown', what, () => sendMoney(path, body, what).then(() => poll(true)));
        setOffline();
        return { done: true };
      }
      pendingKeys.delete(k);
      if (e.status === 401) {
        signOut();
        return { done: true };
      }
      return { done: false, message: e.message + (e.code ? ' (' + e.code + ')' : '') };
    }
  }

  // ---- exports --------------------------------------------------------

  // EXPORT_KINDS are the reports each role may download (api/reports.go):
  // a bank its own rows of the programmes' kinds, guarantors the pools only,
  // investors the pools and the funds, a fund its own fund's rows; the
  // pipeline (projects) and the registry (enterprises) whoever reads them.
  const BANK_REPORTS = ['filings', 'loans', 'claims', 'subsidies', 'pool', 'projects', 'enterprises'];
  const FUND_REPORTS = ['funds', 'fund_investments'];
  const ALL_REPORTS = BANK_REPORTS.concat(FUND_REPORTS);
  const EXPORT_KINDS = { bank: BANK_REPORTS, finance: ALL_REPORTS, admin: ALL_REPORTS, guarantor: ['pool'],
    investor: ['pool', 'projects'].concat(FUND_REPORTS), fund: FUND_REPORTS };

  // exportButtons(kind, query) is a list's CSV and Excel buttons (null when
  // the caller's role may not read that report): each fetches
  // GET /v1/reports/{kind}?{query}&format=... with the bearer token and
  // saves the answer through an object URL and a link's download
  // attribute. The CSP needs no change for it: a blob: URL is only
  // navigated to for the download, never fetched, framed or run. The group
  // tells the last file saved (name and bytes) on data-exported.
  function exportButtons(kind, query) {
    if (!me || !(EXPORT_KINDS[me.role] || []).includes(kind)) return null;
    // Named by its report: a programme's page offers two groups (the pool's
    // and its claims'), which alike buttons would not tell apart.
    const name = t('export.kind.' + kind);
    const group = el('span', { class: 'export', role: 'group', 'aria-label': t('export.label') + '：' + name, 'data-export': kind });
    group.appendChild(el('span', { class: 'export-kind muted small', text: name }));
    for (const format of ['csv', 'xlsx']) {
      const b = el('button', { type: 'button', class: 'export-button', 'data-format': format, text: t('export.' + format),
        onclick: () => saveReport(group, b, kind, query, format) });
      group.appendChild(b);
    }
    return group;
  }

  async function saveReport(group, button, kind, query, format) {
    const path = '/v1/reports/' + encodeURIComponent(kind) + '?' + (query ? query + '&' : '') + 'format=' + format;
    button.disabled = true;
    try {
      const res = await request('GET', path, undefined, { Accept: '*/*' });
      if (!res.ok) await answer(res); // throws the API's error
      const blob = await res.blob();
      const m = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') || '');
      const name = m ? m[1] : 'techcredit-' + kind + '.' + format;
      const url = URL.createObjectURL(blob);
      const a = el('a', { href: url, download: name, hidden: true });
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000); // after the browser has read it
      group.dataset.exported = name + ' ' + blob.size;
      toast([t('export.saved') + ' ', raw(name, { class: 'mono' })]);
    } catch (e) {
      if (e.status === 401) {
        signOut();
        return;
      }
      toast([t('export.failed') + ' ', raw(e.message)], 'error');
    } finally {
      button.disabled = false;
    }
  }

  // The kit: what feature views (views/*.js) build with.
  window.techcredit = {
    t, term, termText, raw, el, svg, clear, cents, money, exact, read, ratio, percent, num, compactMoney,
    api, getDoc, listAll, pageOf, withQuery, pager, listTools, pagedList, applySearch, kpi, kpiAmount, bigAmount, statusBadge,
    fact, fact2, toast, randomKey, confirmMoney, showDialog, sendMoney, exportButtons, render, poll, me: () => me, PAGE_ROWS,
    // since the role views: inputs through POST /v1/events stamped by the
    // server's clock, reject codes as words, a claim opened from a loan
    // row, a role's gauge of a multiple against its limit.
    sendEvent, serverNow, codeText, openClaim, known, can, gauge,
    claimPath, claimsTable, dueNote, detailPath, today,
    // since sorted lists: a page in a server order, a sorting header.
    sortedPageOf, sortHeader, borrowerFilter,
  };

  // ---- router ---------------------------------------------------------

  let lastRoute = '';

  async function render() {
    const seq = ++renderSeq;
    current = null;
    if (!token()) {
      me = null;
      renderSignIn();
      return;
    }
    if (!me) {
      try {
        setMe(await api('GET', '/v1/me'));
      } catch (e) {
        if (e.network || e.server) {
          shell('');
          failure(view('signin'), e);
          return;
        }
        sessionStorage.removeItem(TOKEN_KEY);
        renderSignIn(e.status === 401 ? t('signin.ended') : e.message);
        return;
      }
      if (seq !== renderSeq) return;
    }
    const parts = location.hash.replace(/^#\/?/, '').split('/');
    let name = parts[0];
    if (!can(name)) name = (NAV[me.role] || [['programs']])[0][0];
    const route = name + '/' + parts.slice(1).join('/');
    if (route !== lastRoute) {
      riskCache = null;
      lastRoute = route;
    }
    const feature = VIEWS.find((v) => v.name === name);
    if (feature) return show(seq, name, name, () => feature.load(parts.slice(1).map(decodeURIComponent)), feature.draw);
    if (name === 'claims') return show(seq, 'claims', 'claims', loadClaims, drawClaims);
    if (name === 'pipeline') return show(seq, 'pipeline', 'pipeline', loadPipeline, drawPipeline);
    if (name === 'programs' && parts[1]) {
      const id = decodeURIComponent(parts.slice(1).join('/'));
      if (programClaimState.id !== id) Object.assign(programClaimState, { id, cursors: [''], page: 0, search: '' });
      return show(seq, 'program', 'programs', loadProgram(id), drawProgram);
    }
    return show(seq, 'programs', 'programs', loadPrograms, drawPrograms);
  }

  window.addEventListener('hashchange', () => {
    document.getElementById('toast').hidden = true;
    render();
  });
  document.addEventListener('DOMContentLoaded', () => {
    applyLang();
    if (lastBanner) decisionBanner(lastBanner.state, lastBanner.what, lastBanner.retry);
    if (offline) setOffline();
    render();
  });
}());
