#!/usr/bin/env python3
"""parley train/eval against Debian's `fasttext supervised` on one split, in one run.

    python3 bench/learn_compare.py                        # airline sample
    python3 bench/learn_compare.py --data vader-tweets    # VADER's 4,200 rated tweets
    python3 bench/learn_compare.py --parley build/bin/parley --seed 3

Builds a stratified train/test split (deterministic by --seed) of the labeled
data, writes it once for parley (CSV, `generic` preset columns plus `label`) and
once for fastText (`__label__X text`, lower-cased with punctuation split off, as
fastText's own tutorial prepares text), then:

- trains both on 1 thread (`parley train -j1`, `fasttext supervised -thread 1`)
  and times the whole command;
- predicts the test posts with probabilities (`parley analyze --model`,
  `fasttext predict-prob ... 3`) and scores both with the same code here:
  accuracy, macro-F1 and expected calibration error (10 equal-width bins of
  top-label probability, as `parley eval` computes it);
- times inference on the test texts repeated to --throughput posts
  (whole command, model loading included, 1 thread each, output to /dev/null).

Python standard library only. Exits 2 when parley, fasttext or the data is missing.
"""
import argparse
import csv
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "data")
LABELS = ["negative", "neutral", "positive"]


def load_airline(path):
    with open(path, newline="", encoding="utf-8") as f:
        return [(r["text"], r["airline_sentiment"]) for r in csv.DictReader(f)]


def load_vader(path, cut):
    """VADER ground truth: id, mean rating in [-4, 4], text. |mean| < cut is neutral."""
    rows = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t", 2)
            if len(parts) < 3:
                continue
            score = float(parts[1])
            label = "positive" if score >= cut else "negative" if score <= -cut else "neutral"
            rows.append((parts[2], label))
    return rows


def split(rows, test_fraction, seed):
    rng = random.Random(seed)
    train, test = [], []
    for label in LABELS:
        of_class = [r for r in rows if r[1] == label]
        rng.shuffle(of_class)
        n = round(test_fraction * len(of_class))
        test += of_class[:n]
        train += of_class[n:]
    rng.shuffle(train)
    rng.shuffle(test)
    return train, test


def write_parley(rows, path):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "author", "created_at", "text", "label"])
        for i, (text, label) in enumerate(rows):
            w.writerow([i, "a", "2024-01-01T00:00:00Z", text, label])


def ft_text(text):
    text = text.lower().replace("\n", " ")
    return " ".join(re.sub(r"([.!?,'/()\"])", r" \1 ", text).split())


def write_fasttext(rows, path):
    with open(path, "w", encoding="utf-8") as f:
        for text, label in rows:
            f.write(f"__label__{label} {ft_text(text)}\n")


def run(cmd, **kw):
    start = time.perf_counter()
    proc = subprocess.run(cmd, check=True, **kw)
    return time.perf_counter() - start, proc


def scores(truth, probs):
    """accuracy, macro-F1, ECE (10 bins) from true labels and probability triples."""
    pred = [max(range(3), key=lambda k: p[k]) for p in probs]
    acc = sum(t == q for t, q in zip(truth, pred)) / len(truth)
    f1s = []
    for k in range(3):
        tp = sum(t == k and q == k for t, q in zip(truth, pred))
        npred = sum(q == k for q in pred)
        ntrue = sum(t == k for t in truth)
        p = tp / npred if npred else 0
        r = tp / ntrue if ntrue else 0
        f1s.append(2 * p * r / (p + r) if p + r else 0)
    bins = [[0, 0.0, 0.0] for _ in range(10)]
    for t, q, p in zip(truth, pred, probs):
        b = bins[min(9, int(p[q] * 10))]
        b[0] += 1
        b[1] += p[q]
        b[2] += t == q
    ece = sum(abs(b[2] - b[1]) / len(truth) for b in bins if b[0])
    return acc, sum(f1s) / 3, ece


def parley_probs(out):
    probs = []
    for line in out.splitlines():
        p = json.loads(line)["sentiment"]["p"]
        probs.append([p[name] for name in LABELS])
    return probs


