// Pieces shared by the views: share rows with interval whiskers, post
// items, pagers, errors. User content only ever enters through h()'s text
// children or linkedText().
import { h, interval, linkedText, num, route, when } from './dom.js';

// A list of rows {name, counts, share} with a bar for the share and its
// interval; click(row) opens the posts behind a row.
export function shareRows(rows, click, labelOf = (r) => r.name) {
  if (!rows.length) return h('p', { className: 'hint' }, 'No data in this range.');
  const max = Math.max(...rows.map((r) => r.share.high), 0.0001);
  return h('ul', { className: 'rows' }, rows.map((r) => {
    const bar = h('div', { className: 'bar', title: interval(r.share) });
    const fill = h('div', { className: 'fill' });
    fill.style.width = `${(100 * r.share.estimate) / max}%`;
    const ci = h('div', { className: 'ci' });
    ci.style.left = `${(100 * r.share.low) / max}%`;
    ci.style.width = `${(100 * (r.share.high - r.share.low)) / max}%`;
    bar.append(fill, ci);
    return h('li', {},
      h('button', { className: 'link', type: 'button', title: labelOf(r), onclick: () => click(r) }, labelOf(r)),
      bar,
      h('span', { className: 'num' }, `${interval(r.share)} · ${num(r.counts.n)} posts`));
  }));
}

export function labelBadge(label) {
  return h('span', { className: `label ${label}` }, label);
}

// One post of a list: author, time, label, text; links to the post, its
// author and (with people) its thread.
export function postItem(p) {
  return h('li', { className: 'post', dataset: { id: p.id } },
    h('div', { className: 'meta' },
      h('a', { className: 'author', href: route(`author/${encodeURIComponent(p.source)}/${encodeURIComponent(p.author)}`) }, `@${p.author}`),
      h('span', {}, when(p.created_at)),
      labelBadge(p.label),
      h('span', {}, `score ${Number(p.score).toFixed(2)}`),
      p.likes !== undefined ? h('span', {}, `♥ ${num(p.likes)} · ↻ ${num(p.shares)}`) : null,
      h('a', { className: 'open', href: route(`post/${encodeURIComponent(p.source)}/${encodeURIComponent(p.id)}`) }, 'open')),
    h('p', { className: 'text' }, linkedText(p.text)));
}

export function errorBox(e) {
  return h('div', { className: 'error', role: 'alert' }, e.message ?? String(e));
}

export function card(title, hint, ...body) {
  return h('section', { className: 'card' }, h('h2', {}, title), hint ? h('p', { className: 'hint' }, hint) : null, ...body);
}

// Replaces a card's body when its data arrives (or fails).
export async function fill(el, promise, render) {
  try {
    const data = await promise;
    el.replaceChildren(...[render(data)].flat());
  } catch (e) {
    el.replaceChildren(errorBox(e));
  }
}
