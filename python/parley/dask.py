"""parley on Dask: the C++ analyzer inside partitions, rollups merged exactly.

    import dask.bag as db, parley.dask
    posts = db.read_text("s3://bucket/posts-*.ndjson")
    df = parley.dask.analyze(posts, taxonomy="/shared/airlines.toml")   # lazy
    roll = parley.dask.rollup(posts, taxonomy="/shared/airlines.toml")  # a parley.Rollups
    roll.to_pandas()
    terms = parley.dask.key_terms(posts)                                # what negative posts say

Inputs are a dask Bag of NDJSON lines (db.read_text), a Bag of dicts, or a
dask DataFrame (its rows become dicts); all are decoded as `parley ingest`
decodes NDJSON (presets, field maps; see parley.Analyzer.analyze_records).
Lines are the fastest: they go to the C++ decoder without json.loads. Each worker
process builds its Analyzer once per set of options, from paths as the worker
sees them: the model, taxonomy and lexicon files must exist on every worker.

rollup() equals the `rollups` table of a single `parley ingest` of the same
posts, cell for cell: partial rollups are integers (sums in 1e-9 units), so
the tree of merges gives the same totals in any order. As in the store, a
post's identity is (source, id) and the last occurrence of a repeated post
is the one that counts (dedupe=True, the default).
"""

import dask
import dask.bag as db
import dask.dataframe as dd
import numpy as np

import parley

__all__ = ["analyze", "rollup", "key_terms", "meta"]

_ANALYZER_KEYS = ("model", "taxonomy", "lexicon", "emoji", "abstain", "match_engine",
                  "positive_threshold", "negative_threshold", "detect_language")
_DECODE_KEYS = ("preset", "map", "source", "default_source", "errors", "time_format",
                "time_zone")

# One Analyzer per worker process and set of options (building one loads the
# lexicon and compiles the taxonomy).
_analyzers = {}


def _analyzer(options):
    key = tuple(sorted((k, repr(v)) for k, v in options.items()))
    a = _analyzers.get(key)
    if a is None:
        a = _analyzers[key] = parley.Analyzer(**options)
    return a


def _split_options(kwargs):
    unknown = set(kwargs) - set(_ANALYZER_KEYS) - set(_DECODE_KEYS)
    if unknown:
        raise TypeError(f"unknown option(s): {', '.join(sorted(unknown))}")
    analyzer = {k: v for k, v in kwargs.items() if k in _ANALYZER_KEYS}
    decode = {k: v for k, v in kwargs.items() if k in _DECODE_KEYS}
    return analyzer, decode


def meta(detect_language=False):
    """An empty DataFrame with the columns and dtypes analyze() returns.
    Its records always give a lang column (see parley.Analyzer), so
    detect_language changes nothing here; it is kept for callers that
    pass it."""
    columns = {
        "label": np.zeros(0, np.int8), "score": np.zeros(0), "probabilities": np.zeros((0, 3)),
        "uncertain": np.zeros(0, bool), "brands": [], "topics": [], "intents": [],
        "mentions": [], "hashtags": [], "aspects": [], "prices": [], "index": np.zeros(0, np.int64), "source": [], "id": [],
        "author": [], "created_at_ms": np.zeros(0, np.int64)}
    columns["lang"] = []
    return parley.Analyses(columns).to_pandas().reset_index(drop=True)


def _analyze_frame(part, analyzer_options, decode_options):
    res = _analyzer(analyzer_options).analyze_records(part.to_dict("records"), **decode_options)
    df = res.to_pandas()
    # Rows keep the labels of the input rows they came from, so that the
    # input can be joined back.
    df.index = part.index[df.index.to_numpy()]
    return df


def _analyze_items(items, analyzer_options, decode_options):
    items = list(items)
    analyzer = _analyzer(analyzer_options)
    # NDJSON lines (db.read_text) go straight to the C++ decoder; dicts are
    # decoded with the same rules.
    if items and isinstance(items[0], (str, bytes)):
        return analyzer.analyze_json(items, **decode_options)
    return analyzer.analyze_records(items, **decode_options)


def _analyze_bag_partition(items, analyzer_options, decode_options):
    res = _analyze_items(items, analyzer_options, decode_options)
    return res.to_pandas().reset_index(drop=True)


