// Peer: the npm `sentiment` package (AFINN-165 word scores with negation).
// Usage: node bench/peers/sentiment.js POSTS.csv [OUT]
'use strict';
const started = process.hrtime.bigint();
const Sentiment = require('sentiment');
const {runPeer} = require('./csv_peer');

const analyzer = new Sentiment();
// Only the scores are written; the package's token lists would make the
// output, not the scoring, dominate.
runPeer(started, (text) => {
  const r = analyzer.analyze(text);
  return {score: r.score, comparative: r.comparative};
});
