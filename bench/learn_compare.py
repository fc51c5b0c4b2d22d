#!/usr/bin/env python3
"""parley train/eval against Debian's `fasttext supervised` on the same splits, in one run.

    python3 bench/learn_compare.py                        # airline sample
    python3 bench/learn_compare.py --data vader-tweets    # VADER's 4,200 rated tweets
    python3 bench/learn_compare.py --parley build/bin/parley --seed 3
    python3 bench/learn_compare.py --folds 1              # one 80/20 split only

Deals the labeled data into --folds stratified folds (deterministic by --seed;
5 folds = five 80/20 train/test splits). For each fold it writes the other
folds as the training set and the fold as the test set, once for parley (CSV,
`generic` preset columns plus `label`) and once for fastText (`__label__X
text`, lower-cased with punctuation split off, as fastText's own tutorial
prepares text), trains both on 1 thread and predicts the test posts with
probabilities (`parley analyze --model`, `fasttext predict-prob ... 3`). The
test predictions of all folds are pooled, so every post is a test post once,
and both tools are scored with the same code here: accuracy, macro-F1 and
expected calibration error (equal-width bins of the top-label probability; 15
bins as in Guo et al. 2017, and 10 as `parley eval` shows). On a 1,000-post
sample one 200-post test set is too small to measure ECE: even a perfectly
calibrated model shows ~0.04 there, against ~0.02 on 1,000 pooled posts.

Timings use the first fold: training (`parley train -j1`, `fasttext
supervised -thread 1`, whole commands) and inference on its test texts
repeated to --throughput posts (whole command, model loading included, 1
thread each, standard output to the null device), as CPU time (user + system, so that other
work on a shared machine does not stretch them). Best of --runs.

Python standard library only. Exits 2 when parley, fasttext or the data is missing.
"""
import argparse
import csv
import json
import math
import os
import random
import re
import resource
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


def deal_folds(rows, folds, seed):
    """Fold number of every row, stratified by label: each class shuffled, then dealt in turn."""
    rng = random.Random(seed)
    fold = [0] * len(rows)
    nxt = 0
    for label in LABELS:
        of_class = [i for i, r in enumerate(rows) if r[1] == label]
        rng.shuffle(of_class)
        for i in of_class:
            fold[i] = nxt % folds
            nxt += 1
    return fold


def split(rows, fold, k, seed):
    """(train, test) of fold k, each in a seeded random order."""
    rng = random.Random(seed * 1000 + k)
    train = [r for r, f in zip(rows, fold) if f != k]
    test = [r for r, f in zip(rows, fold) if f == k]
    rng.shuffle(train)
    return train, test


