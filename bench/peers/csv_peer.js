// Shared harness for the JavaScript peers in compare.sh: reads a CSV of posts
// (columns id, author, created_at, text), scores every text and writes one
// JSON line per post, so a peer does the same read + score + write work as
// `parley analyze`. Only Node's standard library: no CSV package, so the
// parser's cost is plain to see.
'use strict';

const fs = require('fs');

const QUOTE = 34, COMMA = 44, LF = 10, CR = 13;
const FLUSH_BYTES = 1 << 20;

// Reads a quoted field starting at the opening quote; returns [value, next].
function quotedField(text, i) {
  let value = '';
  i++;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q < 0) throw new Error('CSV: unterminated quoted field');
    value += text.slice(i, q);
    if (text.charCodeAt(q + 1) !== QUOTE) return [value, q + 1];
    value += '"';  // a doubled quote stands for one
    i = q + 2;
  }
}

// Reads an unquoted field up to the next comma or line end.
function plainField(text, i) {
  let j = i;
  for (; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === COMMA || c === LF || c === CR) break;
  }
  return [text.slice(i, j), j];
}

// Yields the records of RFC 4180 text as arrays of strings. Quoted fields may
// hold commas, doubled quotes and line breaks; CRLF or LF ends a record.
function* csvRecords(text) {
  let i = 0;
  while (i < text.length) {
    const record = [];
    for (;;) {
      const [value, next] =
          text.charCodeAt(i) === QUOTE ? quotedField(text, i) : plainField(text, i);
      record.push(value);
      i = next;
      const c = text.charCodeAt(i);
      if (c === COMMA) { i++; continue; }
      if (c === CR) i++;
      if (text.charCodeAt(i) === LF) i++;
      else if (i < text.length) throw new Error(`CSV: stray character at offset ${i}`);
      break;
    }
    if (record.length > 1 || record[0] !== '') yield record;  // skip blank lines
  }
}

// Buffers output lines and writes them in large chunks, as parley does.
class LineWriter {
  constructor(path) {
    this.fd = fs.openSync(path, 'w');
    this.lines = [];
    this.bytes = 0;
  }
  write(line) {
    this.lines.push(line);
    this.bytes += line.length;
    if (this.bytes >= FLUSH_BYTES) this.flush();
  }
  flush() {
    if (this.lines.length) fs.writeSync(this.fd, this.lines.join('\n') + '\n');
    this.lines = [];
    this.bytes = 0;
  }
  close() {
    this.flush();
    fs.closeSync(this.fd);
  }
}

function columnIndexes(header) {
  const index = {};
  for (const name of ['id', 'author', 'created_at', 'text']) {
    index[name] = header.indexOf(name);
    if (index[name] < 0) throw new Error(`CSV: no "${name}" column`);
  }
  return index;
}

// Runs a peer: `node PEER.js POSTS.csv [OUT]` (OUT defaults to /dev/null).
// `startedNs` is process.hrtime.bigint() at the top of the peer script, so
// loading the peer's lexicon counts, as loading parley's does.
// Prints only {"posts":N,"seconds":S} on stdout.
function runPeer(startedNs, score) {
  const [input, output = '/dev/null'] = process.argv.slice(2);
  if (!input) {
    process.stderr.write('usage: node PEER.js POSTS.csv [OUT]\n');
    process.exit(2);
  }
  const records = csvRecords(fs.readFileSync(input, 'utf8'));
  const col = columnIndexes(records.next().value || []);
  const out = new LineWriter(output);
  let posts = 0;
  for (const r of records) {
    out.write(JSON.stringify({id: r[col.id], author: r[col.author],
                              created_at: r[col.created_at], text: r[col.text],
                              sentiment: score(r[col.text])}));
    posts++;
  }
  out.close();
  const seconds = Number(process.hrtime.bigint() - startedNs) / 1e9;
  process.stdout.write(JSON.stringify({posts, seconds}) + '\n');
}

module.exports = {csvRecords, runPeer};