def fasttext_probs(out):
    probs = []
    for line in out.splitlines():
        parts = line.split()
        p = {parts[i].replace("__label__", ""): float(parts[i + 1]) for i in range(0, len(parts), 2)}
        probs.append([p.get(name, 0.0) for name in LABELS])
    return probs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default="airline", help="airline, vader-tweets, or a CSV with text,label")
    ap.add_argument("--parley", default=os.path.join(ROOT, "build", "bin", "parley"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--test-fraction", type=float, default=0.2)
    ap.add_argument("--vader-cut", type=float, default=0.5, help="|mean rating| below this is neutral")
    ap.add_argument("--throughput", type=int, default=100000, help="posts for the inference timing")
    ap.add_argument("--runs", type=int, default=3, help="timed runs of each command; best kept")
    ap.add_argument("--parley-args", default="", help="extra parley train flags")
    ap.add_argument("--fasttext-args", default="-epoch 25 -wordNgrams 2 -lr 0.5 -dim 50 -bucket 200000",
                    help="fastText supervised settings: its tutorial's for short texts, with "
                    "200,000 buckets (the default 2,000,000 makes a 400 MB model file)")
    ap.add_argument("--work", default=os.path.join(ROOT, "bench", "out", "learn"))
    a = ap.parse_args()

    if not os.access(a.parley, os.X_OK) or not shutil.which("fasttext"):
        sys.exit(f"learn_compare: need {a.parley} (scripts/setup) and fasttext (apt-get install fasttext)")
    if a.data == "airline":
        path = os.path.join(SHARED, "airline-sample.csv")
        rows = load_airline(path) if os.path.exists(path) else sys.exit(f"learn_compare: no {path}") or []
    elif a.data == "vader-tweets":
        path = os.path.join(SHARED, "vader-groundtruth", "tweets_GroundTruth.txt")
        rows = load_vader(path, a.vader_cut) if os.path.exists(path) else sys.exit(f"learn_compare: no {path}") or []
    else:
        with open(a.data, newline="", encoding="utf-8") as f:
            rows = [(r["text"], r["label"]) for r in csv.DictReader(f)]
    rows = [(t, l) for t, l in rows if l in LABELS]
    os.makedirs(a.work, exist_ok=True)
    train, test = split(rows, a.test_fraction, a.seed)
    w = lambda name: os.path.join(a.work, name)
    write_parley(train, w("train.csv"))
    write_parley(test, w("test.csv"))
    write_fasttext(train, w("train.txt"))
    write_fasttext(test, w("test.txt"))
    repeat = max(1, a.throughput // len(test))
    write_parley(test * repeat, w("big.csv"))
    write_fasttext(test * repeat, w("big.txt"))
    big = len(test) * repeat
    truth = [LABELS.index(l) for _, l in test]

    quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    p_train = min(run([a.parley, "train", w("train.csv"), "-o", w("model.plm"), "-j1", "-q",
                       "--seed", str(a.seed)] + a.parley_args.split(), **quiet)[0]
                  for _ in range(a.runs))
    f_train = min(run(["fasttext", "supervised", "-input", w("train.txt"), "-output", w("ft"),
                       "-thread", "1", "-seed", str(a.seed)] + a.fasttext_args.split(), **quiet)[0]
                  for _ in range(a.runs))
    _, p_out = run([a.parley, "analyze", w("test.csv"), "--model", w("model.plm"), "-j1", "-q",
                    "--no-extra"], capture_output=True, text=True)
    _, f_out = run(["fasttext", "predict-prob", w("ft.bin"), w("test.txt"), "3"],
                   capture_output=True, text=True)
    p_scores = scores(truth, parley_probs(p_out.stdout))
    f_scores = scores(truth, fasttext_probs(f_out.stdout))
    p_infer = min(run([a.parley, "analyze", w("big.csv"), "--model", w("model.plm"), "-j1", "-q",
                       "--no-extra", "-o", "/dev/null"], **quiet)[0] for _ in range(a.runs))
    p_infer_all = min(run([a.parley, "analyze", w("big.csv"), "--model", w("model.plm"), "-q",
                           "--no-extra", "-o", "/dev/null"], **quiet)[0] for _ in range(a.runs))
    f_infer = min(run(["fasttext", "predict-prob", w("ft.bin"), w("big.txt"), "3"], **quiet)[0]
                  for _ in range(a.runs))

    for name in ("ft.bin", "ft.vec", "big.csv", "big.txt"):  # large; keep the disk free
        os.remove(w(name))
    n = {l: sum(1 for _, x in rows if x == l) for l in LABELS}
    print(f"data: {a.data}, {len(rows)} labeled posts ({n['negative']} negative, {n['neutral']} "
          f"neutral, {n['positive']} positive); stratified split seed {a.seed}: "
          f"{len(train)} train / {len(test)} test")
    print(f"fastText settings: {a.fasttext_args}; parley train flags: {a.parley_args or '(defaults)'}")
    print(f"{'':24} {'parley':>10} {'fastText':>10} {'target':>22}")
    print(f"{'accuracy':24} {p_scores[0]:10.3f} {f_scores[0]:10.3f}")
    print(f"{'macro-F1':24} {p_scores[1]:10.3f} {f_scores[1]:10.3f} "
          f"{'+3 points: ' + ('met' if p_scores[1] >= f_scores[1] + 0.03 else 'NOT met'):>22}")
    print(f"{'ECE (10 bins)':24} {p_scores[2]:10.3f} {f_scores[2]:10.3f} "
          f"{'<= 0.03: ' + ('met' if p_scores[2] <= 0.03 else 'NOT met'):>22}")
    print(f"{'train seconds (1 thread)':24} {p_train:10.3f} {f_train:10.3f} "
          f"{'no slower: ' + ('met' if p_train <= f_train else 'NOT met'):>22}")
    print(f"{'inference posts/s (1 th)':24} {big / p_infer:10.0f} {big / f_infer:10.0f} "
          f"{'>= 2x: ' + ('met' if f_infer >= 2 * p_infer else 'NOT met'):>22}")
    print(f"{'inference, all threads':24} {big / p_infer_all:10.0f} {'(1 only)':>10} "
          f"{'>= 2x: ' + ('met' if f_infer >= 2 * p_infer_all else 'NOT met'):>22}  ({os.cpu_count()} cores)")
    print(f"ratios parley/fastText: macro-F1 {p_scores[1] - f_scores[1]:+.3f}, train time "
          f"{p_train / f_train:.2f}x, inference speed {f_infer / p_infer:.2f}x "
          f"({big} posts, best of {a.runs} runs)")


if __name__ == "__main__":
    main()