def _consume_raw(part, method, analyzer_options, decode_options, **kwargs):
    """One partition of raw posts (a Bag's NDJSON lines or dicts, a
    DataFrame's rows) analyzed and consumed in C++ with no Python object per
    post: the Analyzer's `method`_json or `method`_records ("rollup",
    "key_terms"), whose result (rejects left out) it returns."""
    analyzer = _analyzer(analyzer_options)
    items = list(part) if isinstance(part, (list, tuple)) else part.to_dict("records")
    kind = "json" if items and isinstance(items[0], (str, bytes)) else "records"
    result, _ = getattr(analyzer, f"{method}_{kind}")(items, **kwargs, **decode_options)
    return result


def _rollup_raw(part, analyzer_options, decode_options):
    """Analysis and rollup of one partition of raw posts (rollup(dedupe=False))."""
    return _consume_raw(part, "rollup", analyzer_options, decode_options)


def analyze(data, **options):
    """Analyzes a dask Bag of NDJSON lines or dicts, or a dask DataFrame,
    lazily: a dask DataFrame with the columns of parley.Analyses.to_pandas()
    (see meta()), one row per accepted record. Rows of a DataFrame keep their
    index labels; a Bag's are numbered within each partition.

    Options: model, taxonomy, lexicon, emoji, abstain, match_engine,
    detect_language (as for parley.Analyzer) and preset, map, source, default_source, errors (as for
    Analyzer.analyze_records; with errors="collect" rejected records are left
    out, with "raise" the first fails the computation).
    """
    analyzer_options, decode_options = _split_options(options)
    columns = meta()
    if isinstance(data, dd.DataFrame):
        return data.map_partitions(_analyze_frame, analyzer_options, decode_options,
                                   meta=columns, enforce_metadata=False)
    if isinstance(data, db.Bag):
        parts = [dask.delayed(_analyze_bag_partition)(p, analyzer_options, decode_options)
                 for p in data.to_delayed()]
        return dd.from_delayed(parts, meta=columns, verify_meta=False)
    raise TypeError(f"expected a dask Bag or DataFrame, got {type(data).__name__}")


_ANALYZED_COLUMNS = {"source", "id", "created_at_ms", "label", "score", "p_negative",
                     "p_neutral", "p_positive", "brands", "topics"}


def _rollup_of(part):
    return parley.Rollups().add(part)


def _merge(*parts):
    return parley.Rollups.merged(parts)


def rollup(data, dedupe=True, split_every=8, compute=True, **options):
    """The exact rollups of a dask Bag (NDJSON lines or dicts), a dask
    DataFrame of posts, or analyze()'s output: a parley.Rollups (a dask Delayed with compute=False).

    Each partition is rolled up where it lies; the partial rollups are merged
    in a tree (`split_every` at a time). dedupe=True keeps only the last
    occurrence of each (source, id), as the store does when a post is
    ingested again; it shuffles (source, id) and the analyses, so pass False
    when ids are known to be unique. Other options are analyze()'s.
    """
    analyzed = isinstance(data, dd.DataFrame) and _ANALYZED_COLUMNS <= set(data.columns)
    if analyzed and options:
        raise TypeError("options apply to raw posts, not to analyze() output")
    if not analyzed and not dedupe:
        if not isinstance(data, (dd.DataFrame, db.Bag)):
            raise TypeError(f"expected a dask Bag or DataFrame, got {type(data).__name__}")
        analyzer_options, decode_options = _split_options(options)
        parts = [dask.delayed(_rollup_raw)(p, analyzer_options, decode_options)
                 for p in data.to_delayed()]
        return _merge_tree(parts, split_every, compute)
    frame = data if analyzed else analyze(data, **options)
    if dedupe:
        frame = frame.drop_duplicates(subset=["source", "id"], keep="last",
                                      split_out=frame.npartitions)
    parts = [dask.delayed(_rollup_of)(p) for p in frame.to_delayed()]
    return _merge_tree(parts, split_every, compute)


def _merge_tree(parts, split_every, compute, merge=_merge, empty=parley.Rollups):
    while len(parts) > 1:
        parts = [dask.delayed(merge)(*parts[i:i + split_every])
                 for i in range(0, len(parts), split_every)]
    result = parts[0] if parts else dask.delayed(empty)()
    return result.compute() if compute else result


