// Building the page without HTML strings: every piece of text, and above all
// every piece of user content (post text, author names), becomes a text node.
// Nothing in the dashboard assigns innerHTML.
import {formatTime} from './clock.js';

// Returns url when it is an absolute http(s) URL, else null: no javascript:,
// data: or other scheme ever becomes a link.
export function safeHttpUrl(url) {
  try {
    const u = new URL(String(url));
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

// h('a', {href: '#/x', className: 'c', onclick: fn}, 'text', child, ...):
// strings and numbers are appended as text nodes; null/false children are
// skipped. href must be an in-app '#/...' route or an http(s) URL.
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'className') el.className = value;
    else if (key === 'href') setHref(el, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (
        /^(type|value|title|id|for|name|role|aria-[a-z]+|colspan|selected|disabled|min|max|step|placeholder|rel|target|label)$/
            .test(key)) {
      el.setAttribute(key, String(value));
    } else {
      throw new Error(`h(): attribute ${key} is not allowed`);
    }
  }
  append(el, children);
  return el;
}

function setHref(el, value) {
  const v = String(value);
  if (v.startsWith('#/')) {
    el.setAttribute('href', v);
    return;
  }
  const safe = safeHttpUrl(v);
  if (safe) {
    el.setAttribute('href', safe);
    el.setAttribute('rel', 'noopener noreferrer nofollow');
    el.setAttribute('target', '_blank');
  }
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// Post text with its http(s) URLs as links; everything else, including
// "javascript:..." look-alikes, stays text.
export function linkedText(text) {
  const out = [];
  const re = /https?:\/\/[^\s<>"']+/g;
  let last = 0;
  for (const m of String(text).matchAll(re)) {
    out.push(document.createTextNode(text.slice(last, m.index)));
    const url = safeHttpUrl(m[0]);
    out.push(url ? h('a', { href: url }, m[0]) : document.createTextNode(m[0]));
    last = m.index + m[0].length;
  }
  out.push(document.createTextNode(String(text).slice(last)));
  return out;
}

export const pct = (x) => `${(100 * x).toFixed(1)}%`;
export const interval = (i) => `${pct(i.estimate)} (${pct(i.low)}–${pct(i.high)})`;
// A net sentiment, -100% to +100%, with its interval: "+8.1% (+1.1 to +15.0%)".
const signed = (x) => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(1)}`;
export const netInterval = (i) => `${signed(i.estimate)}% (${signed(i.low)} to ${signed(i.high)}%)`;
// A share's change from the period before (the summary's compare),
// "▲ +4.0 pts (+1.2 to +6.8)": ▲ or ▼ only where its interval leaves out 0.
export function changeText(c) {
  const d = c.difference;
  const mark = d.low > 0 ? '▲ ' : d.high < 0 ? '▼ ' : '';
  return `${mark}${signed(d.estimate)} pts (${signed(d.low)} to ${signed(d.high)})`;
}
export const num = (n) => Number(n).toLocaleString('en-US');
// A time on the dashboard's clock (clock.js), or on `zone`'s.
export const when = (iso, zone) => formatTime(iso, zone);

// A route link: '#/posts?brand=x' built from parts, each encoded.
export function route(path, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '' && v !== '*') q.set(k, v);
  }
  const s = q.toString();
  return `#/${path}${s ? `?${s}` : ''}`;
}
