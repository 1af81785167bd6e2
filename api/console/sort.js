// techcredit console: sorted lists (issue 19). The server sorts and pages
// (?sort=amount, -amount, date, -date; an opaque next_after); the console
// only merges the pages of several statuses read in the same order (the
// claims queue's "open" is pending and awaiting a second approval), so it
// compares as the server does: amounts exactly as decimals, ties by id, a
// descending order the ascending reversed.
'use strict';

window.techcreditSort = (function () {
  // compareAmounts compares two amounts of the engine's form ("1234.50")
  // exactly: by their digits, never as floats (beyond 2^53 cents a float
  // would tie amounts that differ). "" sorts first, as on the server.
  function compareAmounts(a, b) {
    const norm = (s) => {
      const [w, f = ''] = String(s || '').split('.');
      return (w.replace(/^0+/, '') || '0') + (f + '00').slice(0, 2);
    };
    if (!a || !b) return (a ? 1 : 0) - (b ? 1 : 0);
    const x = norm(a).replace(/^0+(?=.)/, '');
    const y = norm(b).replace(/^0+(?=.)/, '');
    if (x.length !== y.length) return x.length < y.length ? -1 : 1;
    return x < y ? -1 : x > y ? 1 : 0;
  }

  function compareText(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
  }

  // comparator orders documents as the server's ?sort=: keyOf(doc, by)
  // gives the amount or date of a document for by 'amount' or 'date'.
  function comparator(sort, keyOf) {
    const desc = sort.startsWith('-');
    const by = desc ? sort.slice(1) : sort;
    return (p, q) => {
      let c = 0;
      if (by === 'amount') c = compareAmounts(keyOf(p, by), keyOf(q, by));
      else if (by === 'date') c = compareText(keyOf(p, by) || '', keyOf(q, by) || '');
      if (c === 0) c = compareText(p.id, q.id);
      return desc ? -c : c;
    };
  }

  // merge takes the first rows documents of lists (each already in the
  // order) and says how many it took of each: the console then asks each
  // list for its cursor after those.
  function merge(lists, sort, keyOf, rows) {
    const cmp = comparator(sort, keyOf);
    const at = lists.map(() => 0);
    const items = [];
    while (items.length < rows) {
      let best = -1;
      lists.forEach((l, i) => {
        if (at[i] < l.length && (best < 0 || cmp(l[at[i]], lists[best][at[best]]) < 0)) best = i;
      });
      if (best < 0) break;
      items.push(lists[best][at[best]++]);
    }
    return { items, taken: at };
  }

  // ariaSort is a column's aria-sort for the list's sort.
  function ariaSort(sort, by) {
    return sort === by ? 'ascending' : sort === '-' + by ? 'descending' : 'none';
  }

  // nextSort is the order a click on a column's header asks: ascending,
  // then descending, then the list's own order (by id).
  function nextSort(sort, by) {
    return sort === by ? '-' + by : sort === '-' + by ? '' : by;
  }

  return { compareAmounts, comparator, merge, ariaSort, nextSort };
}());
