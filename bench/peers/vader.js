// Peer: the npm `vader-sentiment` package (the JavaScript port of VADER that
// parley's lexicon model matches). Usage: node bench/peers/vader.js POSTS.csv [OUT]
'use strict';
const started = process.hrtime.bigint();
const {SentimentIntensityAnalyzer} = require('vader-sentiment');
const {runPeer} = require('./csv_peer');

runPeer(started, (text) => SentimentIntensityAnalyzer.polarity_scores(text));
