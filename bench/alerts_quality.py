#!/usr/bin/env python3
"""How well `parley alerts` finds injected incidents, and how often it cries wolf.

For each seed: `parley synth` writes a month of conversation with incidents of
known start, size, brand and topic (--incident, --truth), `parley ingest` stores
it with the demo taxonomy, `parley alerts --format ndjson` lists what the
detectors found. Then alerts are matched to the truth:

- an incident is FOUND when a spike or shift alert on a series it belongs to
  ((brand or all brands) x (topic or all topics)) has a window that ends after
  its onset and no later than onset + --within hours (default 2);
- an alert is a FALSE ALARM when it overlaps no incident (from onset to the
  incident's end plus --tail hours) on the incident's brand or topic (the
  taxonomy tags an incident's posts with every brand and topic they mention,
  so its effects reach those series too). Term alerts are not counted: they
  are read inside the spike or shift they belong to.

Prints recall (overall and per incident size) and false alarms per brand per
simulated month (alerts on a brand's series count for that brand; alerts on
all-brand series count once for "all"), and writes the same as JSON with --json.
Python standard library only.

  bench/alerts_quality.py --parley build/bin/parley --seeds 20
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta, timezone

BRANDS = {"Skyloft Air": "skyloft", "Jetwave": "jetwave", "AeroNova": "aeronova"}
TOPICS = ["delay", "cancellation", "baggage", "customer_service", "price", "wifi", "seats",
          "booking", "refund", "food"]


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse(s):
    return datetime.strptime(s[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc)


def plan_incidents(rng, start, days, count, sizes, hours, warmup_days):
    """Incidents at random hours after the warm-up, at least two days apart."""
    slots = list(range(warmup_days * 24, days * 24 - 30, 48))
    rng.shuffle(slots)
    out = []
    for h in sorted(slots[:count]):
        h += rng.randrange(0, 24)
        brand = rng.choice(list(BRANDS))
        topic = rng.choice(TOPICS)
        out.append(f"{topic}:{brand}@{iso(start + timedelta(hours=h))}+{rng.choice(hours)}"
                   f"x{rng.choice(sizes)}")
    return out


def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit(f"alerts_quality: {' '.join(cmd)} failed ({r.returncode}): {r.stderr.strip()}")
    return r.stdout


def belongs(alert, inc):
    s = alert["series"]
    return s["brand"] in ("*", inc["brand_id"]) and s["topic"] in ("*", inc["topic"])


def related(alert, inc):
    """The incident's posts also land in other series: the taxonomy tags a post with every
    topic and brand it mentions ("$254 for a stale sandwich" is food and price; "unlike
    @jetwave" is two brands). An alert during the incident on its brand or its topic is
    caused by it, not a false alarm."""
    s = alert["series"]
    return s["brand"] in ("*", inc["brand_id"]) or s["topic"] in ("*", inc["topic"])


def evaluate_seed(args, seed, tmp):
    rng = random.Random(seed)
    start = parse(args.start)
    incidents = plan_incidents(rng, start, args.days, args.incidents, args.sizes, args.hours,
                               args.warmup_days)
    csv, truth, db = (os.path.join(tmp, f"s{seed}.{e}") for e in ("csv", "json", "db"))
    cmd = [args.parley, "synth", "-n", str(args.posts), "--seed", str(seed), "--start", args.start,
           "--days", str(args.days), "-o", csv, "--truth", truth]
    for spec in incidents:
        cmd += ["--incident", spec]
    if not incidents:
        cmd.append("--no-incident")
    run(cmd)
    run([args.parley, "ingest", "-q", "-j", "1", "--taxonomy", args.taxonomy, "--db", db, csv])
    flags = ["--fdr", str(args.fdr)] if args.fdr else []
    out = run([args.parley, "alerts", "-q", "--no-terms", "--format", "ndjson", "--db", db] + flags)
    alerts = [json.loads(line) for line in out.splitlines() if line.strip()]
    alerts = [a for a in alerts if a["kind"] in ("spike", "shift")]
    with open(truth) as f:
        incs = json.load(f)["incidents"]
    for inc in incs:
        inc["brand_id"] = BRANDS.get(inc["brand"], inc["brand"].lower())
        inc["onset"], inc["stop"] = parse(inc["start"]), parse(inc["end"])
    found = []
    for inc in incs:
        hits = [a for a in alerts if belongs(a, inc)
                and inc["onset"] < parse(a["window"]["end"]) <= inc["onset"] + timedelta(hours=args.within)]
        delay = min(((parse(a["window"]["end"]) - inc["onset"]).total_seconds() / 3600 for a in hits),
                    default=None)
        found.append({"size": inc["volume_multiplier"], "hours": inc["hours"], "found": bool(hits),
                      "hours_to_alert": delay})
    false_alarms = []
    for a in alerts:
        ws, we = parse(a["window"]["start"]), parse(a["window"]["end"])
        if not any(related(a, inc) and we > inc["onset"]
                   and ws < inc["stop"] + timedelta(hours=args.tail) for inc in incs):
            false_alarms.append(a)
    for inc in incs:
        for k in ("onset", "stop"):
            del inc[k]
    for os_path in (csv, truth, db, db + "-wal", db + "-shm"):
        if os.path.exists(os_path):
            os.remove(os_path)
    return found, false_alarms


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--parley", default="build/bin/parley")
    ap.add_argument("--taxonomy", default="data/taxonomy/demo.toml")
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--first-seed", type=int, default=1)
    ap.add_argument("--posts", type=int, default=200000)
    ap.add_argument("--days", type=int, default=30)
    ap.add_argument("--start", default="2026-03-02T00:00:00Z")
    ap.add_argument("--incidents", type=int, default=3, help="incidents per stream")
    ap.add_argument("--sizes", type=float, nargs="+", default=[1.5, 2, 4],
                    help="volume multipliers to draw from")
    ap.add_argument("--hours", type=int, nargs="+", default=[3, 6], help="durations to draw from")
    ap.add_argument("--warmup-days", type=int, default=8,
                    help="no incident before this day (the baseline needs a week)")
    ap.add_argument("--within", type=float, default=2, help="hours after onset to count as found")
    ap.add_argument("--tail", type=float, default=6,
                    help="hours after an incident's end in which its alerts still count as its")
    ap.add_argument("--fdr", type=float, default=None, help="pass --fdr to parley alerts")
    ap.add_argument("--json", help="also write the figures here")
    args = ap.parse_args()

    found, fas = [], []
    with tempfile.TemporaryDirectory(prefix="parley_alerts_quality_") as tmp:
        for seed in range(args.first_seed, args.first_seed + args.seeds):
            f, fa = evaluate_seed(args, seed, tmp)
            found += f
            fas += fa
            print(f"seed {seed}: {sum(x['found'] for x in f)}/{len(f)} found, "
                  f"{len(fa)} false alarms", file=sys.stderr)
    months = args.seeds * args.days / 30.0
    per_brand = {b: 0 for b in BRANDS.values()}
    per_brand["*"] = 0
    for a in fas:
        per_brand[a["series"]["brand"]] = per_brand.get(a["series"]["brand"], 0) + 1
    recall = sum(x["found"] for x in found) / max(1, len(found))
    by_size = {}
    for x in found:
        s = by_size.setdefault(str(x["size"]), [0, 0])
        s[0] += x["found"]
        s[1] += 1
    delays = sorted(x["hours_to_alert"] for x in found if x["found"])
    result = {
        "seeds": args.seeds, "posts_per_stream": args.posts, "days": args.days,
        "simulated_months": months, "incidents": len(found),
        "recall_within_hours": args.within, "recall": recall,
        "recall_by_size": {k: v[0] / v[1] for k, v in sorted(by_size.items())},
        "median_hours_to_alert": delays[len(delays) // 2] if delays else None,
        "false_alarms": len(fas),
        "false_alarms_by_kind": {k: sum(a["kind"] == k for a in fas) for k in ("spike", "shift")},
        "false_alarms_per_brand_month": {b: n / months for b, n in per_brand.items()},
        "false_alarms_per_brand_month_mean": sum(
            n for b, n in per_brand.items() if b != "*") / len(BRANDS) / months,
        "false_alarm_examples": [
            {"kind": a["kind"], "series": a["series"], "window": a["window"],
             "effect": a["effect"], "p_value": a["p_value"]} for a in fas[:10]],
    }
    print(f"incidents found within {args.within:g} h of onset: "
          f"{sum(x['found'] for x in found)}/{len(found)} = {100 * recall:.1f}%")
    for k, v in result["recall_by_size"].items():
        print(f"  size x{k}: {100 * v:.1f}% ({by_size[k][0]}/{by_size[k][1]})")
    print(f"median hours from onset to the end of the first alert's window: "
          f"{result['median_hours_to_alert']}")
    print(f"false alarms: {len(fas)} over {months:g} simulated months "
          f"({result['false_alarms_by_kind']['spike']} spikes, "
          f"{result['false_alarms_by_kind']['shift']} shifts)")
    for b, n in result["false_alarms_per_brand_month"].items():
        print(f"  {b if b != '*' else 'all brands (topic or total series)'}: {n:.2f} per month")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)


if __name__ == "__main__":
    main()