def _key_term_counts_raw(part, label, shares, brand, analyzer_options, decode_options):
    """Analysis of one partition of raw posts and the count of its terms,
    the posts labelled `label` on one side (of them, `brand`'s against the
    other brands', when given)."""
    return _consume_raw(part, "key_terms", analyzer_options, decode_options, label=label,
                        shares=shares, brand=brand)


def _key_term_counts_labelled(part, text, label_column, label, shares):
    return parley.KeyTermCounts(shares=shares).add(part[text].fillna("").astype(str),
                                                   part[label_column].astype(str) == label)


def _merge_counts(*parts):
    return parley.KeyTermCounts.merged(parts)


def _test_counts(counts, test):
    return counts.key_terms(**test)


_TEST_KEYS = ("top", "min_posts", "fdr", "confidence", "sentiment_words", "lexicon")


def key_terms(data, label="negative", label_column=None, text="text", shares=False,
              brand=None, split_every=8, compute=True, **options):
    """What the `label` posts (negative by default) of a dask Bag or
    DataFrame say more than the others, as `parley terms` finds it in a
    store: a dict as parley.KeyTermCounts.key_terms() returns it (a dask
    Delayed with compute=False). Each partition's terms are counted where it
    lies (integers, a post at a time), the counts merged in a tree
    (`split_every` at a time) and tested once.

    Raw posts (NDJSON lines, dicts, or a DataFrame of posts) are analyzed
    in each partition and sided by the analyzer's label, with analyze()'s
    options (model, taxonomy, lexicon, preset, map...). With
    `label_column`, a DataFrame's own labels side its posts instead (human
    labels, or analyze() output joined back to its texts): the rows whose
    `label_column` is `label`, with their text in column `text`.

    Test options: top, min_posts, fdr, confidence, sentiment_words ("apart"
    or "with_terms") and lexicon, as KeyTermCounts.key_terms() takes them
    (the lexicon of the test, for the words listed apart, is also the
    analyzer's `lexicon` when not given). Every record counts: a post given
    twice counts twice (the store keeps one), so give each post once. A
    share ("RT @x: text") counts its own words alone unless shares=True
    (see parley.KeyTermCounts). With a taxonomy, the posts of its brands'
    own accounts are left out (brand_posts). With `brand` (a taxonomy brand
    id; raw posts and a taxonomy needed), the `label` posts that name it
    against those that name other brands and not it, the brands' names left
    out (brand_name_terms), as `parley terms --versus brands`.
    """
    test = {k: options.pop(k) for k in _TEST_KEYS if k in options}
    if "lexicon" in options and "lexicon" not in test:
        test["lexicon"] = options["lexicon"]
    if label not in parley.LABELS:
        raise ValueError("label must be negative, neutral or positive")
    if brand is not None and label_column is not None:
        raise TypeError("brand needs raw posts analyzed with a taxonomy, not label_column")
    if label_column is not None:
        if not isinstance(data, dd.DataFrame):
            raise TypeError("label_column needs a dask DataFrame")
        if options:
            raise TypeError("with label_column the posts are not analyzed: "
                            f"no analyzer option ({', '.join(sorted(options))})")
        missing = {text, label_column} - set(data.columns)
        if missing:
            raise ValueError(f"no column {', '.join(sorted(missing))} in the DataFrame")
        parts = [dask.delayed(_key_term_counts_labelled)(p, text, label_column, label, shares)
                 for p in data.to_delayed()]
    else:
        if not isinstance(data, (dd.DataFrame, db.Bag)):
            raise TypeError(f"expected a dask Bag or DataFrame, got {type(data).__name__}")
        analyzer_options, decode_options = _split_options(options)
        if brand is not None:
            # Checked here, before any partition (the brand must be the
            # taxonomy's); its names are left out of the test.
            analyzer = _analyzer(analyzer_options)
            analyzer.key_terms_json([], brand=brand)
            test["brand_names"] = analyzer.brand_names
        parts = [dask.delayed(_key_term_counts_raw)(p, label, shares, brand, analyzer_options,
                                                    decode_options)
                 for p in data.to_delayed()]
    counts = _merge_tree(parts, split_every, False, _merge_counts,
                         lambda: parley.KeyTermCounts(shares=shares))
    result = dask.delayed(_test_counts)(counts, test)
    return result.compute() if compute else result
