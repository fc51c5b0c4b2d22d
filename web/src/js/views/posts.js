// The posts behind a number: any filter of the API, newest / oldest / most
// engaged first, a page at a time; all of them as a CSV file to download.
import {api} from '../api.js';
import { h, route, when } from '../dom.js';
import {downloadButton, errorBox, postItem} from '../widgets.js';

const PAGE = 25;

function describe(p) {
  const parts = [];
  if (p.author) parts.push(`by @${p.author}`);
  if (p.brand) parts.push(`brand ${p.brand}`);
  if (p.topic) parts.push(`topic ${p.topic}`);
  if (p.intent) parts.push(`intent ${p.intent}`);
  if (p.language) parts.push(`language ${p.language}`);
  if (p.source) parts.push(`source ${p.source}`);
  if (p.term) parts.push(`using “${p.term}”`);
  // As key terms count posts: a share by the words it adds.
  if (p.shares === 'own_words') parts.push('in their own words (shares with none left out)');
  if (p.label) parts.push(`${p.label} only`);
  // The bucket's day is the route's zone's (tz), on that zone's clock.
  if (p.bucket) parts.push(`the ${p.granularity ?? 'day'} of ${when(p.bucket, p.tz ?? 'UTC')}`);
  if (p.from) parts.push(`from ${when(p.from)}`);
  if (p.to) parts.push(`to ${when(p.to)}`);
  return parts.length ? parts.join(' · ') : 'all posts';
}

export async function posts(root, params) {
  const order = params.order ?? 'newest';
  const offset = Number(params.offset ?? 0);
  const link = (changes) => route('posts', { ...params, ...changes });
  const filters = {...params, order};
  delete filters.offset;
  if (!filters.bucket) delete filters.granularity;
  const [save, status] = downloadButton(
      'posts.csv', filters, 'Download CSV',
      'Every matching post with its analysis (up to 100,000), as parley analyze writes CSV');
  const head =
      h('div', {className: 'filters'}, h('span', {}, 'Posts: ', h('b', {}, describe(params))),
        h('span', {}, 'Order: ',
          ['newest', 'oldest', 'engaged'].map(
              (o) =>
                  (o === order ? h('b', {}, ` ${o} `) :
                                 h('a', {href: link({order: o, offset: ''})}, ` ${o} `)))),
        save, status);
  root.replaceChildren(head, h('p', {}, 'Loading…'));
  try {
    const q = {...filters, limit: PAGE, offset: offset || undefined};
    const d = await api('posts', q);
    const pager = h('div', { className: 'pager' },
      offset > 0 ? h('a', { href: link({ offset: Math.max(0, offset - PAGE) || '' }) }, '← newer page') : null,
      h('span', { className: 'num' }, `posts ${offset + 1}–${offset + d.posts.length}`),
      d.next_offset !== null ? h('a', { className: 'next', href: link({ offset: d.next_offset }) }, 'next page →') : null);
    root.replaceChildren(head,
      h('section', { className: 'card' },
        d.posts.length ? h('ul', { className: 'posts' }, d.posts.map(postItem)) : h('p', {}, 'No posts match.'),
        pager));
  } catch (e) {
    root.replaceChildren(head, errorBox(e));
  }
}
