// One post with its analysis, and the ways on: its thread and its author.
import { api } from '../api.js';
import { h, linkedText, num, route, when } from '../dom.js';
import {authorLink, errorBox, labelBadge} from '../widgets.js';

export async function post(root, [source, id]) {
  root.replaceChildren(h('p', {}, 'Loading…'));
  try {
    const p = await api(`posts/${encodeURIComponent(source)}/${encodeURIComponent(id)}`);
    const m = p.metrics;
    const list = (name, v) => (v.length ? h('div', {}, h('b', {}, `${name}: `), v.join(', ')) : null);
    root.replaceChildren(h(
        'section', {className: 'card post-detail'},
        h('h2', {}, h('span', {className: 'author-name'}, p.author_name || p.author), ' ',
          authorLink(p)),
        h('div', {className: 'meta'}, `${when(p.created_at)} · ${p.source} · `,
          labelBadge(p.sentiment.label),
          ` score ${Number(p.sentiment.score).toFixed(3)} (${p.sentiment.model})`),
        h('p', {className: 'text'}, linkedText(p.text)),
        h('div', {className: 'meta'}, m.likes !== null ? `♥ ${num(m.likes)} ` : '',
          m.shares !== null ? `↻ ${num(m.shares)} ` : '',
          m.followers !== null ? `· ${num(m.followers)} followers` : ''),
        list('Brands', p.brands), list('Topics', p.topics), list('Intents', p.intents),
        list('Mentions', p.mentions), list('Hashtags', p.hashtags),
        p.thread ? h('p', {},
                     h('a', {
                       className: 'thread-link',
                       href: route(
                           `thread/${encodeURIComponent(p.source)}/${encodeURIComponent(p.thread)}`)
                     },
                       'Read the thread')) :
                   null));
  } catch (e) {
    root.replaceChildren(errorBox(e));
  }
}
