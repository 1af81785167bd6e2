// techcredit console: claim dossiers, their review and the audit trail
// (SPEC §12). Three views: one claim's page (its dossier, deadlines, the
// bank's submission, the bureau's review, and its timeline), one loan's
// page (its timeline), and the science bureau's review queue. The bank
// files documents by their SHA-256, computed here with crypto.subtle: the
// file itself never leaves the browser.
'use strict';

(function () {
  // The kit is app.js's, which loads after this file: taken when a view
  // first loads or draws.
  let k, t, term, raw, el, exact, getDoc, listAll, statusBadge, fact2, toast, sendMoney, poll;
  function kit() {
    if (k) return;
    k = window.techcredit;
    ({ t, term, raw, el, exact, getDoc, listAll, statusBadge, fact2, toast, sendMoney, poll } = k);
  }
  // The kinds a dossier usually holds (SPEC §12's example); a programme's
  // own list is enforced by the engine (missing_documents).
  const DOC_KINDS = ['application', 'contract', 'vouchers', 'court_acceptance'];

  window.techcreditViews = window.techcreditViews || [];

  // ---- the timeline -------------------------------------------------------

  // timeline draws a history: who did what, when, and what came of it.
  function timeline(entries) {
    if (entries.length === 0) return el('p', { class: 'muted', text: t('history.empty') });
    return el('ol', { class: 'timeline', 'data-timeline': '' }, entries.map((x) => el('li', {
      class: 'tl-' + x.outcome, 'data-entry': x.position, 'data-type': x.type, 'data-outcome': x.outcome,
    },
    el('div', { class: 'tl-head' },
      el('strong', {}, term('input', x.type)),
      el('span', { class: 'muted small' }, t('history.by'), ' ', raw(x.source, { class: 'mono' })),
      x.imported_by ? el('span', { class: 'small', 'data-imported-by': x.imported_by }, t('history.imported_by'), ' ', raw(x.imported_by, { class: 'mono' })) : null,
      el('span', { class: 'badge', text: t('history.outcome.' + x.outcome) }),
      x.code ? raw(x.code, { class: 'mono small' }) : null),
    el('div', { class: 'muted small' },
      t('history.at'), ' ', raw(x.at, { class: 'mono' }),
      x.arrival ? [' · ', t('history.arrival'), ' ', raw(x.arrival, { class: 'mono' })] : null,
      ' · ', t('history.position', x.position),
      x.hash ? [' · ', t('history.hash'), ' ', raw(x.hash, { class: 'mono hash' })] : null),
    x.postings.length ? el('ul', { class: 'tl-postings small' }, x.postings.map((p) => el('li', {},
      raw(p.from, { class: 'mono' }), ' → ', raw(p.to, { class: 'mono' }), ' ', el('b', { text: exact(p.amount, p.currency) })))) : null)));
  }

  function section(title, ...children) {
    return el('section', { class: 'panel' }, el('h2', { class: 'section', text: title }), children);
  }

  // ---- the bank's dossier --------------------------------------------------

  function hex(buf) {
    return Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
  }

  // dossierForm lets the bank pick a file per kind; each file is hashed in
  // the browser and only {kind, sha256} is sent.
  function dossierForm(c) {
    const digests = new Map();
    const err = el('p', { class: 'form-error', role: 'alert', 'data-dossier-error': '' });
    const date = el('input', { type: 'date', id: 'submitted-on', 'data-submitted-on': c.id, value: k.today(), required: true });
    const rows = DOC_KINDS.map((kind) => {
      const out = el('span', { class: 'mono small muted', 'data-sha256': kind, text: t('dossier.none') });
      const input = el('input', { type: 'file', 'data-kind': kind, 'aria-label': t('dossier.file', t('input.kind.' + kind)),
        onchange: async (ev) => {
          const f = ev.target.files[0];
          if (!f) return;
          const sum = hex(await crypto.subtle.digest('SHA-256', await f.arrayBuffer()));
          digests.set(kind, sum);
          out.textContent = sum;
        } });
      return el('div', { class: 'dossier-row' }, el('span', { text: t('input.kind.' + kind) }), input, out);
    });
    const send = el('button', { type: 'submit', class: 'primary', 'data-action': 'submit-dossier', text: t('dossier.submit') });
    return el('form', { 'data-dossier': c.id, onsubmit: async (ev) => {
      ev.preventDefault();
      const documents = Array.from(digests, ([kind, sha256]) => ({ kind, sha256 }));
      send.disabled = true;
      const r = await sendMoney(k.claimPath(c.id) + '/submit', { submitted_on: date.value, documents }, () => t('dossier.what', raw(c.id)));
      send.disabled = false;
      if (!r.done) {
        err.textContent = r.message;
        return;
      }
      if (r.res) toast(t('dossier.sent', raw(c.id), k.termText('status', r.res.claim ? r.res.claim.status : 'submitted')), 'ok');
      poll(true);
    } },
    el('label', { for: 'submitted-on', text: t('dossier.submitted_on') }), date, rows, err, send);
  }

  // ---- the bureau's review ---------------------------------------------------

  // reviewControls: recommend to finance, or return to the bank with a
  // reason (required).
  function reviewControls(c) {
    const reason = el('input', { type: 'text', class: 'reason', 'data-return-reason': c.id, maxlength: 2000, autocomplete: 'off',
      placeholder: t('review.reason.placeholder'), 'aria-label': t('review.reason') });
    const err = el('p', { class: 'form-error', role: 'alert', 'data-review-error': c.id });
    // The review's date: today by default, the bureau may write the day it
    // actually reviewed the dossier (not before its submission: bad_date).
    const date = el('input', { type: 'date', 'data-reviewed-on': c.id, value: k.today(), 'aria-label': t('claim.reviewed_on') });
    const send = async (decision) => {
      const body = { reviewed_on: date.value, decision };
      if (decision === 'return') {
        if (!reason.value.trim()) {
          err.textContent = t('review.reason.required');
          reason.focus();
          return;
        }
        body.reason = reason.value.trim();
      }
      const r = await sendMoney(k.claimPath(c.id) + '/review', body, () => t('review.what.' + decision, raw(c.id)));
      if (!r.done) {
        err.textContent = r.message;
        return;
      }
      toast(t('review.done.' + decision, raw(c.id)), 'ok');
      poll(true);
    };
    return el('div', { class: 'review-controls', 'data-review': c.id }, date,
      el('button', { type: 'button', class: 'primary', 'data-action': 'recommend', 'data-claim': c.id, text: t('review.recommend'), onclick: () => send('recommend') }),
      reason,
      el('button', { type: 'button', class: 'ghost', 'data-action': 'return', 'data-claim': c.id, text: t('review.return'), onclick: () => send('return') }),
      err);
  }

  // ---- one claim -----------------------------------------------------------

  function dateOr(d) {
    return d || '—';
  }

  // withHistory reads one document (as key) and its history.
  async function withHistory(path, key) {
    const doc = await getDoc(path);
    const h = await getDoc(path + '/history');
    return { changed: doc.changed || h.changed, [key]: doc.doc, history: h.doc.entries };
  }

  // detailTitle is the title row of one document's page: what it is, its
  // id and its status.
  function detailTitle(title, id, status) {
    return el('div', { class: 'title-row' }, el('h1', {}, title, ' ', raw(id, { class: 'mono' })), status);
  }

  window.techcreditViews.push({
    name: 'claim',
    detail: ['bank', 'finance', 'admin'],
    async load(parts) {
      kit();
      return withHistory('/v1/claims/' + parts.slice(0, 2).map(encodeURIComponent).join('/'), 'claim');
    },
    draw(main, d) {
      kit();
      const c = d.claim;
      const who = k.me();
      main.appendChild(detailTitle(t('claim.title'), c.id, statusBadge(c.status)));
      const facts = el('dl', { class: 'facts' },
        fact2(t('confirm.bank'), raw(c.bank, { class: 'mono' })),
        fact2(t('confirm.borrower'), raw(c.borrower_name)),
        fact2(t('confirm.loss'), exact(c.loss, c.currency)),
        fact2(t('confirm.payable'), exact(c.payable, c.currency)),
        fact2(t('col.paid'), exact(c.paid, c.currency)));
      main.appendChild(el('section', { class: 'panel' }, facts));
      if (c.submit_by) {
        main.appendChild(section(t('claim.review'),
          el('dl', { class: 'facts' },
            fact2(t('claim.default_on'), raw(c.default_on, { class: 'mono' })),
            fact2(t('claim.submit_by'), raw(c.submit_by, { class: 'mono' })),
            fact2(t('claim.submitted_on'), raw(dateOr(c.submitted_on), { class: 'mono' })),
            fact2(t('claim.review_by'), raw(dateOr(c.review_by), { class: 'mono' })),
            fact2(t('claim.reviewed_on'), raw(dateOr(c.reviewed_on), { class: 'mono' })),
            fact2(t('claim.decide_by'), raw(dateOr(c.decide_by), { class: 'mono' }))),
          k.dueNote(c),
          c.return_reason ? el('p', { class: 'small', 'data-returned': c.id }, t('claim.returned'), ' ', raw(c.return_reason)) : null,
          c.documents.length ? el('ul', { class: 'small', 'data-documents': c.id }, c.documents.map((x) =>
            el('li', {}, term('input.kind', x.kind), ' ', raw(x.sha256, { class: 'mono' })))) : null,
          who.role === 'bank' && c.status === 'awaiting_documents' ? dossierForm(c) : null,
          who.role === 'admin' && c.status === 'submitted' ? reviewControls(c) : null));
      }
      main.appendChild(section(t('history.title'), timeline(d.history)));
    },
  });

  // ---- one loan ------------------------------------------------------------

  window.techcreditViews.push({
    name: 'loan',
    detail: ['bank', 'finance', 'admin'],
    async load(parts) {
      kit();
      return withHistory('/v1/loans/' + encodeURIComponent(parts.join('/')), 'loan');
    },
    draw(main, d) {
      kit();
      const l = d.loan;
      main.appendChild(detailTitle(t('loan.title'), l.id, term('loan', l.status)));
      main.appendChild(el('section', { class: 'panel' }, el('dl', { class: 'facts' },
        fact2(t('col.loan_program'), raw(l.program, { class: 'mono' })),
        fact2(t('confirm.borrower'), raw(l.borrower_name || l.borrower)),
        fact2(t('col.outstanding'), exact(l.outstanding, 'CNY')),
        l.claim ? fact2(t('col.claim_of'), el('a', { href: k.detailPath('claim', l.claim), 'data-loan-claim': l.claim }, raw(l.claim, { class: 'mono' }))) : null)));
      main.appendChild(section(t('history.title'), timeline(d.history)));
    },
  });

  // ---- the bureau's review queue ---------------------------------------------

  window.techcreditViews.push({
    name: 'review',
    nav: { admin: 'nav.review' },
    async load() {
      kit();
      const r = await listAll('/v1/claims?status=submitted', 'claims');
      return { changed: r.changed, claims: r.items.slice().sort((a, b) => (a.review_by || '').localeCompare(b.review_by || '')) };
    },
    draw(main, d) {
      kit();
      main.appendChild(el('div', { class: 'title-row' }, el('h1', { text: t('review.title') })));
      if (d.claims.length === 0) {
        main.appendChild(el('div', { class: 'panel empty', text: t('review.empty') }));
        return;
      }
      const tbody = el('tbody');
      for (const c of d.claims) {
        tbody.appendChild(el('tr', { 'data-review-row': c.id },
          el('td', {}, el('a', { href: k.detailPath('claim', c.id), 'data-claim-link': c.id }, raw(c.id, { class: 'mono nowrap' })),
            el('div', { class: 'borrower' }, raw(c.borrower_name))),
          el('td', {}, raw(c.bank, { class: 'mono' })),
          el('td', { class: 'nowrap' }, raw(dateOr(c.submitted_on), { class: 'mono' }), k.dueNote(c)),
          el('td', { class: 'num', text: t('review.documents', c.documents.length) }),
          el('td', {}, reviewControls(c))));
      }
      main.appendChild(el('div', { class: 'panel table-wrap' }, el('table', { class: 'claims' },
        el('thead', {}, el('tr', {}, ['col.claim', 'col.bank', 'claim.submitted_on', 'review.col.documents', 'col.actions'].map((h) => el('th', { scope: 'col', text: t(h) })))),
        tbody)));
    },
    reset() {},
  });
}());
