// Time-series charts with uPlot: volume, and shares with their interval
// bands. A click on the plot picks the bucket under the cursor.
import uPlot from '../vendor/uPlot.esm.js';

import {UTC} from './clock.js';

const COLORS = { total: '#2b5fd9', negative: '#c8423b', positive: '#2f8a4e' };

function secondsOf(points) {
  return points.map((p) => Date.parse(p.bucket) / 1000);
}

// `zone`: the clock the time axis is labeled on (the buckets' own: UTC
// days are labeled in UTC, a zone's days in that zone).
function mount(el, opts, data, points, onPick, zone = UTC) {
  const width = () => Math.max(260, el.clientWidth);
  const tz = zone === UTC ? 'Etc/UTC' : zone;
  const plot = new uPlot(
      {
        ...opts,
        width: width(),
        height: opts.height ?? 220,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), tz),
      },
      data, el);
  plot.over.addEventListener('click', () => {
    const i = plot.cursor.idx;
    if (i !== null && i !== undefined && points[i]) onPick(points[i]);
  });
  const ro = new ResizeObserver(() => plot.setSize({ width: width(), height: opts.height ?? 220 }));
  ro.observe(el);
  return plot;
}

const timeAxis = { stroke: '#5d6677', grid: { stroke: '#eef0f4' } };

// Posts per bucket, and negative posts.
export function volumeChart(el, points, onPick, zone = UTC) {
  const data = [secondsOf(points), points.map((p) => p.counts.n), points.map((p) => p.counts.negative)];
  return mount(
      el, {
        cursor: {points: {size: 8}},
        scales: {x: {time: true}},
        axes: [timeAxis, {stroke: '#5d6677', grid: {stroke: '#eef0f4'}, size: 60}],
        series: [
          {},
          {label: 'posts', stroke: COLORS.total, width: 2, fill: 'rgba(43,95,217,0.08)'},
          {label: 'negative posts', stroke: COLORS.negative, width: 1.5},
        ],
      },
      data, points, onPick, zone);
}

// Negative and positive share per bucket, each with its interval as a band.
export function shareChart(el, points, onPick, zone = UTC) {
  const x = secondsOf(points);
  const col = (f) => points.map(f);
  const data = [
    x,
    col((p) => p.negative.estimate), col((p) => p.negative.low), col((p) => p.negative.high),
    col((p) => p.positive.estimate), col((p) => p.positive.low), col((p) => p.positive.high),
  ];
  const edge = (label, color) => ({ label, stroke: color, width: 0, points: { show: false } });
  const pct = (u, v) => v.map((s) => `${Math.round(s * 100)}%`);
  return mount(
      el, {
        cursor: {points: {size: 8}},
        scales: {x: {time: true}, y: {range: [0, 1]}},
        axes: [timeAxis, {stroke: '#5d6677', grid: {stroke: '#eef0f4'}, values: pct, size: 50}],
        series: [
          {},
          {
            label: 'negative share',
            stroke: COLORS.negative,
            width: 2,
            value: (u, v) => (v == null ? '' : `${(v * 100).toFixed(1)}%`)
          },
          edge('negative low', 'rgba(200,66,59,0.3)'),
          edge('negative high', 'rgba(200,66,59,0.3)'),
          {
            label: 'positive share',
            stroke: COLORS.positive,
            width: 2,
            value: (u, v) => (v == null ? '' : `${(v * 100).toFixed(1)}%`)
          },
          edge('positive low', 'rgba(47,138,78,0.3)'),
          edge('positive high', 'rgba(47,138,78,0.3)'),
        ],
        bands: [
          {series: [3, 2], fill: 'rgba(200,66,59,0.15)'},
          {series: [6, 5], fill: 'rgba(47,138,78,0.15)'},
        ],
        legend: {show: true},
      },
      data, points, onPick, zone);
}

const PALETTE = ['#2b5fd9', '#c8423b', '#2f8a4e', '#b7791f', '#7b4bb3', '#0f8a8a'];

// Each topic's posts per bucket, a line each, on the buckets of `all` (the
// series of every post in scope): a bucket where a topic had no post is 0.
// A click picks the bucket, as on the volume chart.
export function topicsChart(el, all, topics, onPick, zone = UTC) {
  const index = new Map(all.map((p, i) => [p.bucket, i]));
  const data = [secondsOf(all)];
  const series = [{}];
  topics.forEach((s, k) => {
    const col = new Array(all.length).fill(0);
    for (const p of s.points) {
      const i = index.get(p.bucket);
      if (i !== undefined) col[i] = p.counts.n;
    }
    data.push(col);
    series.push({label: s.name, stroke: PALETTE[k % PALETTE.length], width: 1.5});
  });
  return mount(
      el, {
        cursor: {points: {size: 6}},
        scales: {x: {time: true}},
        axes: [timeAxis, {stroke: '#5d6677', grid: {stroke: '#eef0f4'}, size: 60}],
        series,
        legend: {show: true},
      },
      data, all, onPick, zone);
}

// How a brand answered, per bucket (/api/queue/stats rows): the reply rate
// and the share answered within an hour (of the posts whose hour is over),
// each with its interval as a band; a bucket with nothing to say is a gap.
export function responseChart(el, rows, zone = UTC) {
  const col = (f) => rows.map((r) => (f(r) ?? null));
  const data = [
    secondsOf(rows),
    col((r) => r.reply_rate?.estimate),
    col((r) => r.reply_rate?.low),
    col((r) => r.reply_rate?.high),
    col((r) => (r.hour_over ? r.within_hour.estimate : null)),
    col((r) => (r.hour_over ? r.within_hour.low : null)),
    col((r) => (r.hour_over ? r.within_hour.high : null)),
  ];
  const edge = (label, color) => ({label, stroke: color, width: 0, points: {show: false}});
  const pct = (u, v) => v.map((s) => `${Math.round(s * 100)}%`);
  const value = (u, v) => (v == null ? '' : `${(v * 100).toFixed(1)}%`);
  return mount(
      el, {
        cursor: {points: {size: 8}},
        scales: {x: {time: true}, y: {range: [0, 1]}},
        axes: [timeAxis, {stroke: '#5d6677', grid: {stroke: '#eef0f4'}, values: pct, size: 50}],
        series: [
          {},
          {label: 'reply rate', stroke: COLORS.total, width: 2, value},
          edge('reply rate low', 'rgba(43,95,217,0.3)'),
          edge('reply rate high', 'rgba(43,95,217,0.3)'),
          {label: 'answered within 1 hour', stroke: COLORS.positive, width: 2, value},
          edge('within 1 hour low', 'rgba(47,138,78,0.3)'),
          edge('within 1 hour high', 'rgba(47,138,78,0.3)'),
        ],
        bands: [
          {series: [3, 2], fill: 'rgba(43,95,217,0.15)'},
          {series: [6, 5], fill: 'rgba(47,138,78,0.15)'},
        ],
        legend: {show: true},
      },
      data, rows, () => {}, zone);
}
