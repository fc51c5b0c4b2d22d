"""parley.dask on a real (local) cluster of two worker processes: the rollups
equal those of one `parley ingest` of the same file, cell for cell."""
import json

import pytest

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")
import dask.bag as db  # noqa: E402
import dask.dataframe as dd  # noqa: E402
import pandas as pd  # noqa: E402

import parley  # noqa: E402
import parley.dask  # noqa: E402
from conftest import REPO  # noqa: E402
from test_binding import cli_ingest, read_ndjson, table_rows, tag_rows  # noqa: E402

TAXONOMY = str(REPO / "data" / "taxonomy" / "demo.toml")


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                       dashboard_address=None, silence_logs=40)
    c = distributed.Client(cluster)
    try:
        yield c
    finally:
        c.close()
        cluster.close()


@pytest.fixture(scope="module")
def posts_with_repeats(synth_ndjson, tmp_path_factory):
    """The synthetic posts, then 20 of them again with new text: the store keeps
    the last version, and so must the distributed rollup."""
    records = read_ndjson(synth_ndjson)
    again = [dict(r, text="this is awful, worst airline ever") for r in records[100:120]]
    path = tmp_path_factory.mktemp("dask") / "posts.ndjson"
    with open(path, "w", encoding="utf-8") as f:
        for r in records + again:
            f.write(json.dumps(r) + "\n")
    return path


def test_bag_rollup_equals_parley_ingest(client, parley_cli, posts_with_repeats, tmp_path):
    expected, expected_tags = cli_ingest(parley_cli, posts_with_repeats, tmp_path / "s.db",
                                         TAXONOMY)
    lines = db.read_text(str(posts_with_repeats), blocksize=200_000)
    assert lines.npartitions >= 3
    roll = parley.dask.rollup(lines, taxonomy=TAXONOMY, default_source="posts")
    assert table_rows(roll) == expected
    assert tag_rows(roll) == expected_tags
    # Without dedupe the repeated posts count twice: the comparison can fail.
    twice = parley.dask.rollup(lines, taxonomy=TAXONOMY, default_source="posts", dedupe=False)
    assert table_rows(twice) != expected
    # Both workers took part.
    assert len(client.run(lambda: 1)) == 2


def test_bag_of_dicts_without_dedupe(client, parley_cli, synth_ndjson, tmp_path):
    expected, expected_tags = cli_ingest(parley_cli, synth_ndjson, tmp_path / "s.db", TAXONOMY)
    bag = db.read_text(str(synth_ndjson), blocksize=200_000).map(json.loads)
    roll = parley.dask.rollup(bag, taxonomy=TAXONOMY, default_source="posts", dedupe=False,
                              split_every=2)
    assert table_rows(roll) == expected
    assert tag_rows(roll) == expected_tags


def test_dataframe_analyze_then_rollup(client, parley_cli, synth_ndjson, tmp_path):
    expected, expected_tags = cli_ingest(parley_cli, synth_ndjson, tmp_path / "s.db", TAXONOMY)
    ddf = dd.from_pandas(pd.DataFrame(read_ndjson(synth_ndjson)), npartitions=4)
    analyzed = parley.dask.analyze(ddf, taxonomy=TAXONOMY, default_source="posts")
    df = analyzed.compute()
    assert len(df) == 3000
    assert list(df.columns) == list(parley.dask.meta().columns)
    assert df.index.equals(ddf.index.compute())  # rows keep their input labels
    roll = parley.dask.rollup(analyzed, dedupe=False)
    assert table_rows(roll) == expected
    assert tag_rows(roll) == expected_tags


def test_languages_through_dask(client):
    recs = [{"id": str(i), "created_at": "2024-03-01T10:00:00Z",
             "text": ("el vuelo lleva tres horas de retraso y nadie nos dice nada" if i % 2 else
                      "the flight is three hours late and nobody tells us anything")}
            for i in range(8)]
    ddf = dd.from_pandas(pd.DataFrame(recs), npartitions=2)
    analyzed = parley.dask.analyze(ddf, detect_language=True)
    df = analyzed.compute()
    assert list(df.columns) == list(parley.dask.meta(detect_language=True).columns)
    assert list(df["lang"]) == ["en", "es"] * 4
    tags = parley.dask.rollup(analyzed, dedupe=False).tags_to_pandas()
    day = tags[(tags.kind == "language") & (tags.granularity == "day")]
    assert dict(zip(day["tag"], day["n"])) == {"en": 4, "es": 4}
    # Raw posts rolled up in C++ (no columns) count them alike.
    raw = parley.dask.rollup(db.from_sequence(recs, npartitions=2), detect_language=True,
                             dedupe=False)
    assert tag_rows(raw) == tag_rows(parley.dask.rollup(analyzed, dedupe=False))


def test_errors_reach_the_caller(client):
    bag = db.from_sequence([{"id": "1", "text": "x"}], npartitions=1)
    with pytest.raises(parley.InputError, match="missing field created_at"):
        parley.dask.analyze(bag, preset="generic", errors="raise").compute()
    with pytest.raises(parley.InputError, match="preset text maps no created_at key"):
        parley.dask.rollup(bag)
    with pytest.raises(TypeError, match="unknown option"):
        parley.dask.analyze(bag, colour="red")


def test_key_terms_equal_parley_terms(client, parley_cli, synth_ndjson, tmp_path):
    from test_binding import cli_terms, same_terms

    store = tmp_path / "s.db"
    cli_ingest(parley_cli, synth_ndjson, store, TAXONOMY)
    want = cli_terms(parley_cli, store, "-n", "10")
    bag = db.read_text(str(synth_ndjson), blocksize=200_000)
    assert bag.npartitions >= 3
    # With the taxonomy the brands' own accounts are left out, as `parley
    # terms --taxonomy` leaves them out; and one brand against the others.
    same_terms(parley.dask.key_terms(bag, top=10, taxonomy=TAXONOMY, default_source="posts"),
               cli_terms(parley_cli, store, "-n", "10", "--taxonomy", TAXONOMY))
    same_terms(parley.dask.key_terms(bag, top=10, brand="skyloft", taxonomy=TAXONOMY,
                                     default_source="posts"),
               cli_terms(parley_cli, store, "-n", "10", "--versus", "brands", "--brand",
                         "skyloft", "--taxonomy", TAXONOMY))
    with pytest.raises(ValueError, match="no brand 'skyloftt'.*its brands: "):
        parley.dask.key_terms(bag, brand="skyloftt", taxonomy=TAXONOMY)
    same_terms(parley.dask.key_terms(bag, top=10, default_source="posts"), want)
    # A DataFrame's own labels side its posts: here the model's, joined
    # back to the texts.
    records = pd.DataFrame(read_ndjson(synth_ndjson))
    analyzed = parley.Analyzer().analyze_records(records.to_dict("records")).to_pandas()
    records["label"] = analyzed["label"].astype(str).reindex(
        range(len(records))).to_numpy()
    frame = dd.from_pandas(records[["text", "label"]], npartitions=4)
    same_terms(parley.dask.key_terms(frame, label_column="label", top=10), want)
    lazy = parley.dask.key_terms(frame, label_column="label", top=10, compute=False)
    assert lazy.compute() == parley.dask.key_terms(frame, label_column="label", top=10)
    with pytest.raises(ValueError, match="no column sentiment"):
        parley.dask.key_terms(frame, label_column="sentiment")
    with pytest.raises(TypeError, match="no analyzer option"):
        parley.dask.key_terms(frame, label_column="label", taxonomy=TAXONOMY)
