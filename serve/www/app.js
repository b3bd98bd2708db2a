// app.js: the lasearch search page. Plain DOM, no framework, no network but
// this server's own /api/search.
//
// Safety rule: text from the corpus, the index or the user is only ever put
// into the page as text nodes (textContent, createTextNode) or attribute
// values; nothing here parses HTML (no innerHTML and kin), so escaping is
// structural. Highlights come with private-use markers (hl=pua) that the
// corpus cannot contain as Markdown does "**", and become <mark> elements.
'use strict';

const FACETS = [
  ['authority', 'Council'],
  ['score', 'Score'],
  ['section', 'Quality statement'],
  ['theme', 'Theme'],
  ['kind', 'Kind'],
  ['published', 'Published (year)'],
  ['rating', 'Council rating'],
];
const SORTS = ['authority', 'score', 'document', 'published', 'newest'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];
const PAGE = { list: 10, councils: 12 };   // hits, or councils, per page
const PER = 3;                             // paragraphs per council side by side
const MAX_OFFSET = 100000;                 // the API's deepest page start
const SHOW_VALUES = 8;                     // facet values before "show all"
const HL_START = '\uE000', HL_END = '\uE001';

const $ = (id) => document.getElementById(id);

// el('p', {class: 'x'}, 'text', node...): an element with attributes and
// children; strings become text nodes, never markup.
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    e.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
  return e;
}

// A date as the index knows it (2025-01-17, 2024-06 or 2024) in words:
// "17 January 2025", "June 2024", "2024".
function dateText(d) {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(d || '');
  if (!m) return d;
  const month = m[2] ? MONTHS[Number(m[2]) - 1] : null;
  if (m[2] && !month) return d;   // no such month: as typed (the server says so)
  return [m[3] ? String(Number(m[3])) : null, month, m[1]].filter(Boolean).join(' ');
}

// A date bound typed in the filter: only what a date can hold (digits and
// '-'), so it can never add query syntax; the server says if it is no date.
function dateBound(v) {
  return String(v || '').replace(/[^0-9-]/g, '').slice(0, 10);
}

function plural(n, one, many) {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many || one + 's'}`;
}

// ---- state: everything a search needs, and nothing else, lives in the URL

function readState(search) {
  const p = new URLSearchParams(search);
  const s = {
    q: p.get('q') || '',
    f: {},
    view: p.get('view') === 'councils' ? 'councils' : 'list',
    page: Math.max(1, parseInt(p.get('page') || '1', 10) || 1),
    sort: SORTS.includes(p.get('sort')) ? p.get('sort') : 'relevance',
    from: dateBound(p.get('from')),
    to: dateBound(p.get('to')),
    // New or changed paragraphs only: after a generation ("7"), the latest
    // ("last", "-N") or since a day ("2026-12-01"), as lasearch-query --since.
    since: /^(last|-?[0-9]{1,9}|[0-9]{4}-[0-9]{2}-[0-9]{2})$/.test(p.get('since') || '') ? p.get('since') : '',
    strict: p.get('strict') === '1',
    exact: p.get('exact') === '1',
  };
  for (const [k] of FACETS) if (p.get(k)) s.f[k] = p.get(k);
  return s;
}

function stateUrl(s) {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  for (const [k] of FACETS) if (s.f[k]) p.set(k, s.f[k]);
  if (s.from) p.set('from', s.from);
  if (s.to) p.set('to', s.to);
  if (s.view !== 'list') p.set('view', s.view);
  if (s.sort !== 'relevance') p.set('sort', s.sort);
  if (s.strict) p.set('strict', '1');
  if (s.exact) p.set('exact', '1');
  if (s.since) p.set('since', s.since);
  if (s.page > 1) p.set('page', String(s.page));
  const qs = p.toString();
  return qs ? `/?${qs}` : '/';
}

function withChange(s, change) {
  return Object.assign({}, s, { f: Object.assign({}, s.f), page: 1 }, change);
}

// A filter in the query language: field:value, quoted unless one plain word.
function filterTerm(field, value) {
  const v = String(value).replace(/"/g, '');
  return /^[\p{L}\p{N}-]+$/u.test(v) ? `${field}:${v}` : `${field}:"${v}"`;
}

// The query sent: the words as typed, in brackets when filters follow so
// that an OR inside them stays inside them.
function composeQuery(s) {
  const filters = FACETS.filter(([k]) => s.f[k]).map(([k]) => filterTerm(k, s.f[k]));
  if (s.from || s.to) filters.push(`published:${s.from}..${s.to}`);
  const q = s.q.trim();
  if (!filters.length) return { text: q, shift: 0 };
  return { text: (q ? `(${q}) ` : '') + filters.join(' '), shift: q ? 1 : 0, qlen: Array.from(q).length };
}

function apiUrl(s, sent) {
  const p = new URLSearchParams({ q: sent, hl: 'pua', facets: FACETS.map(([k]) => k).join(',') });
  const size = PAGE[s.view];
  p.set('limit', String(size));
  p.set('offset', String(Math.min((s.page - 1) * size, MAX_OFFSET)));
  if (s.view === 'councils') { p.set('by', 'authority'); p.set('per', String(PER)); }
  if (s.sort !== 'relevance') p.set('sort', s.sort);
  if (s.strict) p.set('strict', '1');
  if (s.exact) p.set('exact', '1');
  if (s.since) p.set('since', s.since);
  return `/api/search?${p}`;
}

// ---- pieces of a result

function highlighted(text) {
  const frag = document.createDocumentFragment();
  let marked = false;
  for (const part of String(text).split(/([\uE000\uE001])/u)) {
    if (part === HL_START) marked = true;
    else if (part === HL_END) marked = false;
    else if (part) frag.append(marked ? el('mark', null, part) : document.createTextNode(part));
  }
  return frag;
}

function scoreBadge(score) {
  if (score === null || score === undefined) return el('span', { class: 'score none' }, 'not scored');
  return el('span', { class: `score s${score}` }, `Score ${score}`);
}

// Only http(s) sources become links: a stored URL is outside data.
function sourceHref(h) {
  if (!h.url || !/^https?:\/\//i.test(h.url)) return null;
  return h.page && !h.url.includes('#') ? `${h.url}#page=${h.page}` : h.url;
}