def holdout(rows, test_fraction, seed):
    """One stratified split with round(test_fraction * n) of each class held out."""
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
    """Runs cmd; returns (wall seconds, CPU seconds (user + system), CompletedProcess)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, check=True, **kw)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), proc


def ece(truth, pred, probs, nbins):
    """Expected calibration error: sum over equal-width bins of the top probability of
    (bin share) * |accuracy - mean confidence|."""
    bins = [[0, 0.0, 0.0] for _ in range(nbins)]
    for t, q, p in zip(truth, pred, probs):
        b = bins[min(nbins - 1, int(p[q] * nbins))]
        b[0] += 1
        b[1] += p[q]
        b[2] += t == q
    return sum(abs(b[2] - b[1]) / len(truth) for b in bins if b[0])


def scores(truth, probs):
    """accuracy, macro-F1, ECE (15 bins), ECE (10 bins), mean NLL and mean top probability from
    true labels and probability triples."""
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
    nll = -sum(math.log(max(p[t], 1e-12)) for t, p in zip(truth, probs)) / len(truth)
    conf = sum(p[q] for q, p in zip(pred, probs)) / len(truth)
    return acc, sum(f1s) / 3, ece(truth, pred, probs, 15), ece(truth, pred, probs, 10), nll, conf


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


def predict_fold(a, train, test, w, seed):
    """Trains both tools on `train` and returns their probabilities for `test`."""
    write_parley(train, w("train.csv"))
    write_parley(test, w("test.csv"))
    write_fasttext(train, w("train.txt"))
    write_fasttext(test, w("test.txt"))
    quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    run([a.parley, "train", w("train.csv"), "-o", w("model.plm"), "-j1", "-q", "--seed", str(seed)]
        + a.parley_args.split(), **quiet)
    run(["fasttext", "supervised", "-input", w("train.txt"), "-output", w("ft"), "-thread", "1",
         "-seed", str(seed)] + a.fasttext_args.split(), **quiet)
    p_out = run([a.parley, "analyze", w("test.csv"), "--model", w("model.plm"), "-j1", "-q",
                 "--no-extra"], capture_output=True, text=True)[2]
    f_out = run(["fasttext", "predict-prob", w("ft.bin"), w("test.txt"), "3"],
                capture_output=True, text=True)[2]
    return parley_probs(p_out.stdout), fasttext_probs(f_out.stdout)


def time_fold(a, train, test, w):
    """Best-of-runs seconds: (parley train, fastText train, parley infer 1 thread, all threads,
    fastText infer) on one fold, and the number of posts inferred. One-thread figures are CPU
    time (user + system): on a shared machine, wall time mostly measures the other work. The
    all-threads figure is wall time, as it is about spreading work over cores."""
    write_parley(train, w("train.csv"))
    write_fasttext(train, w("train.txt"))
    repeat = max(1, a.throughput // len(test))
    write_parley(test * repeat, w("big.csv"))
    write_fasttext(test * repeat, w("big.txt"))
    quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    best = lambda cmd: min(run(cmd, **quiet)[1] for _ in range(a.runs))
    best_wall = lambda cmd: min(run(cmd, **quiet)[0] for _ in range(a.runs))
    p_train = best([a.parley, "train", w("train.csv"), "-o", w("model.plm"), "-j1", "-q",
                    "--seed", str(a.seed)] + a.parley_args.split())
    f_train = best(["fasttext", "supervised", "-input", w("train.txt"), "-output", w("ft"),
                    "-thread", "1", "-seed", str(a.seed)] + a.fasttext_args.split())
    # Output to stdout, which `quiet` sends to the null device as for fastText. Not `-o
    # /dev/null`: analyze writes PATH.partial and renames it to PATH, which made /dev/null a
    # regular file on tmpfs and charged parley (and whatever wrote there next) for the writes.
    analyze = [a.parley, "analyze", w("big.csv"), "--model", w("model.plm"), "-q", "--no-extra"]
    p_infer = best(analyze + ["-j1"])
    p_infer_all = best_wall(analyze)
    f_infer = best(["fasttext", "predict-prob", w("ft.bin"), w("big.txt"), "3"])
    for name in ("ft.bin", "ft.vec", "big.csv", "big.txt"):  # large; keep the disk free
        os.remove(w(name))
    return p_train, f_train, p_infer, p_infer_all, f_infer, len(test) * repeat


def report_quality(p_scores, f_scores):
    print(f"{'':24} {'parley':>10} {'fastText':>10} {'target':>22}")
    print(f"{'accuracy':24} {p_scores[0]:10.3f} {f_scores[0]:10.3f}")
    print(f"{'macro-F1':24} {p_scores[1]:10.3f} {f_scores[1]:10.3f} "
          f"{'+3 points: ' + ('met' if p_scores[1] >= f_scores[1] + 0.03 else 'NOT met'):>22}")
    print(f"{'ECE (15 bins)':24} {p_scores[2]:10.3f} {f_scores[2]:10.3f} "
          f"{'<= 0.03: ' + ('met' if p_scores[2] <= 0.03 else 'NOT met'):>22}")
    print(f"{'ECE (10 bins)':24} {p_scores[3]:10.3f} {f_scores[3]:10.3f} "
          f"{'<= 0.03: ' + ('met' if p_scores[3] <= 0.03 else 'NOT met'):>22}")
    print(f"{'NLL':24} {p_scores[4]:10.3f} {f_scores[4]:10.3f}")
    print(f"{'mean top probability':24} {p_scores[5]:10.3f} {f_scores[5]:10.3f}   (accuracy above)")


def report_timing(t, runs):
    p_train, f_train, p_infer, p_infer_all, f_infer, big = t
    print(f"{'train CPU s (1 thread)':24} {p_train:10.3f} {f_train:10.3f} "
          f"{'no slower: ' + ('met' if p_train <= f_train else 'NOT met'):>22}")
    print(f"{'inference posts/s (1 th)':24} {big / p_infer:10.0f} {big / f_infer:10.0f} "
          f"{'>= 2x: ' + ('met' if f_infer >= 2 * p_infer else 'NOT met'):>22}")
    print(f"{'inference, all thr. wall':24} {big / p_infer_all:10.0f} {'(1 only)':>10} "
          f"{'>= 2x: ' + ('met' if f_infer >= 2 * p_infer_all else 'NOT met'):>22}  ({os.cpu_count()} cores)")
    print(f"ratios parley/fastText: train time {p_train / f_train:.2f}x, inference speed "
          f"{f_infer / p_infer:.2f}x ({big} posts, best of {runs} runs)")


def load_rows(a):
    if a.data == "airline":
        path = os.path.join(SHARED, "airline-sample.csv")
        rows = load_airline(path) if os.path.exists(path) else sys.exit(f"learn_compare: no {path}") or []
    elif a.data == "vader-tweets":
        path = os.path.join(SHARED, "vader-groundtruth", "tweets_GroundTruth.txt")
        rows = load_vader(path, a.vader_cut) if os.path.exists(path) else sys.exit(f"learn_compare: no {path}") or []
    else:
        with open(a.data, newline="", encoding="utf-8") as f:
            rows = [(r["text"], r["label"]) for r in csv.DictReader(f)]
    return [(t, l) for t, l in rows if l in LABELS]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default="airline", help="airline, vader-tweets, or a CSV with text,label")
    ap.add_argument("--parley", default=os.path.join(ROOT, "build", "bin", "parley"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--folds", type=int, default=5,
                    help="stratified folds, each the test set once (1: one split of --test-fraction)")
    ap.add_argument("--test-fraction", type=float, default=0.2, help="with --folds 1")
    ap.add_argument("--vader-cut", type=float, default=0.5, help="|mean rating| below this is neutral")
    ap.add_argument("--throughput", type=int, default=100000, help="posts for the inference timing")
    ap.add_argument("--runs", type=int, default=3,
                    help="timed runs of each command; best kept (0: quality only, no timings)")
    ap.add_argument("--parley-args", default="", help="extra parley train flags")
    ap.add_argument("--fasttext-args", default="-epoch 25 -wordNgrams 2 -lr 0.5 -dim 50 -bucket 200000",
                    help="fastText supervised settings: its tutorial's for short texts, with "
                    "200,000 buckets (the default 2,000,000 makes a 400 MB model file)")
    ap.add_argument("--work", default=os.path.join(ROOT, "bench", "out", "learn"))
    a = ap.parse_args()

    if not os.access(a.parley, os.X_OK) or not shutil.which("fasttext"):
        sys.exit(f"learn_compare: need {a.parley} (scripts/setup) and fasttext (apt-get install fasttext)")
    rows = load_rows(a)
    os.makedirs(a.work, exist_ok=True)
    w = lambda name: os.path.join(a.work, name)
    if a.folds > 1:
        fold = deal_folds(rows, a.folds, a.seed)
        splits = [split(rows, fold, k, a.seed) for k in range(a.folds)]
    else:
        splits = [holdout(rows, a.test_fraction, a.seed)]
    truth, p_probs, f_probs = [], [], []
    for k, (train, test) in enumerate(splits):
        p, f = predict_fold(a, train, test, w, a.seed)
        truth += [LABELS.index(l) for _, l in test]
        p_probs += p
        f_probs += f
    with open(w("predictions.json"), "w") as f:  # the pooled test predictions, for a closer look
        json.dump({"truth": truth, "parley": p_probs, "fasttext": f_probs}, f)
    timing = time_fold(a, *splits[0], w) if a.runs > 0 else None

    n = {l: sum(1 for _, x in rows if x == l) for l in LABELS}
    how = (f"{a.folds}-fold cross-validation, seed {a.seed}: each post tested once, pooled "
           f"({len(splits[0][0])} train / {len(splits[0][1])} test in fold 1)" if a.folds > 1 else
           f"one stratified split, seed {a.seed}: {len(splits[0][0])} train / {len(splits[0][1])} test")
    print(f"data: {a.data}, {len(rows)} labeled posts ({n['negative']} negative, {n['neutral']} "
          f"neutral, {n['positive']} positive); {how}")
    print(f"fastText settings: {a.fasttext_args}; parley train flags: {a.parley_args or '(defaults)'}")
    report_quality(scores(truth, p_probs), scores(truth, f_probs))
    if timing:
        report_timing(timing, a.runs)


if __name__ == "__main__":
    main()
