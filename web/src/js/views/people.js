// The people views (src/people through the API): a thread newest first,
// oldest first or as a tree; an author's profile; the influencers; the care
// queue, where a post can be marked handled.
import { api, setToken } from '../api.js';
import {responseChart, volumeChart} from '../charts.js';
import {clock, tzParam} from '../clock.js';
import {h, interval, num, route, when} from '../dom.js';
import {card, downloadButton, errorBox, postItem} from '../widgets.js';

// A people PostView in the shape postItem() shows.
const asPost = (v) => ({ ...v, label: v.sentiment.label, score: v.sentiment.score });
const enc = encodeURIComponent;

async function thread(root, [source, id], params) {
  const order = params.order ?? 'tree';
  root.replaceChildren(h('p', {}, 'Loading…'));
  try {
    const t = await api(`threads/${enc(source)}/${enc(id)}`, { order });
    const orders = ['newest', 'oldest', 'tree'].map((o) => (o === order ? h('b', {}, ` ${o} `)
      : h('a', { href: route(`thread/${enc(source)}/${enc(id)}`, { order: o }) }, ` ${o} `)));
    const items = t.posts.map((n) => {
      const li = postItem(asPost(n.post));
      if (order === 'tree' && n.depth > 0) {
        li.classList.add('reply');
        li.style.marginLeft = `${Math.min(n.depth, 8) * 1.2}rem`;
      }
      if (n.orphan) li.prepend(h('span', { className: 'badge' }, 'reply to a post not stored'));
      return li;
    });
    root.replaceChildren(h('section', { className: 'card' },
      h('h2', {}, `Thread ${t.thread_id}`),
      h('p', { className: 'hint' }, `${t.posts.length} posts by ${t.participants} people, ${when(t.first)} – ${when(t.last)}. Order:`, orders),
      h('ul', { className: 'posts thread' }, items)));
  } catch (e) {
    root.replaceChildren(errorBox(e));
  }
}

function keyCounts(title, rows) {
  if (!rows?.length) return null;
  return h('div', {}, h('b', {}, `${title}: `), rows.slice(0, 8).map((r) => `${r.key} (${r.n})`).join(', '));
}

async function author(root, [source, handle]) {
  root.replaceChildren(h('p', {}, 'Loading…'));
  try {
    // The trajectory's days are the clock's (clock.js), as the overview's.
    const zone = clock();
    const tz = tzParam(zone);
    const a = await api(`authors/${enc(source)}/${enc(handle)}`, {granularity: 'day', tz});
    const s = a.sentiment;
    const inf = a.influence;
    const chart = h('div', { className: 'chart', id: 'author-chart' });
    root.replaceChildren(h('div', { className: 'grid' },
      h('section', { className: 'card wide author-profile' },
        h('h2', {}, h('span', { className: 'author-name' }, a.name || a.handle), ' ', h('span', { className: 'num' }, `@${a.handle}`)),
        h('div', { className: 'kpis' },
          h('div', { className: 'kpi' }, h('b', {}, num(a.posts)), h('span', {}, 'posts')),
          h('div', { className: 'kpi' }, h('b', {}, `${num(s.negative)} / ${num(s.neutral)} / ${num(s.positive)}`), h('span', {}, 'negative / neutral / positive')),
          a.followers !== undefined ? h('div', { className: 'kpi' }, h('b', {}, num(a.followers)), h('span', {}, 'followers')) : null,
          inf ? h('div', { className: 'kpi' }, h('b', {}, `#${num(inf.rank)}`), h('span', {}, `influence ${Number(inf.score).toFixed(1)}, ${Math.round(inf.percentile)}th pct`)) : null),
        h('p', { className: 'hint' }, `Seen ${when(a.first_seen)} – ${when(a.last_seen)} on ${a.sources.join(', ')}`),
        keyCounts('Topics', a.topics), keyCounts('Brands', a.brands), keyCounts('Intents', a.intents), keyCounts('Mentions', a.mentions)),
      card('Posts over time', 'Posts per day, and negative posts.', chart),
      card('Open complaints', 'Their posts waiting in the care queue.',
        a.open_complaints.length ? h('ul', { className: 'posts' }, a.open_complaints.map((q) => postItem(asPost(q.post)))) : h('p', { className: 'hint' }, 'None.')),
      h('section', { className: 'card wide' }, h('h2', {}, 'Recent posts'), h('ul', { className: 'posts' }, a.recent.map((p) => postItem(asPost(p)))))));
    const points = a.trajectory.map((t) => ({ bucket: t.bucket_start, counts: { n: t.n, negative: t.negative } }));
    if (points.length) {
      // The author's own posts of that day (source: the profile's, when one).
      volumeChart(chart, points, (p) => {
        location.hash = route('posts', {
          author: a.handle,
          source: source === '*' ? undefined : source,
          bucket: p.bucket,
          granularity: 'day',
          tz,
        });
      }, zone);
    }
  } catch (e) {
    root.replaceChildren(errorBox(e));
  }
}

