"""The binding against the CLI: same decoding, same analyses, same rollups."""
import json
import math
import pickle
import sqlite3
import subprocess
import threading

import numpy as np
import pytest

import parley

ROLLUP_COLUMNS = ["granularity", "bucket_start", "brand", "topic", "source", "n", "n_neg",
                  "n_neu", "n_pos", "sum_p_neg", "sum_p_neu", "sum_p_pos", "sum_score"]
TAG_COLUMNS = ["granularity", "bucket_start", "kind", "tag", "brand", "topic", "source", "n",
               "n_neg", "n_neu", "n_pos", "sum_p_neg", "sum_p_neu", "sum_p_pos", "sum_score", "amounts",
               "sum_amount"]


def read_ndjson(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def store_rollups(db, table="rollups", columns=ROLLUP_COLUMNS):
    """Every row of one of the store's rollup tables, as sorted tuples."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
    return sorted(rows)


def table_rows(rollups):
    c = rollups.cells()
    return sorted(zip(*(list(c[k]) for k in ROLLUP_COLUMNS)))


def tag_rows(rollups):
    c = rollups.tag_cells()
    return sorted(zip(*(list(c[k]) for k in TAG_COLUMNS)))


def cli_ingest(cli, path, db, taxonomy):
    """The store's rollups and tag rollups after `parley ingest PATH`."""
    subprocess.run([str(cli), "ingest", str(path), "--db", str(db), "--taxonomy", taxonomy,
                    "-q"], check=True)
    return store_rollups(db), store_rollups(db, "tag_rollups", TAG_COLUMNS)


@pytest.fixture(scope="module")
def demo_taxonomy():
    from conftest import REPO
    return str(REPO / "data" / "taxonomy" / "demo.toml")


@pytest.fixture(scope="module")
def analyzer(demo_taxonomy):
    return parley.Analyzer(taxonomy=demo_taxonomy)


def test_analyze_texts_gives_columns():
    a = parley.Analyzer()
    r = a.analyze(["I love this airline, great crew!", "worst flight ever, awful", "the flight leaves at noon"])
    assert len(r) == 3
    assert list(r.labels) == ["positive", "negative", "neutral"]
    assert r.scores.dtype == np.float64 and r.scores[0] > 0.5 and r.scores[1] < -0.5
    assert r.probabilities.shape == (3, 3)
    assert np.isnan(r.probabilities).all()  # the lexicon model gives no probabilities
    assert r.brands == [[], [], []]
    df = r.to_pandas()
    assert list(df["label"]) == ["positive", "negative", "neutral"]


def test_analyze_rejects_a_bare_string():
    with pytest.raises(TypeError):
        parley.Analyzer().analyze("one text")
    with pytest.raises(TypeError):
        parley.Analyzer().analyze(["fine", 3])


def test_records_match_cli_analyze(parley_cli, synth_ndjson, demo_taxonomy, analyzer, tmp_path):
    out = tmp_path / "cli.ndjson"
    subprocess.run([str(parley_cli), "analyze", str(synth_ndjson), "--taxonomy", demo_taxonomy,
                    "-o", str(out), "-q", "-j1"], check=True)
    cli = read_ndjson(out)
    res = analyzer.analyze_records(read_ndjson(synth_ndjson), default_source="posts")
    assert res.rejects == []
    assert len(res) == len(cli) == 3000
    for i, row in enumerate(cli):
        assert res.id[i] == row["id"] and res.source[i] == row["source"]
        assert res.labels[i] == row["sentiment"]["label"]
        assert res.scores[i] == pytest.approx(row["sentiment"]["score"], abs=1e-9)
        assert res.brands[i] == row.get("brands", [])
        assert res.topics[i] == row.get("topics", [])
    assert sum(1 for b in res.brands if b) > 100  # the taxonomy did tag


def test_rollups_equal_the_store(parley_cli, synth_ndjson, demo_taxonomy, analyzer, tmp_path):
    expected, expected_tags = cli_ingest(parley_cli, synth_ndjson, tmp_path / "s.db",
                                         demo_taxonomy)
    records = read_ndjson(synth_ndjson)
    whole = parley.Rollups.from_analyses(analyzer.analyze_records(records,
                                                                  default_source="posts"))
    assert table_rows(whole) == expected
    # Intents, aspects and prices as the store's tag rollups, all three
    # there, and languages: the synthetic records give their own lang.
    assert tag_rows(whole) == expected_tags
    assert set(whole.tag_cells()["kind"]) == {"intent", "aspect", "price", "language"}
    # Intents per topic as well ("*" for the rest).
    cells = whole.tag_cells()
    crossed = {(k, t) for k, t in zip(cells["kind"], cells["topic"]) if t != "*"}
    assert crossed and {k for k, _ in crossed} == {"intent"}
    # Any split, merged in any order, is the same table.
    parts = [parley.Rollups.from_analyses(analyzer.analyze_records(records[i::3],
                                                                   default_source="posts"))
             for i in range(3)]
    merged = parley.Rollups.merged(reversed(parts))
    assert merged == whole
    # Through pandas and pickle too.
    df = analyzer.analyze_records(records, default_source="posts").to_pandas()
    assert parley.Rollups().add(df) == whole
    df["label"] = df["label"].astype(str)  # names, not a categorical
    assert parley.Rollups().add(df) == whole
    # A frame without the tag columns adds brand x topic cells alone.
    bare = parley.Rollups().add(df.drop(columns=["intents", "aspects", "prices", "lang"]))
    assert table_rows(bare) == expected and tag_rows(bare) == []
    assert pickle.loads(pickle.dumps(whole)) == whole
    assert tag_rows(pickle.loads(pickle.dumps(whole))) == expected_tags
    # Straight into rollups, without columns: the same table.
    direct, rejects = analyzer.rollup_records(records, default_source="posts")
    assert rejects == [] and direct == whole
    with open(synth_ndjson, encoding="utf-8") as f:
        lines = f.readlines()
    half, _ = analyzer.rollup_json(lines[:1500], default_source="posts")
    both, _ = analyzer.rollup_json(lines[1500:], into=half, default_source="posts")
    assert both is half and both == whole


def test_json_lines_decode_like_dicts(analyzer, synth_ndjson):
    with open(synth_ndjson, encoding="utf-8") as f:
        lines = f.readlines()
    lines.insert(5, "\n")  # blank: skipped, as the reader skips it
    lines.insert(9, "{not json}\n")
    res = analyzer.analyze_json(lines, default_source="posts")
    ref = analyzer.analyze_records(read_ndjson(synth_ndjson), default_source="posts")
    assert len(res) == len(ref) == 3000
    assert [i for i, _ in res.rejects] == [9] and "invalid JSON" in res.rejects[0][1]
    assert res.id == ref.id and np.array_equal(res.scores, ref.scores)
    assert res.topics == ref.topics
    as_bytes = analyzer.analyze_json([line.encode() for line in lines], default_source="posts")
    assert as_bytes.id == res.id
    odd = analyzer.analyze_json([lines[0], '{"id": "x", "text": "\ud800"}'],
                                default_source="posts")
    assert len(odd) == 1 and odd.rejects[0][0] == 1
    with pytest.raises(parley.InputError, match="none of the first records is a JSON object"):
        analyzer.analyze_json(["[1, 2]"])


def test_aspects_and_prices_are_columns_as_the_cli_writes_them(analyzer):
    res = analyzer.analyze_records([
        {"id": "1", "created_at": "2024-03-01T10:00:00Z", "author": "a",
         "text": "@SkyloftAir the crew was lovely but the delay was awful, $49 for a seat!"},
        {"id": "2", "created_at": "2024-03-01T11:00:00Z", "author": "b",
         "text": "way too expensive"}])
    aspects = {a["topic"]: a for a in res.aspects[0]}
    assert aspects["staff"]["label"] == "positive" and aspects["delay"]["label"] == "negative"
    assert {"text": "$49", "currency": "USD", "amount": 49.0} in res.prices[0]
    assert res.prices[1] == [{"text": "too expensive"}]
    df = res.to_pandas()
    assert df["prices"].iloc[1] == [{"text": "too expensive"}]
    roll = parley.Rollups.from_analyses(res)
    tags = roll.tags_to_pandas()
    usd = tags[(tags.kind == "price") & (tags.tag == "USD") & (tags.granularity == "day") &
               (tags.brand == "*")]
    assert list(usd["n"]) == [1] and list(usd["mean_amount"]) == [49.0]
    words = tags[(tags.kind == "price") & (tags.tag == "") & (tags.granularity == "day") &
                 (tags.brand == "*")]
    assert list(words["n"]) == [1] and np.isnan(words["mean_amount"].iloc[0])
    delay = tags[(tags.kind == "aspect") & (tags.tag == "delay") & (tags.granularity == "hour") &
                 (tags.brand == "*")]
    assert list(delay["n_neg"]) == [1] and delay["share_negative"].iloc[0] == 1.0
    # Aspects and prices checked as they are read back.
    with pytest.raises(ValueError, match="label must be negative, neutral or positive"):
        parley.Rollups()._t.add_columns(["s"], np.array([0]), np.array([1], np.int8),
                                        np.array([0.0]), np.full((1, 3), np.nan), [[]], [[]],
                                        [[]], [[{"topic": "x", "label": "meh", "score": 0}]],
                                        [[]])


MIXED_LANGUAGES = [
    {"id": "1", "created_at": "2024-03-01T10:00:00Z", "author": "a",
     "text": "@Iberia el vuelo de Madrid lleva tres horas de retraso y nadie nos dice nada"},
    {"id": "2", "created_at": "2024-03-01T11:00:00Z", "author": "b",
     "text": "@united thanks for the quick rebooking, the crew was lovely"},
    {"id": "3", "created_at": "2024-03-01T12:00:00Z", "author": "c", "text": "@delta 😡😡😡"},
    {"id": "4", "created_at": "2024-03-02T09:00:00Z", "author": "d", "lang": "fr-CA",
     "text": "the crew was lovely"},
]


def test_languages_are_a_column_and_counted_as_the_store_counts_them(parley_cli, tmp_path):
    # Without detection, a record's own lang is still kept (and counted),
    # the others have none; bare texts have no lang column at all.
    plain = parley.Analyzer().analyze_records(MIXED_LANGUAGES)
    assert list(plain.to_pandas()["lang"]) == ["", "", "", "fr"]
    cells = parley.Rollups.from_analyses(plain).tag_cells()
    assert set(zip(cells["kind"], cells["tag"])) == {("language", "fr")}
    assert "lang" not in parley.Analyzer().analyze(["the crew was lovely"]).to_pandas().columns
    assert parley.Analyzer(detect_language=True).analyze(["good"]).lang == ["und"]
    res = parley.Analyzer(detect_language=True).analyze_records(MIXED_LANGUAGES)
    # A record's own lang wins over the text, reduced to its primary subtag.
    assert list(res.to_pandas()["lang"]) == ["es", "en", "und", "fr"]
    assert res.to_pandas()["lang"].tolist() == res.lang
    roll = parley.Rollups.from_analyses(res)
    path = tmp_path / "mixed.ndjson"
    path.write_text("".join(json.dumps(r) + "\n" for r in MIXED_LANGUAGES), encoding="utf-8")
    db = tmp_path / "mixed.db"
    subprocess.run([str(parley_cli), "ingest", str(path), "--db", str(db), "--detect-language",
                    "--source", "records", "-q"], check=True)
    assert tag_rows(roll) == store_rollups(db, "tag_rollups", TAG_COLUMNS)
    assert set(roll.tag_cells()["kind"]) == {"language"}
    assert set(roll.tags_to_pandas()["kind"]) == {"language"}
    # A DataFrame with the column adds the same cells.
    assert tag_rows(parley.Rollups().add(res.to_pandas())) == tag_rows(roll)
    with pytest.raises(ValueError, match="lang must have one language per post"):
        parley.Rollups()._t.add_columns(["s"], np.array([0]), np.array([1], np.int8),
                                        np.array([0.0]), np.full((1, 3), np.nan), [[]], [[]],
                                        None, None, None, ["en", "es"])


def test_rollups_to_pandas_has_wilson_intervals(analyzer):
    recs = [{"id": str(i), "created_at": "2026-03-02T10:00:00Z",
             "text": "awful delay" if i < 3 else "lovely crew"} for i in range(10)]
    df = parley.Rollups.from_analyses(analyzer.analyze_records(recs)).to_pandas()
    cell = df[(df.granularity == "day") & (df.brand == "*") & (df.topic == "*")].iloc[0]
    assert cell.n == 10 and cell.n_neg == 3
    assert cell.share_negative == pytest.approx(0.3)
    # Wilson 95% for 3/10: [0.1078, 0.6032].
    assert cell.share_negative_low == pytest.approx(0.1078, abs=1e-4)
    assert cell.share_negative_high == pytest.approx(0.6032, abs=1e-4)
    assert cell.mean_p_negative == pytest.approx(0.3)
    assert str(cell.bucket_start) == "2026-03-02 00:00:00+00:00"


def test_two_threads_give_the_same_results(analyzer, synth_ndjson):
    texts = [r["text"] for r in read_ndjson(synth_ndjson)]
    one = analyzer.analyze(texts)
    results = [None, None]

    def run(k):
        results[k] = analyzer.analyze(texts[k::2])

    threads = [threading.Thread(target=run, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for k in range(2):
        assert np.array_equal(results[k].scores, one.scores[k::2])
        assert np.array_equal(results[k].label_codes, one.label_codes[k::2])
        assert results[k].topics == one.topics[k::2]


def test_rejects_are_listed_or_raised(analyzer):
    recs = [{"id": "1", "created_at": "2026-03-02T10:00:00Z", "text": "fine"},
            {"id": "2", "created_at": "2026-03-02T10:00:00Z"},
            "not a dict",
            {"id": "4", "created_at": "yesterday-ish", "text": "x"},
            {"id": "5", "created_at": "2026-03-02T10:00:00Z", "text": "good"}]
    res = analyzer.analyze_records(recs)
    assert list(res.index) == [0, 4]
    assert [i for i, _ in res.rejects] == [1, 2, 3]
    assert "missing field text" in res.rejects[0][1]
    assert "expected a dict" in res.rejects[1][1]
    with pytest.raises(parley.InputError, match="record 1: missing field text"):
        analyzer.analyze_records(recs, errors="raise")


def test_time_format_reads_day_first_dates(analyzer):
    recs = [{"id": "1", "created_at": "05/03/2024 14:02", "text": "late again"},
            {"id": "2", "created_at": "2024-03-05T14:02:00Z", "text": "fine"}]
    res = analyzer.analyze_records(recs, time_format="%d/%m/%Y %H:%M")
    assert list(res.index) == [0]
    assert res.created_at_ms[0] == 1709647320000  # 2024-03-05T14:02:00Z
    assert "does not fit layout '%d/%m/%Y %H:%M'" in res.rejects[0][1]
    # Without it the day-first date is the reject, as in the CLI.
    res = analyzer.analyze_records(recs)
    assert list(res.index) == [1]
    lines = ['{"id":"1","created_at":"3/5/2024 2:02 PM","text":"x"}']
    rollups, rejects = analyzer.rollup_json(lines, time_format="%m/%d/%Y %I:%M %p")
    assert rejects == [] and len(rollups) > 0
    with pytest.raises(parley.InputError, match="has no whole date"):
        analyzer.analyze_records(recs, time_format="%H:%M")


def test_time_zone_reads_wall_clock_times(analyzer):
    recs = [{"id": "1", "created_at": "2024-03-05 14:02", "text": "late again"},
            {"id": "2", "created_at": "2024-03-05T14:02:00Z", "text": "fine"}]
    res = analyzer.analyze_records(recs, time_zone="Europe/Paris")
    assert list(res.created_at_ms) == [1709643720000, 1709647320000]  # 13:02Z, 14:02Z
    res = analyzer.analyze_records([recs[0] | {"created_at": "05/03/2024 14:02"}],
                                   time_format="%d/%m/%Y %H:%M", time_zone="+05:30")
    assert list(res.created_at_ms) == [1709627520000]  # 08:32Z
    with pytest.raises(parley.InputError, match="unknown time zone 'Mars/Olympus'"):
        analyzer.analyze_records(recs, time_zone="Mars/Olympus")


def test_values_pandas_gives_are_read(analyzer):
    import pandas as pd
    recs = [{"id": np.int64(7), "created_at": pd.Timestamp("2026-03-02T10:00:00Z"),
             "text": "great", "likes": float("nan"), "shares": np.float64(3.0),
             "rating": None, "user": {"name": "x"}}]
    res = analyzer.analyze_records(recs)
    assert res.rejects == []
    assert res.id == ["7"]
    assert res.created_at_ms[0] == pd.Timestamp("2026-03-02T10:00:00Z").value // 10**6


def test_presets_and_maps_work_as_in_the_cli(analyzer):
    tweets = [{"tweet_id": 570306133677760513, "name": "jn", "text": "thanks @united",
               "tweet_created": "2015-02-24 11:35:52 -0800"}]
    res = analyzer.analyze_records(tweets)
    assert res.source == ["twitter"] and res.id == ["570306133677760513"]
    res = analyzer.analyze_records([{"key": "a", "when": "2026-01-01", "body": "nice"}],
                                   preset="generic",
                                   map={"id": "key", "created_at": "when", "text": "body"},
                                   source="forum")
    assert res.source == ["forum"] and res.id == ["a"]
    # Talkwalker's documents: their channel from the media type, as the CLI reads it.
    docs = [{"url": "https://t.example/1", "search_indexed": 1, "published": 1417999319393,
             "content": "delayed again", "source_type": ["SOCIALMEDIA", "SOCIALMEDIA_TWITTER"],
             "extra_author_attributes": {"short_name": "anab", "name": "Ana B"}},
            {"url": "https://news.example/a", "search_indexed": 1, "published": 1417999319393,
             "content": "fares up", "source_type": ["ONLINENEWS", "ONLINENEWS_NEWSPAPER"]}]
    res = analyzer.analyze_records(docs)
    assert res.source == ["twitter", "news"] and res.author == ["anab", ""]
    # Reviews without an id are known by author, time and text, as the CLI knows them.
    reviews = [{"rating": 1.0, "title": "Not worth it", "text": "Broke after a week.",
                "user_id": "AGK", "timestamp": 1588687728923},
               {"rating": 5.0, "title": "Five Stars", "text": "Love it", "user_id": "AFX",
                "timestamp": 1588687729000}]
    first = analyzer.analyze_records(reviews)
    again = analyzer.analyze_records(list(reversed(reviews)))
    assert all(len(i) == 16 for i in first.id) and first.id[0] != first.id[1]
    assert list(again.id) == list(reversed(first.id))
    with pytest.raises(parley.InputError, match="unknown preset"):
        analyzer.analyze_records([], preset="nope")
    with pytest.raises(parley.InputError):
        analyzer.analyze_records([{"nothing": 1}])


def test_a_brands_sources_hold_under_the_binding(tmp_path):
    # A brand's `sources`: the same engine as the CLI's, so a review from
    # the brand's own source is its post, and a negative one a complaint.
    taxonomy = tmp_path / "app.toml"
    taxonomy.write_text('[taxonomy]\nname = "app"\nversion = 1\n\n'
                        '[brands.skyloft]\nown = true\naliases = ["Skyloft"]\n'
                        'sources = ["skyloft_play"]\n')
    a = parley.Analyzer(taxonomy=str(taxonomy))
    reviews = [{"id": "r1", "created_at": "2026-03-01T10:00:00Z",
                "text": "crashes every time I open it, so bad"},
               {"id": "r2", "created_at": "2026-03-01T11:00:00Z", "text": "works, nice"}]
    own = a.analyze_records(reviews, source="skyloft_play")
    assert own.brands == [["skyloft"], ["skyloft"]]
    assert own.intents[0] == ["complaint"]
    other = a.analyze_records(reviews, source="elsewhere")
    assert other.brands == [[], []]
    assert other.intents[0] == []


def test_auto_passes_over_a_first_line_that_is_not_an_object(analyzer):
    # As `parley ingest` samples a file's first records: a bad first line is
    # a reject, not a refused batch; only when none is an object is it refused.
    tweet = {"tweet_id": 1, "name": "jn", "text": "thanks @united",
             "tweet_created": "2015-02-24 11:35:52 -0800"}
    res = analyzer.analyze_json(["not json", json.dumps(tweet)])
    assert res.id == ["1"] and res.source == ["twitter"]
    assert [i for i, _ in res.rejects] == [0]
    with pytest.raises(parley.InputError, match="none of the first records is a JSON object"):
        analyzer.analyze_json(["[1]", "2"])


def test_text_only_records_say_what_to_map_in_python_terms(analyzer):
    # Records are decoded as `parley ingest` does (id and time); bare texts go
    # to analyze(). The hint names this binding's map= and preset=, not flags.
    for call in (lambda: analyzer.analyze_json(['{"text": "the crew was lovely"}']),
                 lambda: analyzer.analyze_records([{"text": "awful delay"}])):
        with pytest.raises(parley.InputError, match="map=") as e:
            call()
        assert "--map" not in str(e.value) and "--preset" not in str(e.value)


def test_records_keyed_as_exports_name_them_map_without_map(analyzer):
    # Keys in their own case and words, as a CRM or a forum export writes
    # them, decode as the CLI's auto preset reads them; times in RFC 2822.
    res = analyzer.analyze_records([
        {"ID": "c1", "User": "maria", "Date": "Tue, 24 Feb 2015 10:15:29 GMT",
         "Message": "the app keeps crashing", "likeCount": 4}])
    assert list(res.id) == ["c1"] and list(res.author) == ["maria"]
    assert list(res.created_at_ms) == [1424772929000]  # 2015-02-24T10:15:29Z


def test_a_text_joined_from_several_keys(analyzer):
    # A review's title and body, as --map text=title+body reads them.
    records = [{"id": "r1", "created_at": "2024-05-01", "title": "Awful", "body": "never arrived"},
               {"id": "r2", "created_at": "2024-05-01", "title": "Love it!", "body": None}]
    res = analyzer.analyze_records(records, map={"text": "title+body"})
    assert list(res.id) == ["r1", "r2"] and res.rejects == []
    assert list(res.labels) == ["negative", "positive"]
    # The body alone says less, and the second has none.
    body = analyzer.analyze_records(records)
    assert list(body.id) == ["r1"] and list(body.labels) == ["neutral"]
    assert len(body.rejects) == 1


def test_text_that_is_not_unicode_is_an_input_error():
    with pytest.raises(parley.InputError, match="item 1 is not valid text"):
        parley.Analyzer().analyze(["fine", "bad \udc80 text"])


def test_errors_carry_parleys_message(tmp_path):
    with pytest.raises(parley.InputError) as e:
        parley.Analyzer(taxonomy=str(tmp_path / "missing.toml"))
    assert isinstance(e.value, ValueError) and isinstance(e.value, parley.Error)
    assert "missing.toml" in str(e.value)
    bad = tmp_path / "bad.toml"
    bad.write_text("[brands.x\nname = 1\n")
    with pytest.raises(ValueError, match="bad.toml"):
        parley.Analyzer(taxonomy=str(bad))
    model = tmp_path / "m.plm"
    model.write_bytes(b"not a model")
    with pytest.raises(parley.InputError, match="m.plm"):
        parley.Analyzer(model=str(model))


def test_analyzer_pickles_by_its_options(analyzer):
    copy = pickle.loads(pickle.dumps(analyzer))
    assert copy.options == analyzer.options
    assert math.isclose(copy.analyze(["good"]).scores[0], analyzer.analyze(["good"]).scores[0])


def cli_terms(cli, db, *args):
    """`parley terms -f json` of a store, as a dict."""
    out = subprocess.run([str(cli), "terms", "--db", str(db), "-f", "json", "--examples", "0",
                          *args], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def same_terms(got, want):
    """The binding's key terms against `parley terms -f json`'s: the posts of
    either side, the terms tested, and each list term for term (the CLI's
    JSON writes 6 significant digits)."""
    for count in ("label_posts", "other_posts", "tested", "brand_posts", "brand_name_terms"):
        assert got[count] == want[count], count
    for name in ("terms", "sentiment_terms"):
        assert [(t["term"], t["label_posts"], t["other_posts"]) for t in got[name]] == \
            [(t["term"], t["label_posts"], t["other_posts"]) for t in want[name]]
        for g, w in zip(got[name], want[name]):
            assert math.isclose(g["q_value"], w["q_value"], rel_tol=1e-5)
            assert math.isclose(g["ratio"][1], w["ratio"]["low"], rel_tol=1e-5)
            assert math.isclose(g["label_share"][0], w["label_share"]["estimate"], rel_tol=1e-5)


def test_key_terms_equal_parley_terms(parley_cli, synth_ndjson, demo_taxonomy, analyzer,
                                      tmp_path):
    db = tmp_path / "s.db"
    cli_ingest(parley_cli, synth_ndjson, db, demo_taxonomy)
    # With the taxonomy, the brands' own accounts are left out, as the
    # analyzer with it leaves them out.
    want = cli_terms(parley_cli, db, "-n", "12", "--taxonomy", demo_taxonomy)
    assert want["terms"] and want["sentiment_terms"] and want["brand_posts"] > 0
    with open(synth_ndjson, encoding="utf-8") as f:
        lines = f.readlines()
    # Counted as the analyzer labels the posts, in two parts merged.
    counts, rejects = analyzer.key_terms_json(lines[:1000], default_source="posts")
    rest, _ = analyzer.key_terms_json(lines[1000:], into=parley.KeyTermCounts(),
                                      default_source="posts")
    assert rejects == []
    whole = parley.KeyTermCounts.merged([rest, counts])
    same_terms(whole.key_terms(top=12), want)
    # The same from dicts, from the posts' texts and labels, and pickled.
    records = read_ndjson(synth_ndjson)
    by_records, _ = analyzer.key_terms_records(records, default_source="posts")
    assert by_records == whole
    assert whole.brand_posts == want["brand_posts"]
    # Without a taxonomy every post counts, as `parley terms` without one.
    plain = parley.Analyzer()
    every, _ = plain.key_terms_records(records, default_source="posts")
    same_terms(every.key_terms(top=12), cli_terms(parley_cli, db, "-n", "12"))
    df = plain.analyze_records(records, default_source="posts").to_pandas()
    texts = [records[i]["text"] for i in df.index]
    assert parley.KeyTermCounts().add(texts, df["label"] == "negative") == every
    assert pickle.loads(pickle.dumps(whole)) == whole
    # The positive side, and all terms in one list, as --label and
    # --with-sentiment-words ask.
    positive, _ = analyzer.key_terms_records(records, label="positive", default_source="posts")
    same_terms(positive.key_terms(top=5, sentiment_words="with_terms"),
               cli_terms(parley_cli, db, "-n", "5", "--label", "positive",
                         "--with-sentiment-words", "--taxonomy", demo_taxonomy))
    # One brand's negative posts against the other brands', their names
    # left out, as --versus brands.
    skyloft, _ = analyzer.key_terms_records(records, brand="skyloft", default_source="posts")
    versus = skyloft.key_terms(top=8, brand_names=analyzer.brand_names)
    assert "skyloft" in analyzer.brand_names and versus["brand_name_terms"] > 0
    same_terms(versus, cli_terms(parley_cli, db, "-n", "8", "--versus", "brands", "--brand",
                                 "skyloft", "--taxonomy", demo_taxonomy))
    frame = whole.to_pandas(top=12)
    assert list(frame["term"]) == [t["term"] for t in want["terms"] + want["sentiment_terms"]]
    assert {"list", "label_share_low", "ratio_high", "q_value"} <= set(frame.columns)


def test_key_terms_say_what_is_wrong():
    counts = parley.KeyTermCounts()
    with pytest.raises(ValueError, match="2 texts but 1 sides"):
        counts.add(["a refund", "lovely"], [True])
    with pytest.raises(TypeError, match="takes strings"):
        counts.add([b"bytes"], [True])
    counts.add(["a refund"] * 5 + ["lovely"] * 5, [True] * 5 + [False] * 5)
    with pytest.raises(ValueError, match="fdr must be between 0 and 1"):
        counts.key_terms(fdr=2)
    with pytest.raises(ValueError, match="sentiment_words"):
        counts.key_terms(sentiment_words="sometimes")
    with pytest.raises(parley.InputError):
        counts.key_terms(lexicon="/no/such/lexicon.txt")
    with pytest.raises(ValueError, match="negative, neutral or positive"):
        parley.Analyzer().key_terms_records([], label="angry")
    with pytest.raises(ValueError, match="give Analyzer\\(taxonomy=...\\)"):
        parley.Analyzer().key_terms_records([], brand="skyloft")
    # A share with no words of its own counts nowhere, unless shares=True;
    # counts made otherwise do not merge.
    shared = ["RT @vera: the lounge wifi is broken"] * 3 + ["So true RT @vera: the wifi"]
    own = parley.KeyTermCounts().add(shared, [True] * 4)
    assert (own.label_posts, own.shares) == (1, 3)
    whole = parley.KeyTermCounts(shares=True).add(shared, [True] * 4)
    assert (whole.label_posts, whole.shares) == (4, 0)
    with pytest.raises(ValueError, match="cannot merge"):
        own.merge(whole)
    assert pickle.loads(pickle.dumps(whole)) == whole and whole != own
    # Nothing on a side: nothing to test.
    one = parley.KeyTermCounts().add(["a refund"] * 5, [True] * 5).key_terms()
    assert one["label_posts"] == 5 and one["tested"] == 0 and one["terms"] == []
