// The overview a CMO reads: volume and sentiment over time with intervals,
// share of voice, topics and complaint reasons, what complaints are about,
// intents, aspects and prices, languages, alerts.
// Every chart point and row opens the posts behind it.
import {api} from '../api.js';
import {shareChart, topicsChart, volumeChart} from '../charts.js';
import {clock, tzParam} from '../clock.js';
import {changeText, h, interval, netInterval, num, route, when} from '../dom.js';
import {aspectRows, card, downloadButton, errorBox, fill, keyTermRows, priceRows, shareRows} from '../widgets.js';

function go(path, params) {
  location.hash = route(path, params);
}

const DAY = 86400000;

// The range's length in days when it is one the range picker offers.
function rangeDays(params) {
  if (!params.from || !params.to) return '';
  const days = (Date.parse(params.to) - Date.parse(params.from)) / DAY;
  return [7, 30, 90].includes(days) ? String(days) : 'custom';
}

// `s`: the summary of the range shown; its end (the end of the last bucket
// with posts, or the range's) ends the last N days picked.
function filters(params, brands, query, s) {
  const select = (name, options, value, onchange) =>
      h('label', {}, name,
        h('select', {
          name,
          onchange: onchange ?? ((e) => go('', {...params, [name]: e.target.value})),
        },
          options.map(([v, text]) => h('option', {value: v, selected: v === value}, text))));
  const days = rangeDays(params);
  const pickRange = (e) => {
    const n = Number(e.target.value);
    if (!n || !s.to) {
      go('', {...params, from: '', to: ''});
      return;
    }
    const to = Date.parse(params.to ?? s.to);
    const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
    go('', {...params, from: iso(to - n * DAY), to: iso(to)});
  };
  return h(
      'div', {className: 'filters'},
      select(
          'granularity', [['hour', 'hour'], ['day', 'day'], ['week', 'week']], params.granularity),
      select(
          'range',
          [
            ['', 'all time'], ['7', 'last 7 days'], ['30', 'last 30 days'], ['90', 'last 90 days'],
            ...(days === 'custom' ? [['custom', 'custom']] : [])
          ],
          days, pickRange),
      select('brand', [['*', 'all brands'], ...brands.map((b) => [b, b])], params.brand ?? '*'),
      params.topic ? h('span', {className: 'badge'}, `topic: ${params.topic} `,
                       h('a', {href: route('', {...params, topic: ''})}, '×')) :
                     null,
      h('span', {},
        ...downloadButton(
            'summary.csv', query, 'Download figures (CSV)',
            'Every figure of this range (shares, series, topics, intents...), a row each with its interval')));
}

function alertLine(a, params) {
  const al = a.alert;
  const intent = al.series?.intent;
  const series = [al.series?.brand, al.series?.topic, intent ? `${intent} posts` : null]
    .filter((s) => s && s !== '*').join(' / ') || 'all posts';
  const what = a.kind === 'term' ? `“${al.term}” emerging` : a.kind === 'spike'
    ? `volume ×${Number(al.effect).toFixed(1)} (${num(al.observed)} vs ${Number(al.baseline).toFixed(1)} expected)`
    : `negative share ${Math.round(100 * al.baseline)}% → ${Math.round(100 * al.observed)}%`;
  // A term's posts are those of its series and window that use it.
  const open = () => go('posts', {
    brand: al.series?.brand,
    topic: al.series?.topic,
    source: al.series?.source,
    intent,
    term: a.kind === 'term' ? al.term : undefined,
    from: a.window_start,
    to: a.window_end,
  });
  return h('div', { className: `alert ${a.kind}` },
    h('div', {}, h('b', {}, a.kind), ` ${when(a.window_start)} · ${series} · ${what} · p=${Number(al.p_value).toPrecision(2)} `,
      h('button', { type: 'button', className: 'link', onclick: open }, 'posts')));
}

