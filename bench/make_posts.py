#!/usr/bin/env python3
"""Writes tweet-sized posts for benchmarks, deterministically by --seed.

    python3 bench/make_posts.py bench/out/posts.csv            # 200,000 posts, CSV
    python3 bench/make_posts.py -n 1000000 --format ndjson out.ndjson

Columns are those of parley's `generic` preset: id, author, created_at, text.
Texts are sampled from real corpora in ../shared/data (VADER's tweet ground
truth and the airline sample) and lightly varied with mentions, hashtags, URLs
and emoji, so the benchmark sees real tweet shapes rather than one repeated
string. Without ../shared they are composed from VADER lexicon words.
Standard library only.
"""

import argparse
import csv
import datetime
import itertools
import json
import os
import random
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED_DATA = os.path.join(os.path.dirname(REPO), "shared", "data")
LEXICON = os.path.join(REPO, "node_modules", "vader-sentiment", "vader_lexicon.txt")

MENTIONS = ["@united", "@AmericanAir", "@SouthwestAir", "@JetBlue", "@Delta",
            "@support", "@comcast", "@VirginAmerica", "@USAirways", "@anna_k"]
HASHTAGS = ["#fail", "#travel", "#customerservice", "#love", "#delayed",
            "#thanks", "#worst", "#happy", "#mondays", "#help"]
EMOJI = ["😡", "😂", "❤️", "👍", "🙄", "😭", "🎉", "✈️", "😊", "💔"]
FILLER = ["the", "a", "my", "flight", "was", "is", "and", "to", "so", "it",
          "this", "today", "service", "again", "very", "not", "but", "really",
          "you", "we", "they", "just", "got", "plane", "bag", "gate", "hours"]

START = datetime.datetime(2024, 3, 1, tzinfo=datetime.timezone.utc)
SPAN_SECONDS = 30 * 24 * 3600
AUTHOR_POOL = 20000


def groundtruth_texts(path):
    """Texts of a VADER ground-truth file: id<TAB>rating<TAB>text, CRLF."""
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.read().split("\r\n")
    return [parts[2] for parts in (l.split("\t", 2) for l in lines) if len(parts) == 3]


def airline_texts(path):
    # Some cells hold newlines inside quotes: only the csv module gets them right.
    with open(path, encoding="utf-8", newline="") as f:
        return [row["text"] for row in csv.DictReader(f) if row["text"]]


def composed_texts(rng, count=5000):
    """Fallback corpus: lexicon words mixed with filler, 6-22 words each."""
    with open(LEXICON, encoding="utf-8") as f:
        words = [l.split("\t", 1)[0] for l in f if l.strip()]
    words = [w for w in words if w.isalpha()]
    texts = []
    for _ in range(count):
        n = rng.randint(6, 22)
        texts.append(" ".join(rng.choice(words) if rng.random() < 0.3 else rng.choice(FILLER)
                              for _ in range(n)))
    return texts


def load_texts(rng):
    tweets = os.path.join(SHARED_DATA, "vader-groundtruth", "tweets_GroundTruth.txt")
    airline = os.path.join(SHARED_DATA, "airline-sample.csv")
    if os.path.exists(tweets) and os.path.exists(airline):
        return groundtruth_texts(tweets) + airline_texts(airline)
    print(f"make_posts: {SHARED_DATA} not found; composing texts from {LEXICON}",
          file=sys.stderr)
    return composed_texts(rng)


def vary(text, rng):
    """Appends a few social cues at random so copies of a text differ."""
    extras = []
    if rng.random() < 0.35:
        extras.append(rng.choice(MENTIONS))
    if rng.random() < 0.25:
        extras.append(rng.choice(HASHTAGS))
    if rng.random() < 0.10:
        extras.append("https://t.co/%08x" % rng.getrandbits(32))
    if rng.random() < 0.20:
        extras.append(rng.choice(EMOJI))
    return " ".join([text] + extras) if extras else text


def author_sampler(rng):
    """Zipf-ish authors: a few post a lot, most post once or twice."""
    names = ["user%05d" % i for i in range(AUTHOR_POOL)]
    cum = list(itertools.accumulate(1.0 / (k + 1) for k in range(AUTHOR_POOL)))
    return lambda: rng.choices(names, cum_weights=cum)[0]


def iso_time(seconds):
    t = START + datetime.timedelta(seconds=seconds)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def posts(n, seed):
    """Yields (id, author, created_at, text), in time order like an export."""
    rng = random.Random(seed)
    texts = load_texts(rng)
    author = author_sampler(rng)
    times = sorted(rng.randrange(SPAN_SECONDS) for _ in range(n))
    for i, t in enumerate(times):
        yield (str(1_760_000_000_000_000_000 + i), author(), iso_time(t),
               vary(rng.choice(texts), rng))


def write_csv(rows, out):
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["id", "author", "created_at", "text"])
    w.writerows(rows)


def write_ndjson(rows, out):
    for pid, author, created, text in rows:
        out.write(json.dumps({"id": pid, "author": author, "created_at": created, "text": text},
                             ensure_ascii=False, separators=(",", ":")))
        out.write("\n")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("path", help="output file (- for stdout)")
    p.add_argument("-n", "--posts", type=int, default=200_000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--format", choices=["csv", "ndjson"], default="csv")
    args = p.parse_args()
    write = write_csv if args.format == "csv" else write_ndjson
    rows = posts(args.posts, args.seed)
    if args.path == "-":
        write(rows, sys.stdout)
        return
    # Written under a temporary name so an interrupted run leaves no half file.
    tmp = args.path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as out:
        write(rows, out)
    os.replace(tmp, args.path)


if __name__ == "__main__":
    main()
