#!/usr/bin/env python3
"""Topic precision and recall against human complaint reasons.

Runs `parley analyze --taxonomy data/taxonomy/airlines.toml` on the labeled
airline sample and compares each post's topics with the `negativereason`
column (kept in the output's `extra`). Only negative posts carry a reason, so
they are the ones scored; "Can't Tell" posts stay in (any topic found there
is a false positive). A post may get several topics but has one reason, so
precision is a lower bound of how often a topic is right.

The data has no intent labels, but its human sentiment stands in for two:
every negative post in it is a customer telling an airline what went wrong
(a complaint), and a positive one mostly thanks or praises it. So it also
prints the `complaint` intent against the human "negative" and `praise`
against "positive", over all posts: a proxy, not a gold standard (a
negative post may be a sarcastic remark; a positive one a plain remark).

  python3 bench/taxonomy_eval.py [--parley build/bin/parley] [--data FILE]
                                 [--taxonomy FILE] [--input ANALYZED.ndjson]
"""
import argparse
import json
import os
import subprocess
import sys

# Taxonomy topic -> the human labels it stands for.
TOPIC_LABELS = {
    "late_flight": {"Late Flight"},
    "cancelled_flight": {"Cancelled Flight"},
    "luggage": {"Lost Luggage", "Damaged Luggage"},
    "lost": {"Lost Luggage"},
    "damaged": {"Damaged Luggage"},
    "customer_service": {"Customer Service Issue"},
    "flight_attendants": {"Flight Attendant Complaints"},
    "booking": {"Flight Booking Problems"},
    "bad_flight": {"Bad Flight"},
    "long_lines": {"longlines"},
}


def analyzed_records(args):
    if args.input:
        with open(args.input, encoding="utf-8") as f:
            yield from (json.loads(line) for line in f)
        return
    cmd = [args.parley, "analyze", "-q", "--taxonomy", args.taxonomy, args.data,
           "--rejects", os.devnull]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    yield from (json.loads(line) for line in out.splitlines())


def evaluate(records):
    counts = {t: [0, 0, 0] for t in TOPIC_LABELS}  # tp, fp, fn
    scored = 0
    for r in records:
        extra = r.get("extra", {})
        if extra.get("airline_sentiment") != "negative":
            continue
        reason = extra.get("negativereason", "")
        scored += 1
        topics = set(r.get("topics", []))
        for topic, labels in TOPIC_LABELS.items():
            found, gold = topic in topics, reason in labels
            counts[topic][0] += found and gold
            counts[topic][1] += found and not gold
            counts[topic][2] += gold and not found
    return scored, counts


# Intent -> the human sentiment label that stands in for it.
INTENT_LABELS = {"complaint": "negative", "praise": "positive"}


def evaluate_intents(records):
    counts = {i: [0, 0, 0] for i in INTENT_LABELS}  # tp, fp, fn
    for r in records:
        label = r.get("extra", {}).get("airline_sentiment")
        intents = set(r.get("intents", []))
        for intent, gold_label in INTENT_LABELS.items():
            found, gold = intent in intents, label == gold_label
            counts[intent][0] += found and gold
            counts[intent][1] += found and not gold
            counts[intent][2] += gold and not found
    return counts


def ratio(a, b):
    return a / b if b else float("nan")


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--parley", default=os.path.join(root, "build", "bin", "parley"))
    p.add_argument("--data", default=os.path.join(root, "..", "shared", "data", "airline-sample.csv"))
    p.add_argument("--taxonomy", default=os.path.join(root, "data", "taxonomy", "airlines.toml"))
    p.add_argument("--input", help="already analyzed NDJSON instead of running parley")
    args = p.parse_args()
    if not args.input and not os.path.exists(args.data):
        sys.exit(f"taxonomy_eval: no labeled data at {args.data}")
    records = list(analyzed_records(args))
    scored, counts = evaluate(records)
    print(f"{scored} negative posts with human reasons\n")
    print("| topic | labels | support | precision | recall | F1 |")
    print("|---|---|---:|---:|---:|---:|")
    total = [0, 0, 0]
    for topic, (tp, fp, fn) in counts.items():
        prec, rec = ratio(tp, tp + fp), ratio(tp, tp + fn)
        f1 = ratio(2 * prec * rec, prec + rec)
        labels = ", ".join(sorted(TOPIC_LABELS[topic]))
        print(f"| {topic} | {labels} | {tp + fn} | {prec:.2f} | {rec:.2f} | {f1:.2f} |")
        if topic not in ("lost", "damaged"):  # nested under luggage: counted there
            total = [x + y for x, y in zip(total, (tp, fp, fn))]
    prec, rec = ratio(total[0], total[0] + total[1]), ratio(total[0], total[0] + total[2])
    print(f"| **micro (top-level topics)** | | {total[0] + total[2]} | {prec:.2f} | {rec:.2f} "
          f"| {ratio(2 * prec * rec, prec + rec):.2f} |")

    print(f"\n{len(records)} posts; intents against the human sentiment that stands in for them\n")
    print("| intent | stands in | support | precision | recall | F1 |")
    print("|---|---|---:|---:|---:|---:|")
    for intent, (tp, fp, fn) in evaluate_intents(records).items():
        prec, rec = ratio(tp, tp + fp), ratio(tp, tp + fn)
        print(f"| {intent} | {INTENT_LABELS[intent]} | {tp + fn} | {prec:.2f} | {rec:.2f} "
              f"| {ratio(2 * prec * rec, prec + rec):.2f} |")


if __name__ == "__main__":
    main()
