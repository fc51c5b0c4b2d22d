// Pieces shared by the views: share rows with interval whiskers, post
// items, pagers, errors. User content only ever enters through h()'s text
// children or linkedText().
import {download} from './api.js';
import {changeText, h, interval, linkedText, num, route, when} from './dom.js';

// A list of rows {name, counts, share} with a bar for the share and its
// interval; click(row) opens the posts behind a row (no click: a label);
// more(row), when given, an element (or null) to end the row with.
export function shareRows(rows, click, labelOf = (r) => r.name, more = () => null) {
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
    return h(
        'li', {},
        click ? h('button',
                  {className: 'link', type: 'button', title: labelOf(r), onclick: () => click(r)},
                  labelOf(r)) :
                h('span', {className: 'name', title: labelOf(r)}, labelOf(r)),
        bar, h('span', {className: 'num'}, `${interval(r.share)} · ${num(r.counts.n)} posts`),
        r.change ? changeNote(r.change) : null, more(r));
  }));
}

// A row's change from the period before, and its share then (of what:
// `what`, when the row's share is not).
function changeNote(c, what = '') {
  return h(
      'span', {className: 'num change wrap'},
      `${what}${changeText(c)} from ${interval(c.previous)}`);
}

// Aspect rows {topic, counts, negative, positive, mean_score, change?}: a
// bar split into the negative and positive shares of a topic's mentions,
// with both intervals, and the negative share's change from the period
// before; click(row) opens the topic's posts.
export function aspectRows(rows, click) {
  if (!rows.length) return h('p', { className: 'hint' }, 'No aspects in this range.');
  return h('ul', { className: 'rows' }, rows.map((r) => {
    const bar = h('div', { className: 'bar', title: `negative ${interval(r.negative)}, positive ${interval(r.positive)}` });
    const neg = h('div', { className: 'fill neg' });
    neg.style.width = `${100 * r.negative.estimate}%`;
    const pos = h('div', { className: 'fill pos' });
    pos.style.left = 'auto';
    pos.style.right = '0';
    pos.style.width = `${100 * r.positive.estimate}%`;
    bar.append(neg, pos);
    const mean = `${r.mean_score >= 0 ? '+' : ''}${Number(r.mean_score).toFixed(2)}`;
    return h(
        'li', {},
        h('button', {className: 'link', type: 'button', title: r.topic, onclick: () => click(r)},
          r.topic),
        bar,
        h('span', {className: 'num wrap'},
          `neg ${interval(r.negative)} · pos ${interval(r.positive)} · mean ${mean} · ${
              num(r.counts.n)} mentions`),
        r.change ? changeNote(r.change, 'neg ') : null);
  }));
}

// Price rows {currency, counts, share, amounts, mean_amount}: the posts that
// mention a price in each currency (null: price words alone, "too
// expensive") as a share of the posts, with the mean amount mentioned. (No
// post list filters on prices: the rows are labels.)
export function priceRows(rows) {
  const named = rows.map((r) => ({ ...r, name: r.currency ?? 'price words' }));
  return shareRows(
      named, null, undefined,
      (r) =>
          (r.amounts ? h('span', {className: 'num wrap'},
                         `${num(r.amounts)} amounts, mean ${Number(r.mean_amount).toFixed(2)} ${
                             r.currency}`) :
                       null));
}