export async function overview(root, params) {
  params = { granularity: 'day', ...params };
  // On a zone's clock the days and weeks are the zone's (and the posts behind
  // a point are those of its day there).
  const zone = clock();
  const tz = tzParam(zone);
  const scope = {
    brand: params.brand,
    topic: params.topic,
    source: params.source,
    from: params.from,
    to: params.to,
    tz
  };
  const figures = {
    granularity: params.granularity,
    source: params.source,
    from: params.from,
    to: params.to,
    tz,
    top: 20
  };
  const summary = api('summary', {...figures, examples: 0});
  // The figures file follows the brand and topic picked (the summary above
  // is of all posts, for the cards that compare brands or sources).
  figures.brand = params.brand;
  // The brand picked's summary: its topics over time.
  const ofBrand = params.brand ? api('summary', {...figures, examples: 0, top: 6}) : summary;
  figures.topic = params.topic;
  // The summary of the posts in scope (a topic's within the brand's): the
  // totals.
  // With a range, against the period as long before it (the figures file
  // too): each total's change.
  if (params.from) figures.compare = 'previous';
  const scoped =
      params.topic || params.from ? api('summary', {...figures, examples: 0, top: 8}) : ofBrand;
  const kpis = h('div', { className: 'kpis' }, 'Loading…');
  const filterBar = h('div', {});
  const volume = h('div', { className: 'chart', id: 'volume-chart' });
  const shares = h('div', { className: 'chart', id: 'share-chart' });
  const topicTrends = h('div', {className: 'chart', id: 'topics-chart'}, 'Loading…');
  const channels = h('div', {}, 'Loading…');
  const sov = h('div', {}, 'Loading…');
  const topics = h('div', {}, 'Loading…');
  const reasons = h('div', {}, 'Loading…');
  const complaints = h('div', {}, 'Loading…');
  const intents = h('div', {}, 'Loading…');
  const aspects = h('div', {}, 'Loading…');
  const prices = h('div', {}, 'Loading…');
  const keyTerms = h('div', {}, 'Loading…');
  const brandTerms = h('div', {}, 'Loading…');
  const newTerms = h('div', {}, 'Loading…');
  const languages = h('div', {}, 'Loading…');
  const alerts = h('div', {}, 'Loading…');
  const pick = (p) => go('posts', { ...scope, granularity: params.granularity, bucket: p.bucket, from: '', to: '' });
  root.replaceChildren(
      filterBar,
      h('div', {className: 'grid'},
        h('section', {className: 'card wide'}, h('h2', {}, 'Totals'), kpis),
        h('section', {className: 'card wide'}, h('h2', {}, 'Volume'),
          h('p', {className: 'hint'}, 'Posts per bucket. Click a point for its posts.'), volume),
        h('section', {className: 'card wide'}, h('h2', {}, 'Sentiment'),
          h('p', {className: 'hint'},
            'Negative and positive share per bucket; bands are 95% intervals. Click a point for its posts.'),
          shares),
        h('section', {className: 'card wide'}, h('h2', {}, 'Topics over time'),
          h('p', {className: 'hint'},
            'Posts per bucket about each of the top topics (of the brand picked, if any). Click a point for the bucket’s posts.'),
          topicTrends),
        card('Channels', 'Posts per source, as a share of all posts in range.', channels),
        card('Share of voice', 'Brand mentions among all brand mentions.', sov),
        card('Top topics', 'Share of posts in scope.', topics),
        card(
            'Complaint reasons', 'Topics of negative posts, as a share of negative posts.',
            reasons),
        card(
            'What complaints are about',
            'Topics of the posts with the complaint intent, as a share of them (a post may have two topics).',
            complaints),
        card(
            'What negative posts say',
            'Words and two-word terms the negative posts in scope use more than the others: their share of the negative posts (bar), of the others, and the ratio, with 95% intervals; each a discovery at a 1% false discovery rate. Click one for its posts.',
            keyTerms),
        ...(params.brand ?
                [card(
                    `Said of ${params.brand}, not of the others`,
                    `Words and two-word terms of ${
                        params
                            .brand}’s negative posts that the other brands’ negative posts use less (the brands’ names left out): what is ${
                        params.brand}’s own, not the market’s.`,
                    brandTerms)] :
                []),
        ...(params.from ?
                [card(
                    'New in negative posts',
                    'Words and two-word terms the negative posts of this range use more than the negative posts of the period as long just before it: what customers complain of now that they did not then.',
                    newTerms)] :
                []),
        card('Intents', 'Share of posts in scope with each intent.', intents),
        card(
            'Aspects',
            'How each topic is spoken of: its mentions by the sentiment of the clauses around them (red negative, green positive).',
            aspects),
        card(
            'Prices',
            'Posts that mention a price, per currency (price words alone: “too expensive”), as a share of posts in scope.',
            prices),
        card(
            'Languages',
            'Posts per language, as a share of posts in scope. The lexicon model reads English only: posts in other languages mostly score neutral.',
            languages),
        card(
            'Alerts', 'Spikes, sentiment shifts and emerging terms stored by parley alerts.',
            alerts)));

  fill(filterBar, summary, (s) => filters(params, s.share_of_voice.map((b) => b.name), figures, s));
  // The range's last day: `to` is exclusive.
  const range = (s) => (s.from
    ? `${when(s.from).slice(0, 10)} – ${when(new Date(Date.parse(s.to) - 1).toISOString()).slice(0, 10)}`
    : '—');
  const series = api('series', { granularity: params.granularity, ...scope });
  ofBrand
      .then((s) => {
        topicTrends.replaceChildren();
        const all = s.series[0]?.points ?? [];
        const top = s.topic_series.slice(0, 6);
        if (!all.length || !top.length) {
          topicTrends.append('No topics in this range.');
          return;
        }
        topicsChart(topicTrends, all, top, pick, zone);
      })
      .catch((e) => topicTrends.replaceChildren(errorBox(e)));
  // All posts', the brand picked's or the topic picked's (its own
  // summary). With the server's --validation the shares are corrected for
  // the model's measured confusion: the label says so, and its tooltip
  // how (and the raw share beside it).
  fill(kpis, scoped, (s) => {
    const corrected = s.sentiment.correction !== 'none';
    const how = corrected ?
        {title: `${s.sentiment.correction} on ${num(s.sentiment.validation_posts)} labeled posts`} :
        {};
    // Against the period before (a range picked): the change and whether
    // its interval leaves out 0.
    const then = s.comparison && s.comparison.total.n ? s.comparison : null;
    const before = `the ${
        num(Math.round(
            (Date.parse(then?.to) - Date.parse(then?.from)) / 3600000 / 24))} days before`;
    const change = (c) => {
      if (!then || !c) return null;
      const d = c.difference;
      return h('small', {className: `change${d.low > 0 ? ' up' : d.high < 0 ? ' down' : ''}`},
        `${changeText(c)} vs ${before}`);
    };
    const volume = () => {
      if (!then?.volume_ratio)
        return then ? h('small', {className: 'change'}, `${num(then.total.n)} ${before}`) : null;
      const v = then.volume_ratio;
      const mark = v.low > 1 ? '▲ ' : v.high < 1 ? '▼ ' : '';
      return h(
          'small', {className: 'change'},
          `${mark}×${v.estimate.toFixed(2)} (${v.low.toFixed(2)}–${
              v.high.toFixed(2)}) posts an hour vs ${before}`);
    };
    // A correction that fell outside 0–100% was clipped there: its share
    // and interval say nothing (the labeled posts do not fit these), so the
    // raw share stands, and says why.
    // Net sentiment weighs the negative and positive shares.
    const clipped =
        s.sentiment.clipped.includes('negative') || s.sentiment.clipped.includes('positive');
    const share = (k) => s.sentiment.clipped.includes(k) ?
        h('div', {className: 'kpi clipped', ...how}, h('b', {}, interval(s.sentiment.raw[k])),
          h('span', {},
            `${k} (raw: the correction fell outside 0–100% and was clipped; the labeled posts do not fit these)`),
          change(then?.sentiment.raw?.[k])) :
        h('div', {className: 'kpi', ...how}, h('b', {}, interval(s.sentiment.corrected[k])),
          h('span', {}, corrected ? `${k} (corrected; raw ${interval(s.sentiment.raw[k])})` : k),
          change((corrected ? then?.sentiment.corrected : then?.sentiment.raw)?.[k]));
    return [
      h('div', {className: 'kpi'}, h('b', {}, num(s.total.n)),
        h('span', {}, params.brand || params.topic ? 'posts in scope' : 'posts'), volume()),
      ...(s.topic_share ? [h('div', {className: 'kpi'}, h('b', {}, interval(s.topic_share.share)),
                             h('span', {}, `of ${num(s.topic_share.of_posts)} posts`))] :
                          []),
      share('negative'),
      share('positive'),
      // (positive − negative) / (positive + negative): the balance of the
      // posts that take a side.
      h('div', {className: 'kpi', ...how},
        h('b', {}, netInterval(s.sentiment.net_sentiment[clipped ? 'raw' : 'corrected'])),
        h('span', {},
          clipped ? 'net sentiment (raw: the correction was clipped)' :
              corrected ?
                    `net sentiment (corrected; raw ${netInterval(s.sentiment.net_sentiment.raw)})` :
                    'net sentiment')),
      h('div', {className: 'kpi'}, h('b', {}, range(s)), h('span', {}, 'range')),
    ];
  });
  series.then((s) => {
    volume.replaceChildren();
    shares.replaceChildren();
    if (!s.points.length) {
      volume.append('No posts in this range.');
      return;
    }
    volumeChart(volume, s.points, pick, zone);
    shareChart(shares, s.points, pick, zone);
  }).catch((e) => volume.replaceChildren(e.message));
  fill(
      channels, summary,
      (s) =>
          (s.channels.length ?
               shareRows(s.channels, (r) => go('posts', {...scope, source: r.name})) :
               h('p', {className: 'hint'},
                 params.source ? `Only the source ${params.source} is shown.` :
                                 'All posts in range come from one source.')));
  // With a range picked, share of voice and intents come from the summary
  // compared with the period before (the same figures, each row with its
  // change).
  fill(
      sov, params.from ? scoped.then((s) => ({brands: s.share_of_voice})) : api('share_of_voice', {
        granularity: params.granularity,
        topic: params.topic,
        source: params.source,
        from: params.from,
        to: params.to,
        tz
      }),
      (d) => shareRows(d.brands, (r) => go('posts', {...scope, brand: r.name})));
  const tags = {
    granularity: params.granularity,
    brand: params.brand,
    source: params.source,
    from: params.from,
    to: params.to,
    tz
  };
  // With a range picked (and no topic: within one, the summary counts no
  // topics, reasons, complaint topics nor prices), the rows come from the
  // summary compared with the period before, each with its change; else
  // from their own queries.
  const compared = params.from && !params.topic;
  const t = compared ? scoped : api('topics', tags);
  fill(topics, t, (d) => shareRows(d.topics, (r) => go('posts', { ...scope, topic: r.name })));
  fill(reasons, t, (d) => shareRows(d.complaint_reasons, (r) => go('posts', { ...scope, topic: r.name, label: 'negative' })));
  fill(
      complaints,
      compared ? scoped.then((s) => ({topics: s.complaint_topics})) :
                 api('topics', {...tags, intent: 'complaint'}),
      (d) =>
          shareRows(d.topics, (r) => go('posts', {...scope, topic: r.name, intent: 'complaint'})));
  // Intents are counted per topic too: with a topic picked, its posts' intents.
  fill(
      intents, params.from ? scoped : api('intents', {...tags, topic: params.topic}),
      (d) => shareRows(d.intents, (r) => go('posts', {...scope, intent: r.name})));
  // (The summary's aspect rows count `mentions` where /api/aspects says
  // `counts`.)
  fill(
      aspects,
      compared ?
          scoped.then((s) => ({aspects: s.aspects.map((a) => ({...a, counts: a.mentions}))})) :
          api('aspects', tags),
      (d) => aspectRows(d.aspects, (r) => go('posts', {...scope, topic: r.topic})));
  fill(prices, compared ? scoped : api('prices', tags), (d) => priceRows(d.prices));
  const termsQuery = {
    brand: params.brand,
    topic: params.topic,
    source: params.source,
    from: params.from,
    to: params.to,
    tz,
    top: 10,
    examples: 0
  };
  // The posts a term counts: shares by their own words.
  const termPosts = (term) => go('posts', {...scope, label: 'negative', term, shares: 'own_words'});
  fill(keyTerms, api('key_terms', termsQuery), (d) => keyTermRows(d, termPosts));
  if (params.brand) {
    fill(
        brandTerms, api('key_terms', {...termsQuery, versus: 'brands'}),
        (d) => keyTermRows(d, termPosts));
  }
  if (params.from) {
    fill(
        newTerms, api('key_terms', {...termsQuery, versus: 'previous'}),
        (d) => keyTermRows(d, termPosts));
  }
  // The languages' rows with their changes, and what /api/languages alone
  // says: the posts without one, the languages kept at ingest.
  const langs = compared ? Promise.all([api('languages', tags), scoped])
                               .then(([l, s]) => ({...l, languages: s.languages})) :
                           api('languages', tags);
  fill(languages, langs, (d) => {
    const out = [
      d.languages.length ?
          shareRows(
              d.languages, (r) => go('posts', {...scope, language: r.name}),
              (r) => r.display_name || r.name) :
          h('p', {className: 'hint'},
            'No languages counted: the posts have no lang column; ingest with --detect-language to tell them from the text.')
    ];
    // Some posts have a language and others none (a source without a lang
    // column, stored without --detect-language): say how many.
    const without = d.without_language || 0;
    if (d.languages.length && without > 0) {
      out.push(h(
          'p', {className: 'hint languages-without'},
          `${without.toLocaleString('en-US')} ${
              without === 1 ?
                  'post has' :
                  'posts have'} no language counted: no lang column, and stored without --detect-language.`));
    }
    const kept = d.languages_kept || [];
    if (kept.length) {
      out.push(h(
          'p', {className: 'hint languages-kept'},
          `Ingested with --languages ${
              kept.join(
                  ' and with --languages ')}: posts in other languages were left out and are counted nowhere here.`));
    }
    return out;
  });
  fill(alerts, Promise.all([api('alerts', { limit: 8 }), api('terms', { limit: 5 })]), ([a, terms]) => {
    const all = [...a.alerts, ...terms.alerts];
    return all.length ? all.map((x) => alertLine(x, params)) : h('p', { className: 'hint' }, 'No stored alerts: run parley alerts on this store.');
  });
}
