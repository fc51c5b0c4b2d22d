// Prints, for every text of the VADER ground-truth corpora, the compound
// score of npm's vader-sentiment: "<file>\t<id>\t<compound>" per line.
// Usage: node tests/vader_conformance.js DIR
//        node tests/vader_conformance.js --lines FILE   (one text per line;
//        prints one compound per line)
'use strict';
const fs = require('fs');
const path = require('path');
const vader = require('vader-sentiment');

if (process.argv[2] === '--lines') {
  const texts = fs.readFileSync(process.argv[3], 'utf8').split('\n');
  texts.pop();
  const scores = texts.map((t) => vader.SentimentIntensityAnalyzer.polarity_scores(t).compound);
  process.stdout.write(scores.join('\n') + '\n');
} else {
  scoreCorpora(process.argv[2]);
}

function scoreCorpora(dir) {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('_GroundTruth.txt')).sort();
  const out = [];
  for (const file of files) {
    const lines = fs.readFileSync(path.join(dir, file), 'utf8').split(/\r?\n/);
    for (const line of lines) {
      if (line.length === 0) continue;
      const parts = line.split('\t');
      const text = parts.slice(2).join('\t');
      const score = vader.SentimentIntensityAnalyzer.polarity_scores(text).compound;
      out.push(`${file}\t${parts[0]}\t${score}`);
    }
  }
  process.stdout.write(out.join('\n') + '\n');
}