// Key terms (/api/key_terms): each term's share of the label's posts as a
// bar with its interval, and beside it the others' share (the other
// brands', against them) and the ratio of the two; click(term) opens the
// label's posts that use it. The terms of the sentiment lexicon follow in
// one line, each a link too.
export function keyTermRows(d, click) {
  const brands = d.versus === 'brands';
  const previous = d.versus === 'previous';
  const whose = brands ? `${d.brand}’s ${d.label} posts` : `the ${d.label} posts`;
  const rows =
      d.terms.map((t) => ({...t, name: t.term, share: t.label_share, counts: {n: t.label_posts}}));
  // Beside each: the others' share and the ratio.
  const others = (t) =>
      h('span', {className: 'num wrap'},
        `${
            brands       ? 'other brands' :
                previous ? 'before' :
                           'others'} ${interval(t.other_share)} · ×${
            ratioText(t.ratio.estimate)} (${ratioText(t.ratio.low)}–${ratioText(t.ratio.high)})`);
  // Against the period before: both periods, as the server read them (on
  // the dashboard's clock).
  const periods = previous && d.period && d.previous ?
      [h('p', {className: 'hint periods'},
         `${num(d.label_posts)} ${d.label} posts from ${when(d.period.from)} to ${
             when(d.period.to)}, against ${num(d.other_posts)} from ${when(d.previous.from)} to ${
             when(d.previous.to)}.`)] :
      [];
  const out = [
    ...periods,
    rows.length ? shareRows(rows, (r) => click(r.term), undefined, others) :
                  h('p', {className: 'hint'},
                    previous ? `No term is new in ${whose} of this range.` :
                               `No term sets ${whose} apart in this range.`)
  ];
  if (d.sentiment_terms.length) {
    const words = d.sentiment_terms.map(
        (t) =>
            h('button', {
              className: 'link',
              type: 'button',
              title: `${interval(t.label_share)} of ${d.label} posts`,
              onclick: () => click(t.term)
            },
              t.term));
    out.push(
        h('p', {className: 'hint sentiment-terms'},
          'Sentiment words (the lexicon model labels posts by them): ',
          ...words.flatMap((w, i) => (i ? [', ', w] : [w]))));
  }
  if (d.sampled) {
    out.push(h('p', {className: 'hint'}, `From the newest ${num(d.max_posts)} posts in scope.`));
  }
  if (d.shares_left_out) {
    out.push(h(
        'p', {className: 'hint shares'},
        `${num(d.shares_left_out)} ${
            d.shares_left_out === 1 ?
                'share' :
                'shares'} (RT) with no words of their own left out: a share repeats another post.`));
  }
  return out;
}

function ratioText(x) {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

export function labelBadge(label) {
  return h('span', { className: `label ${label}` }, label);
}

// A post's author as a link to their profile, or "(no author)" for a post
// whose export names none (a news article, an anonymous review).
export function authorLink(p) {
  if (!p.author) return h('span', {className: 'author none'}, '(no author)');
  return h(
      'a', {
        className: 'author',
        href: route(`author/${encodeURIComponent(p.source)}/${encodeURIComponent(p.author)}`)
      },
      `@${p.author}`);
}

// One post of a list: author, time, label, text; links to the post, its
// author and (with people) its thread.
export function postItem(p) {
  return h(
      'li', {className: 'post', dataset: {id: p.id}},
      h('div', {className: 'meta'}, authorLink(p), h('span', {}, when(p.created_at)),
        labelBadge(p.label), h('span', {}, `score ${Number(p.score).toFixed(2)}`),
        p.likes !== undefined ? h('span', {}, `♥ ${num(p.likes)} · ↻ ${num(p.shares)}`) : null,
        h('a', {
          className: 'open',
          href: route(`post/${encodeURIComponent(p.source)}/${encodeURIComponent(p.id)}`)
        },
          'open')),
      h('p', {className: 'text'}, linkedText(p.text)));
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

// A button that saves what the API answers at `path` with `params` (an
// export: CSV) as a file, with a status beside it while it comes and when
// it fails. Returns the two, to place together.
export function downloadButton(path, params, label, title) {
  const status = h('span', {className: 'hint', role: 'status'});
  const save =
      h('button', {
        type: 'button',
        className: 'download',
        title,
        onclick: async () => {
          save.disabled = true;
          status.replaceChildren('Preparing…');
          try {
            await download(path, params);
            status.replaceChildren();
          } catch (e) {
            status.replaceChildren(errorBox(e));
          } finally {
            save.disabled = false;
          }
        },
      },
        label);
  return [save, status];
}