async function influencers(root, params) {
  root.replaceChildren(h('p', {}, 'Loading…'));
  try {
    const d = await api('influencers', { limit: params.limit ?? 50, source: params.source });
    root.replaceChildren(card('Influencers',
      `Influence = PageRank of the reply, mention and share graph (${num(d.authors)} authors), reach and engagement received; the brands' own accounts are left out.`,
      h('table', { className: 'list' },
        h('thead', {}, h('tr', {}, h('th', {}, '#'), h('th', {}, 'author'), h('th', {}, 'score'),
          h('th', { className: 'optional' }, 'reach'), h('th', { className: 'optional' }, 'engagement'), h('th', { className: 'optional' }, 'replies · mentions · shares'))),
        h('tbody', {}, d.influencers.map((r) => h('tr', {},
          h('td', {}, num(r.rank)),
          h('td', {}, h('a', { className: 'author', href: route(`author/${enc(r.source)}/${enc(r.handle)}`) }, `@${r.handle}`)),
          h('td', {}, `${Number(r.score).toFixed(1)}`),
          h('td', { className: 'optional' }, num(r.reach)),
          h('td', { className: 'optional' }, num(Math.round(r.engagement))),
          h('td', { className: 'optional' }, `${num(r.replies_received)} · ${num(r.mentions_received)} · ${num(r.shares_received)}`)))))));
  } catch (e) {
    root.replaceChildren(errorBox(e));
  }
}

// A write token asked for where a write was refused (kept for this tab).
function writeTokenForm(message, retry) {
  const input = h('input', { type: 'password', name: 'write-token', placeholder: 'write token' });
  return h('form', {
    className: 'token-form',
    onsubmit: (e) => {
      e.preventDefault();
      setToken(input.value.trim());
      retry();
    },
  }, h('span', { className: 'num' }, `${message} `), input, ' ', h('button', { type: 'submit' }, 'Use token'));
}

function queueItem(item) {
  const status = h('span', { className: 'num status' });
  const mark = async () => {
    button.disabled = true;
    try {
      await api(`queue/${enc(item.post.source)}/${enc(item.post.id)}/handled`, {}, { method: 'POST' });
      status.replaceChildren('handled ✓');
      li.classList.add('handled');
    } catch (e) {
      button.disabled = false;
      status.replaceChildren(e.status === 401 || (e.status === 403 && /write scope/.test(e.message))
        ? writeTokenForm(e.message, mark) : e.message);
    }
  };
  const button = h('button', { type: 'button', className: 'mark', onclick: mark }, 'Mark handled');
  const li = postItem(asPost(item.post));
  li.prepend(h('div', { className: 'meta' },
    h('b', {}, `priority ${Number(item.priority).toFixed(0)}`),
    item.reasons.join(' · '),
    h('a', { href: route(`thread/${enc(item.post.source)}/${enc(item.thread_id)}`) }, 'thread')));
  li.append(h('div', {}, button, ' ', status));
  return li;
}