function citation(h) {
  const cite = h.page ? `${h.file}:page ${h.page}` : `${h.file}:${h.line}`;
  const href = sourceHref(h);
  const copy = navigator.clipboard ? el('button', {
    type: 'button', class: 'copy', 'aria-label': `Copy citation ${cite}`,
    onclick: (ev) => {
      const text = [h.authority, h.section, h.heading, cite, href].filter(Boolean).join(' | ');
      navigator.clipboard.writeText(text).then(() => { ev.target.textContent = 'Copied'; },
        () => { ev.target.textContent = 'Copy failed'; });
    },
  }, 'Copy') : null;
  const source = href ? el('a', { class: 'source', href, rel: 'noopener noreferrer' }, 'source') : null;
  // When this text first appeared: the generation --since and the feed count from.
  const seen = h.first_seen_generation ? el('span', { class: 'seen' },
    `new in update ${h.first_seen_generation}` + (h.first_seen ? `, ${h.first_seen.slice(0, 10)}` : '')) : null;
  return el('p', { class: 'cite' }, el('cite', null, el('code', null, cite)), ' ',
    source, source ? ' ' : null, el('span', { class: 'id' }, `id ${h.id}`), ' ',
    seen, seen ? ' ' : null, copy);
}

// like:ID, quoted unless the id is one plain word of the query language.
function likeQuery(id) {
  return /^[^\s"()]+$/u.test(id) ? `like:${id}` : `like:"${String(id).replace(/"/g, '')}"`;
}

function moreLike(h) {
  return el('a', {
    class: 'more-like', 'data-nav': '1',
    href: stateUrl(withChange(state, { q: likeQuery(h.id), f: {}, view: 'list' })),
    'aria-label': `More like this: paragraphs like ${h.id}`,
  }, 'More like this');
}

function hitItem(h, compact) {
  const meta = el('p', { class: 'meta' },
    compact ? null : el('span', { class: 'council' }, h.authority || 'council not known'),
    h.section ? el('span', { class: 'section' }, h.section) : null,
    scoreBadge(h.score),
    el('span', { class: 'kind' }, h.kind),
    h.rating ? el('span', { class: 'rating' }, h.rating) : null,
    h.indicative ? el('span', { class: 'indicative', title: 'A 2023 pilot assessment: its score and rating are indicative' },
      'indicative (2023 pilot)') : null,
    h.published
      ? el('time', { class: 'published', datetime: h.published }, `Published ${dateText(h.published)}`)
      : el('span', { class: 'published none' }, 'date not known'));
  return el('li', { class: 'hit' }, el('article', null,
    el(compact ? 'h4' : 'h3', { class: 'heading' }, h.heading || '(no heading)'),
    meta,
    el('p', { class: 'snippet' }, highlighted(h.snippet)),
    wholeParagraph(h),
    h.matched && h.matched.length && !compact
      ? el('p', { class: 'matched' }, `Matched: ${h.matched.join(', ')}`) : null,
    citation(h),
    el('p', { class: 'like' }, moreLike(h))));
}

// The whole paragraph behind a snippet, shown on demand (only when the
// snippet leaves something out).
function wholeParagraph(h) {
  const snippet = unmarked(h.snippet || '');
  if (!h.text || snippet === h.text) return null;
  const full = el('p', { class: 'fulltext', hidden: true }, h.text);
  const button = el('button', {
    type: 'button', class: 'expand', 'aria-expanded': 'false',
    onclick: (ev) => {
      const open = ev.currentTarget.getAttribute('aria-expanded') !== 'true';
      full.hidden = !open;
      ev.currentTarget.setAttribute('aria-expanded', String(open));
      ev.currentTarget.textContent = open ? 'Hide the whole paragraph' : 'Show the whole paragraph';
    },
  }, 'Show the whole paragraph');
  return el('div', { class: 'whole' }, button, full);
}

function unmarked(text) {
  return String(text).replace(/[\uE000\uE001]/gu, '');
}

function councilCard(g, s) {
  const name = g.authority || 'Council not known';
  const only = g.authority ? el('a', {
    href: stateUrl(withChange(s, { view: 'list', f: Object.assign({}, s.f, { authority: g.authority }) })),
    class: 'only', 'data-nav': '1',
  }, `All ${plural(g.count, 'paragraph')} from ${name}`) : null;
  return el('li', { class: 'council-card' }, el('article', null,
    el('h3', null, name, ' ', el('span', { class: 'count' }, plural(g.count, 'paragraph'))),
    el('ol', { class: 'hits compact' }, ...g.hits.map((h) => hitItem(h, true))),
    only));
}

// ---- the panels

function renderFacets(s, res) {
  const box = $('facets');
  box.replaceChildren();
  for (const [key, label] of FACETS) {
    let values = (res.facets && res.facets[key]) || [];
    if (key === 'score') values = values.slice().sort((a, b) => Number(b.value) - Number(a.value));
    if (!values.length && !s.f[key]) continue;
    const list = el('ul', { class: 'facet-values' });
    values.forEach((v, i) => {
      const active = v.value !== null && s.f[key] === v.value;
      const none = {
        authority: 'council not known', score: 'not scored', published: 'date not known',
        rating: 'council not rated',
      }[key] || 'none';
      const text = v.value === null ? none : key === 'score' ? `Score ${v.value}` : v.value;
      const item = v.value === null
        ? el('span', { class: 'facet-none' }, text, ' ', el('span', { class: 'count' }, v.count))
        : el('button', {
          type: 'button', class: 'facet', 'aria-pressed': active ? 'true' : 'false',
          'data-facet': key, 'data-value': v.value,
          onclick: () => go(withChange(s, { f: Object.assign({}, s.f, { [key]: active ? undefined : v.value }) })),
        }, text, ' ', el('span', { class: 'count' }, el('span', { class: 'visually-hidden' }, '('), v.count,
          el('span', { class: 'visually-hidden' }, ' paragraphs)')));
      list.append(el('li', { hidden: i >= SHOW_VALUES && !active }, item));
    });
    const group = el('section', { class: 'facet-group', 'data-facet': key },
      el('h3', null, label), list);
    if (values.length > SHOW_VALUES) {
      group.append(el('button', {
        type: 'button', class: 'more', 'aria-expanded': 'false',
        onclick: (ev) => {
          const open = ev.target.getAttribute('aria-expanded') !== 'true';
          list.querySelectorAll('li').forEach((li, i) => { li.hidden = !open && i >= SHOW_VALUES; });
          ev.target.setAttribute('aria-expanded', String(open));
          ev.target.textContent = open ? 'Show fewer' : `Show all ${values.length}`;
        },
      }, `Show all ${values.length}`));
    }
    box.append(group);
  }
}

function renderChips(s) {
  const box = $('chips');
  box.replaceChildren();
  const active = FACETS.filter(([k]) => s.f[k]);
  const range = s.from || s.to
    ? `${s.from ? `from ${dateText(s.from)}` : ''}${s.from && s.to ? ' ' : ''}${s.to ? `to ${dateText(s.to)}` : ''}` : null;
  if (!active.length && !range) return;
  box.append(el('span', { class: 'chips-label' }, 'Filters:'), ...active.map(([k, label]) => el('button', {
    type: 'button', class: 'chip', 'aria-label': `Remove filter ${label}: ${s.f[k]}`,
    onclick: () => go(withChange(s, { f: Object.assign({}, s.f, { [k]: undefined }) })),
  }, `${label}: ${s.f[k]} `, el('span', { 'aria-hidden': 'true' }, '\u00d7'))),
  range ? el('button', {
    type: 'button', class: 'chip', 'data-filter': 'dates', 'aria-label': `Remove filter Published: ${range}`,
    onclick: () => go(withChange(s, { from: '', to: '' })),
  }, `Published: ${range} `, el('span', { 'aria-hidden': 'true' }, '\u00d7')) : null);
}

function renderPager(s, total) {
  const nav = $('pager');
  nav.replaceChildren();
  const size = PAGE[s.view];
  const pages = Math.max(1, Math.min(Math.ceil(total / size), Math.floor(MAX_OFFSET / size) + 1));
  if (pages <= 1) return;
  const link = (page, text, rel) => el('a', { href: stateUrl(Object.assign({}, s, { page })), rel, 'data-nav': '1' }, text);
  nav.append(
    s.page > 1 ? link(s.page - 1, '\u2190 Previous', 'prev') : el('span', { class: 'disabled' }, '\u2190 Previous'),
    el('span', { class: 'where' }, `Page ${s.page} of ${pages}`),
    s.page < pages ? link(s.page + 1, 'Next \u2192', 'next') : el('span', { class: 'disabled' }, 'Next \u2192'));
}

function notice(...children) {
  $('notice').append(el('div', { class: 'notice' }, ...children));
}

// The message, and the query with a caret under the column it names.
function showError(s, sent, body) {
  const err = (body && body.error) || { message: 'the server could not answer', column: null };
  const box = el('div', { class: 'notice error', role: 'alert' }, el('p', null, `That query cannot be run: ${err.message}.`));
  let column = err.column, shown = sent.text;
  if (column && sent.shift && column - 1 <= sent.qlen) {
    // point into the words as typed, not our brackets
    column = column - 1 >= 1 ? column - 1 : null;
    shown = s.q.trim();
  }   // else the problem is in a filter the page added: show the query sent
  if (column) {
    const chars = Array.from(shown);
    box.append(el('pre', { class: 'caret', 'aria-hidden': 'true' },
      chars.join(''), '\n', ' '.repeat(Math.max(0, Math.min(column - 1, chars.length))), '^'));
  }
  $('notice').append(box);
  $('status').textContent = 'That query cannot be run.';
}

// ---- what stands out (view=significant): worked out only while its
// panel is open, as it reads every matching paragraph

let standsOutFor = null;   // the request its panel shows or is fetching

function phraseLink(s, text) {
  const q = s.q.trim() ? `${s.q.trim()} "${text}"` : `"${text}"`;
  return el('a', { href: stateUrl(withChange(s, { q })), 'data-nav': '1', class: 'phrase' }, text);
}

function renderStandsOut(s, body) {
  const box = $('stands-out');
  const rows = body.significant || [];
  const intro = el('p', { class: 'stands-out-intro' },
    `Words and phrases these ${plural(body.foreground_paragraphs, 'paragraph')} use more than the other `,
    `${plural(body.background_paragraphs, 'paragraph')} do, by Dunning's log-likelihood (G2). `,
    'Counts are of paragraphs; phrases only one council uses come last.');
  const parts = [intro];
  if (body.limited) {
    parts.push(el('p', { class: 'stands-out-note' },
      `Only the first ${plural(body.foreground_examined, 'paragraph')} and ${body.background_examined.toLocaleString('en-GB')} others were read.`));
  }
  if (!rows.length) {
    parts.push(el('p', { class: 'stands-out-none' }, 'Nothing stands out.'));
  } else {
    parts.push(el('table', { class: 'stands-out' },
      el('thead', null, el('tr', null,
        el('th', { scope: 'col' }, 'Word or phrase'), el('th', { scope: 'col' }, 'Here'),
        el('th', { scope: 'col' }, 'Elsewhere'), el('th', { scope: 'col' }, 'Councils'),
        el('th', { scope: 'col' }, 'G2'))),
      el('tbody', null, ...rows.map((r) => el('tr', { class: r.councils < 2 ? 'one-council' : null },
        el('td', null, phraseLink(s, r.text), r.councils < 2 ? el('span', { class: 'only-one' }, ' (one council)') : null),
        el('td', null, r.foreground), el('td', null, r.background), el('td', null, r.councils),
        el('td', null, r.score.toFixed(1)))))));
  }
  box.replaceChildren(...parts);
}

async function loadStandsOut(s) {
  const sent = composeQuery(s);
  const p = new URLSearchParams({ q: sent.text, view: 'significant', limit: '15' });
  if (s.exact) p.set('exact', '1');
  const key = p.toString();
  if (!$('stands-out-box').open || !sent.text || standsOutFor === key) return;
  standsOutFor = key;
  $('stands-out').replaceChildren(el('p', { class: 'stands-out-intro' }, 'Working out what stands out\u2026'));
  const body = await fetch(`/api/search?${p}`, { headers: { Accept: 'application/json' } })
    .then((r) => r.json()).catch(() => null);
  if (standsOutFor !== key) return;   // a newer search took over
  if (!body || body.error) {
    $('stands-out').replaceChildren(el('p', { class: 'stands-out-none' },
      `What stands out cannot be worked out: ${body && body.error ? body.error.message : 'the server did not answer'}.`));
    return;
  }
  renderStandsOut(s, body);
}

// ---- counts side by side (view=pivot), also only while its panel is open

let pivotFor = null;

// The search for one cell: a facet the page filters by becomes that
// filter; anything else (a rating, "none") is added to the query.
function cellState(s, pairs) {
  const f = Object.assign({}, s.f);
  const extra = [];
  for (const [dim, value] of pairs) {
    if (value === null) {
      if (dim === 'rating' || dim === 'kind') return null;   // no query for "no rating"
      extra.push(`${dim}:none`);
    } else if (FACETS.some(([k]) => k === dim)) {
      f[dim] = value;
    } else {
      extra.push(filterTerm(dim, value));
    }
  }
  const q = [s.q.trim(), ...extra].filter(Boolean).join(' ');
  return withChange(s, { q, f, view: 'list' });
}

function pivotCell(s, pairs, count, label) {
  const to = count ? cellState(s, pairs) : null;
  return el('td', null, to ? el('a', { href: stateUrl(to), 'data-nav': '1', 'aria-label': label }, count) : count);
}

function renderPivot(s, body) {
  const p = body.pivot, rd = p.rows.dimension, cd = p.columns.dimension;
  const shown = (v) => (v === null ? '(none)' : v);
  const total = (n) => el('td', { class: 'total' }, n);
  const head = el('tr', null, el('th', { scope: 'col' }, `${rd} \\ ${cd}`),
    ...p.columns.values.map((c) => el('th', { scope: 'col' }, shown(c.value))),
    el('th', { scope: 'col' }, 'total'));
  const cells = new Map(p.cells.map((c) => [`${c.row}\u0000${c.column}`, c]));
  const rows = p.rows.values.map((r) => el('tr', null, el('th', { scope: 'row' }, shown(r.value)),
    ...p.columns.values.map((c) => {
      const cell = cells.get(`${r.value}\u0000${c.value}`);
      return pivotCell(s, [[rd, r.value], [cd, c.value]], cell ? cell.count : 0,
        `${cell ? cell.count : 0} paragraphs: ${shown(r.value)}, ${shown(c.value)}`);
    }),
    total(r.count)));
  const foot = el('tr', { class: 'total' }, el('th', { scope: 'row' }, 'total'),
    ...p.columns.values.map((c) => total(c.count)), total(body.total));
  $('pivot').replaceChildren(
    el('p', { class: 'stands-out-intro' }, `Matching paragraphs by ${rd} and ${cd}`,
      body.councils === null ? '.' : `, from ${plural(body.councils, 'council')}.`,
      ' Select a count to see those paragraphs.'),
    el('div', { class: 'pivot-scroll' }, el('table', { class: 'pivot' },
      el('thead', null, head), el('tbody', null, ...rows, foot))));
}

async function loadPivot(s) {
  const sent = composeQuery(s);
  const p = new URLSearchParams({ q: sent.text, view: 'pivot',
    pivot: `${$('pivot-rows').value},${$('pivot-columns').value}` });
  if (s.exact) p.set('exact', '1');
  const key = p.toString();
  if (!$('pivot-box').open || !sent.text || pivotFor === key) return;
  pivotFor = key;
  if ($('pivot-rows').value === $('pivot-columns').value) {
    $('pivot').replaceChildren(el('p', { class: 'stands-out-none' }, 'Choose two different things for rows and columns.'));
    return;
  }
  $('pivot').replaceChildren(el('p', { class: 'stands-out-intro' }, 'Counting\u2026'));
  const body = await fetch(`/api/search?${p}`, { headers: { Accept: 'application/json' } })
    .then((r) => r.json()).catch(() => null);
  if (pivotFor !== key) return;
  if (!body || body.error) {
    $('pivot').replaceChildren(el('p', { class: 'stands-out-none' },
      `The counts cannot be worked out: ${body && body.error ? body.error.message : 'the server did not answer'}.`));
    return;
  }
  renderPivot(s, body);
}

// ---- running a search

let current = null;

function render(s, sent, res) {
  const total = res.total;
  const size = PAGE[s.view];
  const offset = (s.page - 1) * size;
  const body = $('results-body');
  let status;
  if (s.view === 'councils') {
    const councils = ((res.facets && res.facets.authority) || []).length;
    status = `${plural(total, 'paragraph')} in ${plural(councils, 'council')} match`;
    renderPager(s, councils);
    body.replaceChildren(total ? el('ol', { class: 'councils', start: offset + 1 },
      ...(res.groups || []).map((g) => councilCard(g, s))) : '');
  } else {
    const first = res.hits.length ? offset + 1 : 0;
    status = `${plural(total, 'paragraph')} ${total === 1 ? 'matches' : 'match'}` +
      (res.hits.length ? `, showing ${first} to ${offset + res.hits.length}` : '');
    renderPager(s, total);
    body.replaceChildren(res.hits.length ? el('ol', { class: 'hits', start: first },
      ...res.hits.map((h) => hitItem(h, false))) : '');
  }
  // The same query as an Atom feed, newest first, for a feed reader.
  const feed = $('feed');
  if (feed) {
    feed.hidden = !sent.text;
    feed.href = sent.text ? `/feed?${new URLSearchParams({ q: sent.text })}` : '/feed';
  }
  if (res.partial) {
    status = `No paragraph has every part of the query; ${plural(total, 'paragraph')} with some of it`;
    notice('No paragraph has every part of your query. These have the most of it. ',
      s.strict ? null : 'Tick "Every word must match" to see only complete matches.');
  }
  if (res.incomplete) notice('The search ran out of time: counts may be short and better matches may be missing.');
  if (!total) notice('Nothing matches. Try fewer words, remove a filter, or see the query syntax above.');
  if (res.suggestion) {
    let q = res.suggestion.query;
    const tail = sent.text.slice(sent.text.lastIndexOf(') ') + 1);
    if (sent.shift && q.startsWith('(') && q.endsWith(`)${tail}`)) q = q.slice(1, q.length - tail.length - 1);
    notice('Did you mean ', el('a', { href: stateUrl(withChange(s, { q })), 'data-nav': '1', class: 'suggestion' }, q),
      ` (${plural(res.suggestion.total, 'paragraph')})?`);
  }
  $('status').textContent = `${status}.`;
  renderFacets(s, res);
  $('facet-box').hidden = !$('facets').childElementCount;
  $('stands-out-box').hidden = !total || !!res.partial;
  $('pivot-box').hidden = !total || !!res.partial;
  $('download-box').hidden = !total;
  $('download').onclick = () => downloadCsv(s);
  $('download-status').textContent = '';
  loadStandsOut(s);
  loadPivot(s);
}

// ---- the results as CSV: the rows lasearch-query --tsv gives, for a
// spreadsheet. At most the API's page limit (1000) of them.

const CSV_HITS = ['rank', 'weight', 'id', 'authority', 'kind', 'section', 'theme', 'score', 'heading',
  'file', 'line', 'page', 'url', 'published', 'snippet', 'text', 'first_seen_generation', 'first_seen'];
const CSV_COUNCILS = ['authority', 'count', 'id', 'url', 'snippet'];
const CSV_MAX = 1000;

// One CSV field (RFC 4180): quoted when it holds a quote, comma or line
// break. Text from the corpus that a spreadsheet would take for a formula
// (=, +, -, @ first) gets a leading apostrophe, as OWASP advises.
function csvField(v) {
  if (v === null || v === undefined) return '';
  let t = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(t)) t = `'${t}`;
  return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

function csvRows(s, body) {
  const rows = [];
  if (s.view === 'councils') {
    rows.push(CSV_COUNCILS);
    for (const g of body.groups || []) {
      const h = (g.hits && g.hits[0]) || {};
      rows.push([g.authority, g.count, h.id, h.url, unmarked(h.snippet || '')]);
    }
  } else {
    rows.push(CSV_HITS);
    for (const h of body.hits || []) {
      rows.push(CSV_HITS.map((k) => (k === 'snippet' ? unmarked(h.snippet || '') : h[k])));
    }
  }
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

async function downloadCsv(s) {
  const sent = composeQuery(s);
  const p = new URL(apiUrl(Object.assign({}, s, { page: 1 }), sent.text), location.href).searchParams;
  p.set('limit', String(CSV_MAX));
  p.set('offset', '0');
  p.delete('facets');
  if (s.view === 'councils') p.set('per', '1');   // a council's best paragraph is its row
  const status = $('download-status');
  status.textContent = 'Preparing the CSV\u2026';
  const body = await fetch(`/api/search?${p}`, { headers: { Accept: 'application/json' } })
    .then((r) => r.json()).catch(() => null);
  if (!body || body.error) {
    status.textContent = `The CSV could not be made: ${(body && body.error && body.error.message) || 'no answer'}.`;
    return;
  }
  const blob = new Blob([csvRows(s, body)], { type: 'text/csv;charset=utf-8' });
  const a = el('a', { href: URL.createObjectURL(blob), download: 'lasearch-results.csv', hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  const n = s.view === 'councils' ? (body.groups || []).length : (body.hits || []).length;
  const of = s.view === 'councils' ? '' : body.total > n ? ` of ${body.total} (the first ${CSV_MAX})` : '';
  status.textContent = `Downloaded ${plural(n, s.view === 'councils' ? 'council' : 'row')}${of}.`;
}

async function run(s) {
  $('notice').replaceChildren();
  renderChips(s);
  const sent = composeQuery(s);
  if (standsOutFor !== null && !$('stands-out-box').open) {
    standsOutFor = null;
    $('stands-out').replaceChildren();
  }
  $('stands-out-box').hidden = true;
  if (pivotFor !== null && !$('pivot-box').open) {
    pivotFor = null;
    $('pivot').replaceChildren();
  }
  $('pivot-box').hidden = true;
  if (!sent.text) {
    $('status').textContent = '';
    $('results-body').replaceChildren(el('p', { class: 'intro' },
      'Search what CQC found and what councils say of themselves: every paragraph knows its council, ',
      'quality statement, theme, score and citation. Try ',
      el('a', { href: '/?q=%22hospital+discharge%22&view=councils', 'data-nav': '1' }, '"hospital discharge" side by side'),
      ' or ', el('a', { href: '/?q=waiting&section=Safeguarding', 'data-nav': '1' }, 'waiting, in Safeguarding'), '.'));
    $('facets').replaceChildren();
    $('facet-box').hidden = true;
    $('pager').replaceChildren();
    return;
  }
  if (current) current.abort();
  const ctl = new AbortController();
  current = ctl;
  $('results').setAttribute('aria-busy', 'true');
  try {
    const resp = await fetch(apiUrl(s, sent.text), { signal: ctl.signal, headers: { Accept: 'application/json' } });
    const body = await resp.json().catch(() => null);
    if (ctl.signal.aborted) return;
    if (!resp.ok || !body || body.error) {
      let shown = sent, error = body;
      if (sent.shift && body && body.error && body.error.column) {
        // With filters added, the columns count in our composed query: ask
        // about the words alone, so the message speaks of what was typed.
        const alone = await fetch(apiUrl(s, s.q.trim()), { signal: ctl.signal }).then((r) => r.json()).catch(() => null);
        if (alone && alone.error) { shown = { text: s.q.trim(), shift: 0 }; error = alone; }
      }
      if (ctl.signal.aborted) return;
      $('results-body').replaceChildren();
      $('facets').replaceChildren();
      $('facet-box').hidden = true;
      $('pager').replaceChildren();
      showError(s, shown, error);
    } else {
      render(s, sent, body);
    }
  } catch (e) {
    if (e.name === 'AbortError') return;
    $('status').textContent = 'The server could not be reached.';
  } finally {
    if (current === ctl) {
      current = null;
      $('results').removeAttribute('aria-busy');
    }
  }
}

// ---- wiring

let state = readState(location.search);

function syncForm(s) {
  $('q').value = s.q;
  document.querySelector(`input[name=view][value=${s.view}]`).checked = true;
  $('sort').value = s.sort;
  $('from').value = s.from;
  $('to').value = s.to;
  $('strict').checked = s.strict;
  $('exact').checked = s.exact;
  $('since').value = s.since;
  document.title = s.q ? `${s.q} - lasearch` : 'lasearch: CQC adult social care reports';
}

// Move to state s: a new history entry, so Back and bookmarks work.
function go(s, focusResults) {
  state = s;
  history.pushState(null, '', stateUrl(s));
  syncForm(s);
  run(s).then(() => { if (focusResults) $('results').focus(); });
}

function formState() {
  return withChange(state, {
    q: $('q').value,
    view: document.querySelector('input[name=view]:checked').value,
    sort: $('sort').value,
    from: dateBound($('from').value),
    to: dateBound($('to').value),
    strict: $('strict').checked,
    exact: $('exact').checked,
    since: $('since').value,
  });
}

document.addEventListener('DOMContentLoaded', () => {
  $('search').addEventListener('submit', (ev) => { ev.preventDefault(); go(formState()); });
  for (const c of document.querySelectorAll('input[name=view], #sort, #strict, #exact, #from, #to, #since')) {
    c.addEventListener('change', () => go(Object.assign(formState(), { page: 1 })));
  }
  for (const b of document.querySelectorAll('button.example')) {
    b.addEventListener('click', () => {
      $('q').value = b.textContent;
      go(withChange(formState(), { f: {} }));
      $('q').focus();
    });
  }
  // Links made by the page (pages, suggestions, council cards) stay in the
  // page; a modified click still opens a new tab as any link does.
  document.addEventListener('click', (ev) => {
    const a = ev.target.closest && ev.target.closest('a[data-nav]');
    if (!a || ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) return;
    ev.preventDefault();
    go(readState(new URL(a.href).search), a.closest('#pager') !== null);
  });
  // "/" jumps to the search box from anywhere but a text field.
  document.addEventListener('keydown', (ev) => {
    const t = ev.target;
    if (ev.key !== '/' || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (t.closest && t.closest('input, textarea, select, [contenteditable]')) return;
    ev.preventDefault();
    $('q').focus();
    $('q').select();
  });
  window.addEventListener('popstate', () => {
    state = readState(location.search);
    syncForm(state);
    run(state);
  });
  $('stands-out-box').addEventListener('toggle', () => loadStandsOut(state));
  $('pivot-box').addEventListener('toggle', () => loadPivot(state));
  for (const c of [$('pivot-rows'), $('pivot-columns')]) c.addEventListener('change', () => loadPivot(state));
  if (window.matchMedia('(max-width: 52rem)').matches) $('facet-box').open = false;
  fetch('/api/status').then((r) => r.json()).then((st) => {
    $('version').textContent = st.version || '';
    $('generation').textContent = st.generation || 'live';
  }).catch(() => { $('generation').textContent = 'unavailable'; });
  syncForm(state);
  run(state);
});
