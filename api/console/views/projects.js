// techcredit console: the science bureau's project register (路演项目登记):
// every roadshow project, a form to register one (POST /v1/pipeline) and
// to edit one (PATCH /v1/pipeline/{id}); the API's reject codes show as
// words beside the form.
'use strict';

(function () {
  window.techcreditViews = window.techcreditViews || [];
  const K = () => window.techcredit;
  const STAGES = ['research', 'pilot', 'industrialization', 'scale-up'];
  const STATUSES = ['listed', 'roadshow', 'in-talks', 'funded', 'withdrawn'];
  const SECTORS = ['semiconductors', 'biotech', 'photonics', 'robotics', 'aerospace', 'energy', 'instruments', 'quantum', 'software', 'materials', 'ai'];
  const state = { cursors: [''], page: 0, search: '', editing: '' };
  // draft keeps what is typed in the form across a live redraw, for the
  // project it was typed for ('' for a new one).
  let draft = { for: null, values: {} };

  async function pageBy(path, key, after) {
    const k = K();
    const r = await k.getDoc(k.withQuery(path, 'limit=' + k.PAGE_ROWS + (after ? '&after=' + encodeURIComponent(after) : '')));
    return { items: r.doc[key], changed: r.changed, next: r.doc.next_after || null };
  }

  async function load(parts) {
    state.editing = parts[0] || '';
    const page = await pageBy('/v1/pipeline', 'projects', state.cursors[state.page]);
    let one = null;
    if (state.editing) one = (await K().getDoc('/v1/pipeline/' + encodeURIComponent(state.editing))).doc;
    return { changed: page.changed, page, one };
  }

  function draw(main, d) {
    const k = K();
    const { t, el, raw, term } = k;
    main.appendChild(el('div', { class: 'title-row' }, el('h1', { text: t('projects.title') }),
      d.one ? el('a', { href: '#/projects', class: 'link', 'data-action': 'new-project', text: t('projects.new') }) : null));
    main.appendChild(projectForm(d.one));
    const table = el('div', { class: 'panel table-wrap' }, el('table', { class: 'claims', id: 'projects-table' },
      el('thead', {}, el('tr', {}, ['col.project', 'col.enterprise', 'col.sector', 'col.stage', 'col.sought', 'col.roadshow', 'col.status', 'col.actions']
        .map((c) => el('th', { scope: 'col', text: t(c) })))),
      el('tbody', {}, d.page.items.map((p) => el('tr', { 'data-project-row': p.id, 'data-search-row': '', class: p.id === state.editing ? 'editing' : null },
        el('td', {}, raw(p.title), el('div', { class: 'muted small' }, raw(p.id, { class: 'mono' }))),
        el('td', {}, raw(p.enterprise, { class: 'mono' })),
        el('td', {}, term('sector', p.sector)),
        el('td', {}, term('stage', p.stage)),
        el('td', { class: 'num', 'data-sought': p.id, text: k.money(p.funding_sought) }),
        el('td', { class: 'nowrap', text: p.roadshow_on || '—' }),
        el('td', {}, term('project', p.status, { class: 'pill st-' + p.status })),
        el('td', { class: 'actions' }, el('a', { href: '#/projects/' + encodeURIComponent(p.id), class: 'ghost button', 'data-action': 'edit-project',
          'data-project': p.id, text: t('projects.edit') })))))),
    el('p', { class: 'muted search-none', hidden: true, text: t('pipeline.none') }));
    k.pagedList(main, state, 'projects', d.page, table);
  }

  // projectForm registers a project (p null) or edits p. Every field is
  // sent as the engine checks it; its answer's code shows as words.
  function projectForm(p) {
    const k = K();
    const { t, el } = k;
    const v = p || { id: '', enterprise: '', title: '', sector: '', stage: 'research', funding_sought: '', roadshow_on: '', status: 'listed', summary: '' };
    const field = (name, node) => el('div', { class: 'field', 'data-field': name }, el('label', { for: 'pf-' + name, text: t('projects.f.' + name) }), node);
    const forId = p ? p.id : '';
    if (draft.for !== forId) draft = { for: forId, values: {} };
    const initial = (name) => (draft.values[name] !== undefined ? draft.values[name] : v[name === 'project' ? 'id' : name] || '');
    const keep = (name) => (ev) => { draft.values[name] = ev.target.value; };
    const input = (name, attrs) => el('input', Object.assign({ id: 'pf-' + name, name, 'data-focus': 'pf-' + name, autocomplete: 'off', value: initial(name),
      oninput: keep(name), onchange: keep(name) }, attrs || {}));
    const select = (name, options, prefix) => el('select', { id: 'pf-' + name, name, 'data-focus': 'pf-' + name, onchange: keep(name) },
      options.map((o) => el('option', { value: o, selected: o === initial(name), text: k.termText(prefix, o) })));
    const f = {
      project: input('project', { required: true, disabled: !!p, class: 'mono', maxlength: 128 }),
      enterprise: input('enterprise', { required: true, class: 'mono', maxlength: 128 }),
      title: input('title', { required: true, maxlength: 200 }),
      // The sectors the console has words for, and the project's own if
      // it has another.
      sector: select('sector', SECTORS.includes(initial('sector')) || !initial('sector') ? SECTORS : SECTORS.concat([initial('sector')]), 'sector'),
      stage: select('stage', STAGES, 'stage'),
      funding_sought: input('funding_sought', { required: true, inputmode: 'decimal' }),
      roadshow_on: input('roadshow_on', { type: 'date' }),
      status: select('status', STATUSES, 'project'),
      summary: el('textarea', { id: 'pf-summary', name: 'summary', 'data-focus': 'pf-summary', rows: 3, maxlength: 2000, oninput: keep('summary') }, initial('summary')),
    };
    const err = el('p', { class: 'form-error', id: 'project-error', role: 'alert' });
    const ok = el('button', { type: 'submit', class: 'primary', 'data-action': p ? 'save-project' : 'create-project', text: t(p ? 'projects.save' : 'projects.create') });
    let key = k.randomKey();
    let lastBody = '';
    const form = el('form', { class: 'panel project-form', id: 'project-form', 'data-editing': p ? p.id : '', novalidate: true, onsubmit: async (ev) => {
      ev.preventDefault();
      k.clear(err);
      const body = {};
      for (const name of ['project', 'enterprise', 'title', 'sector', 'stage', 'funding_sought', 'roadshow_on', 'status', 'summary']) {
        const val = f[name].value.trim();
        if (val !== '') body[name] = val;
      }
      if (p) delete body.project;
      for (const name of ['project', 'enterprise', 'title', 'sector', 'funding_sought']) {
        if ((!p || name !== 'project') && !body[name]) {
          err.appendChild(el('span', { 'data-error-field': name, text: t('projects.required', t('projects.f.' + name)) }));
          f[name].focus();
          return;
        }
      }
      const text = JSON.stringify(body);
      if (text !== lastBody) key = k.randomKey(); // a changed form is a new input
      lastBody = text;
      ok.disabled = true;
      let res;
      try {
        res = await k.api(p ? 'PATCH' : 'POST', p ? '/v1/pipeline/' + encodeURIComponent(p.id) : '/v1/pipeline', body, { 'Idempotency-Key': key });
      } catch (e) {
        ok.disabled = false;
        lastBody = '';
        err.appendChild(el('span', { 'data-error-code': e.code || '' }, k.codeText(e.code, e.message)));
        return;
      }
      ok.disabled = false;
      const r = res.result || {};
      if (r.status === 'rejected' || (r.status === 'duplicate' && r.code)) {
        lastBody = ''; // a rejected input stays rejected: the corrected form is a new one
        err.appendChild(el('span', { 'data-error-code': r.code }, k.codeText(r.code, r.message)));
        return;
      }
      draft = { for: null, values: {} };
      k.toast(t(p ? 'projects.saved' : 'projects.created', k.raw(p ? p.id : body.project)), 'ok');
      if (p) k.poll(true);
      else location.hash = '#/projects/' + encodeURIComponent(body.project);
    } },
    el('h2', { text: p ? t('projects.edit.title', p.id) : t('projects.new.title') }),
    el('div', { class: 'form-grid wide' }, Object.entries(f).map(([name, node]) => field(name, node))),
    err,
    el('div', { class: 'dialog-buttons' }, ok));
    return form;
  }

  window.techcreditViews.push({
    name: 'projects',
    nav: { admin: 'nav.projects' },
    load,
    draw,
    reset() {
      Object.assign(state, { cursors: [''], page: 0, search: '', editing: '' });
      draft = { for: null, values: {} };
    },
  });
}());