// "45s", "12m", "1h 05m", "2d 03h", as `parley queue --stats` writes them.
function duration(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const m = Math.floor(s / 60);
  const two = (x) => String(x).padStart(2, '0');
  if (s < 60) return `${s}s`;
  if (m < 60) return `${m}m`;
  if (m < 24 * 60) return `${Math.floor(m / 60)}h ${two(m % 60)}m`;
  return `${Math.floor(m / 1440)}d ${two(Math.floor(m / 60) % 24)}h`;
}

// How often and how fast each brand answered the posts that needed it.
function responseTable(stats) {
  const head = [
    'brand', 'needed', 'reply rate', 'median time to answer', '90% by', 'within 1 hour',
    'within 1 day', 'waiting'
  ];
  const rows = stats.brands.map(
      (b) =>
          [b.brand === '*' ? 'all brands' : b.brand,
           num(b.needed),
           interval(b.reply_rate),
           b.median_seconds ?
               `${duration(b.median_seconds.estimate)} (${duration(b.median_seconds.low)}–${
                   duration(b.median_seconds.high)})` :
               '—',
           b.p90_seconds === null ? '—' : duration(b.p90_seconds),
           b.hour_over ? interval(b.within_hour) : '—',
           b.day_over ? interval(b.within_day) : '—',
           num(b.waiting),
  ]);
  // Wider than a phone: it scrolls sideways in its card.
  return h(
      'div', {className: 'scroll'},
      h('table', {className: 'list response'},
        h('thead', {}, h('tr', {}, ...head.map((c) => h('th', {}, c)))),
        h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c)))))));
}

async function queue(root, params) {
  root.replaceChildren(h('p', {}, 'Loading…'));
  try {
    // Per day on the dashboard's clock (the rows for the whole window come
    // first, bucket null, then each day's): the table, then the chart of
    // the brand picked, or of all brands.
    const zone = clock();
    const [q, stats] = await Promise.all([
      api('queue', {limit: params.limit ?? 50, brand: params.brand}),
      api('queue/stats', {brand: params.brand, granularity: 'day', tz: tzParam(zone)}),
    ]);
    const whole = {...stats, brands: stats.brands.filter((b) => b.bucket === null)};
    const days = stats.brands.filter((b) => b.bucket !== null && b.brand === (params.brand || '*'));
    const trend = h('div', {className: 'chart', id: 'response-chart'});
    root.replaceChildren(
        card(
            'How brands answer',
            `Of the posts that needed a brand's answer: how many got one (in the data, or the business's reply in a review's record), how fast (of those answered), and within an hour and a day (of the posts whose hour or day is over); ${
                Math.round(100 * stats.confidence)}% intervals.`,
            responseTable(whole)),
        card(
            'Answers over time',
            `${
                params.brand ?
                    `To ${params.brand}` :
                    'To all brands'}: per day, the share of the posts that needed an answer that got one, and that got one within an hour (of those whose hour is over); bands are ${
                Math.round(
                    100 *
                    stats
                        .confidence)}% intervals. The last days' rates may still grow as answers come in.`,
            days.length ? trend : h('p', {className: 'hint'}, 'No post needed an answer.')),
        card(
            'Care queue',
            `${num(q.total)} posts wait for a brand's answer (${
                num(q.handled)} marked handled), most urgent first: influence, reach, recency, spread and severity. Marking one handled needs a write token.`,
            h('div', {className: 'filters'},
              ...downloadButton(
                  'queue.csv', {brand: params.brand}, 'Download CSV',
                  'Every waiting post, a row each with its priority and reasons, for a spreadsheet')),
            q.items.length ? h('ul', {className: 'posts queue'}, q.items.map(queueItem)) :
                             h('p', {}, 'Nothing waits.')));
    if (days.length) responseChart(trend, days, zone);
  } catch (e) {
    root.replaceChildren(errorBox(e));
  }
}

export const peopleViews = {
  thread: (root, params, rest) => thread(root, rest, params),
  author: (root, params, rest) => author(root, rest),
  influencers: (root, params) => influencers(root, params),
  queue: (root, params) => queue(root, params),
};
