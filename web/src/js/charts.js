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

// Shares per bucket, each a line with its interval as a band: `lines` are
// {label, color (r,g,b), of(point) -> {estimate, low, high} or null (a gap)}.
function bandChart(el, points, lines, onPick, zone) {
  const data = [secondsOf(points)];
  const series = [{}];
  const bands = [];
  const pct = (u, v) => v.map((s) => `${Math.round(s * 100)}%`);
  const value = (u, v) => (v == null ? '' : `${(v * 100).toFixed(1)}%`);
  for (const line of lines) {
    const of = (k) => points.map((p) => line.of(p)?.[k] ?? null);
    data.push(of('estimate'), of('low'), of('high'));
    const edge = (label) =>
        ({label, stroke: `rgba(${line.color},0.3)`, width: 0, points: {show: false}});
    series.push(
        {label: line.label, stroke: `rgb(${line.color})`, width: 2, value},
        edge(`${line.label} low`), edge(`${line.label} high`));
    bands.push({series: [series.length - 1, series.length - 2], fill: `rgba(${line.color},0.15)`});
  }
  return mount(
      el, {
        cursor: {points: {size: 8}},
        scales: {x: {time: true}, y: {range: [0, 1]}},
        axes: [timeAxis, {stroke: '#5d6677', grid: {stroke: '#eef0f4'}, values: pct, size: 50}],
        series,
        bands,
        legend: {show: true},
      },
      data, points, onPick, zone);
}

// Negative and positive share per bucket, each with its interval as a band.
export function shareChart(el, points, onPick, zone = UTC) {
  return bandChart(
      el, points,
      [
        {label: 'negative share', color: '200,66,59', of: (p) => p.negative},
        {label: 'positive share', color: '47,138,78', of: (p) => p.positive},
      ],
      onPick, zone);
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
  return bandChart(
      el, rows,
      [
        {label: 'reply rate', color: '43,95,217', of: (r) => r.reply_rate},
        {
          label: 'answered within 1 hour',
          color: '47,138,78',
          of: (r) => (r.hour_over ? r.within_hour : null)
        },
      ],
      () => {}, zone);
}
