"""parley from Python: the C++ analyzer, exact rollups, and pandas.

    import parley
    a = parley.Analyzer(taxonomy="data/taxonomy/airlines.toml")
    r = a.analyze(["the crew was lovely", "@skyloft lost my bag again"])
    r.labels, r.scores, r.probabilities, r.brands, r.topics
    df = r.to_pandas()

    res = a.analyze_records(df_posts.to_dict("records"))   # decoded like `parley ingest`
    roll = parley.Rollups.from_analyses(res)                # exact, mergeable
    roll.merge(other_roll).to_pandas()                      # with Wilson intervals

Everything runs in parley's C++ engine (the module `parley._parley`). The GIL
is released while a batch is analyzed, so Python threads sharing one Analyzer
run in parallel. Errors are parley's own messages: `parley.InputError` (also a
ValueError) for what the caller can fix (a missing file, a bad taxonomy,
model, preset or field map), `parley.Error` otherwise.

See parley.dask for running the analyzer and rollups on a Dask cluster.
"""

import os

import numpy as np

from parley import _parley
from parley._parley import Error, InputError

__all__ = ["Analyzer", "Analyses", "Rollups", "KeyTermCounts", "Error", "InputError", "LABELS"]

# Sentiment labels by code: Analyses.label_codes index into this.
LABELS = np.array(["negative", "neutral", "positive"])

_HERE = os.path.dirname(os.path.abspath(__file__))


def _default_lexicon():
    """The VADER lexicon: $PARLEY_DATA_DIR, else beside this package (a wheel
    or install may put it there), else the build tree's share/parley."""
    if os.environ.get("PARLEY_DATA_DIR"):
        return ""  # the engine looks there itself, with its own error message
    for d in (_HERE, os.path.join(_HERE, "..", "..", "share", "parley")):
        path = os.path.join(d, "vader_lexicon.txt")
        if os.path.isfile(path):
            return os.path.normpath(path)
    return ""


class Analyses:
    """The analyses of a batch, as columns (one row per analyzed post).

    label_codes: int8 numpy array, 0/1/2 = negative/neutral/positive
    labels: numpy array of label names
    scores: float64 numpy array in [-1, 1] (VADER's compound for the lexicon)
    probabilities: float64 numpy array, n x 3 (negative, neutral, positive);
        NaN where the model gives none (the lexicon model)
    uncertain: bool numpy array (the model abstained, see Analyzer(abstain=))
    brands, topics, intents, mentions, hashtags: lists of lists of str
    aspects: lists of lists of {"topic", "label", "score"} (a topic's clause
        sentiment); prices: lists of lists of {"text", "currency", "amount"}
        (a price word has "text" alone), as `parley analyze` writes them
    lang: list of str, each post's language (see Analyzer's detect_language;
        always there for records, for bare texts with detect_language only)
    For analyze_records() also:
    index: int64 numpy array, each row's position in the input
    source, id, author: lists of str; created_at_ms: int64 numpy array (UTC)
    rejects: list of (index, reason) for records that could not be decoded
    """

    def __init__(self, columns, rejects=None):
        self._c = columns
        self.rejects = list(rejects or [])

    def __len__(self):
        return len(self._c["label"])

    def __getattr__(self, name):
        c = self.__dict__.get("_c", {})
        if name in c:
            return c[name]
        raise AttributeError(name)

    @property
    def label_codes(self):
        return self._c["label"]

    @property
    def labels(self):
        return LABELS[self._c["label"]]

    @property
    def scores(self):
        return self._c["score"]

    @property
    def has_records(self):
        """True for analyze_records() output (source, id, time are known)."""
        return "source" in self._c

    def to_pandas(self):
        """A DataFrame, one row per analyzed post; label is categorical,
        created_at a UTC datetime, probabilities p_negative/p_neutral/p_positive."""
        import pandas as pd

        c = self._c
        data = {}
        if self.has_records:
            data["source"] = c["source"]
            data["id"] = c["id"]
            data["author"] = c["author"]
            data["created_at"] = pd.to_datetime(c["created_at_ms"], unit="ms", utc=True)
            data["created_at_ms"] = c["created_at_ms"]
        data["label"] = pd.Categorical.from_codes(c["label"], categories=list(LABELS))
        data["score"] = c["score"]
        for i, name in enumerate(LABELS):
            data["p_" + name] = c["probabilities"][:, i]
        data["uncertain"] = c["uncertain"]
        for k in ("brands", "topics", "intents", "mentions", "hashtags", "aspects", "prices"):
            data[k] = c[k]
        if "lang" in c:  # records, or texts with detect_language=True
            data["lang"] = c["lang"]
        index = pd.Index(c["index"], name="index") if self.has_records else None
        return pd.DataFrame(data, index=index)


class Analyzer:
    """parley's analyzer: sentiment (lexicon or a `parley train` model),
    brands, topics and intents (with a taxonomy), mentions and hashtags.

    model: "lexicon" or the path of a .plm file written by `parley train`
    taxonomy: path of a taxonomy TOML file, or None for no tagging
    lexicon: the VADER lexicon file; None finds the installed one
    emoji: score emoji by their names (False: exactly npm vader-sentiment)
    abstain: mark posts whose top probability is below this as uncertain
    match_engine: "auto", "hyperscan" or "re2" (same results)
    positive_threshold, negative_threshold: compound score cut-offs of the
        lexicon model's labels (VADER's 0.05 and -0.05)
    detect_language: tell each post's language from its text (CLD2, as
        `--detect-language`) where the record gives no lang field of its
        own. Analyses of records always have a `lang` column: the record's
        own lang reduced to its primary subtag ("fr-CA" -> "fr"), else the
        detected one ("und" where it is not known), else "" (detection
        off); analyze() of bare texts has it with detect_language only.
        Rollups count the posts of each language, "" counting nowhere

    Raises InputError with parley's message for a missing or corrupt model,
    taxonomy or lexicon. An Analyzer is immutable; share it between threads.
    """

    def __init__(self, model="lexicon", taxonomy=None, lexicon=None, emoji=True,
                 abstain=0.0, match_engine="auto", positive_threshold=0.05,
                 negative_threshold=-0.05, detect_language=False):
        # As given (a worker rebuilding this Analyzer finds its own lexicon).
        self.options = dict(model=os.fspath(model), taxonomy=os.fspath(taxonomy or ""),
                            lexicon=os.fspath(lexicon or ""), emoji=emoji, abstain=abstain,
                            match_engine=match_engine, positive_threshold=positive_threshold,
                            negative_threshold=negative_threshold,
                            detect_language=detect_language)
        self._impl = _parley.Analyzer(**dict(self.options,
                                             lexicon=self.options["lexicon"] or _default_lexicon()))

    @property
    def model_name(self):
        return self._impl.model_name

    @property
    def brand_names(self):
        """The names the taxonomy's brands go by: ids, aliases, handles
        (without '@') and hashtags; what KeyTermCounts.key_terms(brand_names=)
        leaves out when one brand's posts are held against the others'."""
        return list(self._impl.brand_names)

    def analyze(self, texts):
        """Analyzes bare texts (an iterable of str): Analyses, one row each."""
        if isinstance(texts, str):
            raise TypeError("analyze() takes a list of texts, not one string")
        return Analyses(self._impl.analyze(texts))

    def analyze_records(self, records, preset="auto", map=None, source=None,
                        default_source="records", errors="collect", time_format=None,
                        time_zone=None):
        """Analyzes posts given as dicts (e.g. DataFrame.to_dict("records") or
        json.loads of NDJSON lines), decoded exactly as `parley ingest` decodes
        NDJSON: the same presets ("auto" picks one from the keys of the first
        100 dicts, so a key the first leaves out still maps),
        `map` overrides as {"text": "body"} or ["text=body"], dotted paths into
        nested dicts, "a|b" alternatives, {"text": "title+body"} a text joined
        from several keys (as --map text=title+body), unmapped keys kept as extras. NaN,
        None, NaT and NA count as missing; datetimes are read as ISO-8601.

        source: force every post's source (as --source does); otherwise a
        mapped source column, the preset's source, then `default_source` (the
        CLI uses the input file's stem there).
        errors: "collect" (default) leaves records that cannot be decoded out
        of the result and lists them in `.rejects` as (index, reason), as the
        CLI writes its rejects file; "raise" raises InputError at the first.
        time_format: how created_at strings are written when they are not
        ISO-8601, RFC 2822, Twitter's or epoch seconds, as the CLI's --time-format
        ("%d/%m/%Y %H:%M" for day-first dates); every time must then fit it.
        time_zone: where times that name no zone were written, as the CLI's
        --time-zone ("Europe/Paris", "America/New_York", "+05:30"); times
        with a zone, and epoch seconds, are read as they say.
        """
        return self._decode(self._impl.analyze_records, records, preset, map, source,
                            default_source, errors, time_format, time_zone)

    def analyze_json(self, lines, preset="auto", map=None, source=None,
                     default_source="records", errors="collect", time_format=None,
                     time_zone=None):
        """Analyzes NDJSON lines (str or bytes, one JSON object each), exactly
        as `parley ingest` reads an NDJSON file: blank lines are skipped, and a
        line that is not a JSON object is a reject. Faster than
        analyze_records() when the posts are JSON text already (no json.loads).
        Options and result as for analyze_records(); `index` is the position
        in `lines`."""
        return self._decode(self._impl.analyze_json, lines, preset, map, source,
                            default_source, errors, time_format, time_zone)

    def rollup_records(self, records, into=None, preset="auto", map=None, source=None,
                       default_source="records", errors="collect", time_format=None,
                       time_zone=None):
        """Analyzes dicts as analyze_records() does and adds them straight to
        rollups (`into`, or new ones), without making a Python object per post:
        the fast way when only the rollups are wanted. Returns (rollups,
        rejects)."""
        return self._rollup(self._impl.analyze_records, records, into, preset, map, source,
                            default_source, errors, time_format, time_zone)

    def rollup_json(self, lines, into=None, preset="auto", map=None, source=None,
                    default_source="records", errors="collect", time_format=None,
                    time_zone=None):
        """rollup_records() for NDJSON lines, read as analyze_json() reads them."""
        return self._rollup(self._impl.analyze_json, lines, into, preset, map, source,
                            default_source, errors, time_format, time_zone)

    def key_terms_records(self, records, label="negative", into=None, shares=False,
                          preset="auto", map=None, source=None, default_source="records",
                          errors="collect", time_format=None, time_zone=None, brand=None):
        """Analyzes dicts as analyze_records() does and counts their terms
        into a KeyTermCounts (`into`, or a new one): the posts this analyzer
        labels `label` on one side, the others on the other, as `parley
        terms` holds the negative posts against the rest. No Python object
        is made per post. `shares`: as KeyTermCounts(shares=) (for a new
        one). With a taxonomy, the posts of its brands' own accounts are left
        out (counted in the counts' brand_posts): what customers say. With
        `brand` (a taxonomy brand id), the `label` posts that name it against
        the `label` posts that name other brands and not it, as `parley terms
        --versus brands` (test them with key_terms(brand_names=
        analyzer.brand_names)). Returns (counts, rejects)."""
        return self._key_terms(self._impl.analyze_records, records, label, into, shares, preset,
                               map, source, default_source, errors, time_format, time_zone,
                               brand)

    def key_terms_json(self, lines, label="negative", into=None, shares=False, preset="auto",
                       map=None, source=None, default_source="records", errors="collect",
                       time_format=None, time_zone=None, brand=None):
        """key_terms_records() for NDJSON lines, read as analyze_json() reads them."""
        return self._key_terms(self._impl.analyze_json, lines, label, into, shares, preset, map,
                               source, default_source, errors, time_format, time_zone, brand)

    def _rollup(self, method, items, into, preset, map, source, default_source, errors,
                time_format, time_zone):
        into = into if into is not None else Rollups()
        _, rejects = self._call(method, items, preset, map, source, default_source, errors,
                                time_format, time_zone, into._t)
        return into, rejects

    def _key_terms(self, method, items, label, into, shares, preset, map, source,
                   default_source, errors, time_format, time_zone, brand):
        into = into if into is not None else KeyTermCounts(shares=shares)
        _, rejects = self._call(method, items, preset, map, source, default_source, errors,
                                time_format, time_zone, None, terms=into._c, label=label,
                                brand=brand)
        return into, rejects

    def _decode(self, method, items, preset, map, source, default_source, errors,
                time_format, time_zone):
        columns, rejects = self._call(method, items, preset, map, source, default_source,
                                      errors, time_format, time_zone, None)
        return Analyses(columns, rejects)

    def _call(self, method, items, preset, map, source, default_source, errors, time_format,
              time_zone, table, terms=None, label="negative", brand=None):
        if errors not in ("collect", "raise"):
            raise ValueError('errors must be "collect" or "raise"')
        columns, rejects = method(items, preset=preset or "auto", map=_map_overrides(map),
                                  source=source or "", default_source=default_source,
                                  time_format=time_format or "", time_zone=time_zone or "",
                                  rollup_into=table, key_terms_into=terms,
                                  key_terms_label=label, key_terms_brand=brand or "")
        if rejects and errors == "raise":
            index, reason = rejects[0]
            raise InputError(f"record {index}: {reason}")
        return columns, rejects

    def __reduce__(self):
        # Dask ships analyzers to workers: rebuild from the options there.
        return (_rebuild_analyzer, (self.options,))


def _rebuild_analyzer(options):
    return Analyzer(**options)


def _map_overrides(map):
    if map is None:
        return []
    if isinstance(map, dict):
        return [f"{field}={column}" for field, column in map.items()]
    return list(map)


class Rollups:
    """Rollup cells per (granularity, bucket, brand, topic, source): counts by
    label and sums of probabilities and scores, kept as integers (sums in 1e-9
    units), so merging is exact and order-free; identical to the `rollups`
    table `parley ingest` writes for the same posts.

    Every post counts in each of hour, day and week, for each of its brands
    and "*" (all), each of its topics and "*".

    Beside them, tag cells per (granularity, bucket, kind, tag, brand, topic,
    source), identical to the store's `tag_rollups`: kind "intent" counts the
    posts with each intent by their sentiment (per topic of the posts too, by
    day and week: topic "delay" holds the complaints about the delay),
    "aspect" a topic's aspect mentions by the aspect's own sentiment,
    "price" the posts that mention a price per currency ("" for price words
    alone) with the amounts' count and sum (in hundredths), "language" the
    posts in each language (the records' own lang, or detect_language's). See
    tag_cells() and tags_to_pandas().
    """

    def __init__(self, table=None):
        self._t = table if table is not None else _parley.Rollups()

    @classmethod
    def from_analyses(cls, analyses):
        """The rollups of analyze_records() output (an Analyses object, or its
        DataFrame from to_pandas())."""
        r = cls()
        r.add(analyses)
        return r

    def add(self, analyses):
        """Adds analyzed posts: an Analyses from analyze_records() or a
        DataFrame with its columns (source, created_at_ms, label, score,
        p_negative/p_neutral/p_positive, brands, topics; and intents,
        aspects, prices and lang for the tag cells: a frame without them adds
        none)."""
        if isinstance(analyses, Analyses):
            if not analyses.has_records:
                raise ValueError("rollups need posts with a source and a time: "
                                 "use analyze_records(), not analyze()")
            c = analyses._c
            self._t.add_columns(c["source"], c["created_at_ms"], c["label"], c["score"],
                                c["probabilities"], c["brands"], c["topics"], c.get("intents"),
                                c.get("aspects"), c.get("prices"), c.get("lang"))
            return self
        df = analyses
        label = df["label"]
        if hasattr(label, "cat") and list(label.cat.categories) == list(LABELS):
            codes = label.cat.codes
        else:
            codes = label.astype(str).map({name: i for i, name in enumerate(LABELS)})
            if codes.isna().any():
                raise ValueError("label must be negative, neutral or positive")
        p = np.ascontiguousarray(
            df[["p_negative", "p_neutral", "p_positive"]].to_numpy(dtype=np.float64))
        lists = {k: [list(x) for x in df[k]] if k in df.columns else None
                 for k in ("intents", "aspects", "prices")}
        lang = [str(x) for x in df["lang"]] if "lang" in df.columns else None
        self._t.add_columns(list(df["source"]), df["created_at_ms"].to_numpy(np.int64),
                            np.asarray(codes, dtype=np.int8),
                            df["score"].to_numpy(np.float64), p,
                            [list(x) for x in df["brands"]], [list(x) for x in df["topics"]],
                            lists["intents"], lists["aspects"], lists["prices"], lang)
        return self

    def merge(self, other):
        """Adds every cell of `other` to this one (exact); returns self."""
        self._t.merge(other._t)
        return self

    @staticmethod
    def merged(parts):
        """The merge of an iterable of Rollups, as a new Rollups."""
        out = Rollups()
        for p in parts:
            out.merge(p)
        return out

    def __len__(self):
        return len(self._t)

    def __eq__(self, other):
        return isinstance(other, Rollups) and self._t == other._t

    def __reduce__(self):
        return (Rollups, (self._t,))

    def cells(self):
        """The raw cells as columns, in the store's `rollups` table layout:
        granularity, bucket_start (UTC ms), brand, topic, source, n, n_neg,
        n_neu, n_pos, sum_p_neg, sum_p_neu, sum_p_pos, sum_score (sums as
        integers in 1e-9 units), sorted by key."""
        return self._t.cells()

    def tag_cells(self):
        """The raw tag cells as columns, in the store's `tag_rollups` table
        layout: granularity, bucket_start (UTC ms), kind, tag, brand, topic
        ("*", or for intents by day and week one of the posts' topics too),
        source, n, n_neg, n_neu, n_pos, sum_p_neg, sum_p_neu, sum_p_pos, sum_score
        (sums as integers in 1e-9 units), amounts, sum_amount (hundredths),
        sorted by key."""
        return self._t.tag_cells()

    def to_pandas(self, confidence=0.95):
        """A DataFrame, one row per cell: the key, counts, sums as floats,
        mean score and probabilities, and each label's share with its Wilson
        interval at `confidence` (as `parley report` computes them)."""
        return self._frame(self._t.cells(), self._t.shares(confidence))

    def tags_to_pandas(self, confidence=0.95):
        """to_pandas() for the tag cells: kind and tag in the key, and
        mean_amount (the amounts' mean in the currency, NaN without one)."""
        import pandas as pd

        df = self._frame(self._t.tag_cells(), self._t.tag_shares(confidence))
        amounts = df["amounts"].to_numpy()
        with np.errstate(invalid="ignore", divide="ignore"):
            df["mean_amount"] = np.where(amounts > 0,
                                         df["sum_amount"].to_numpy() / 100 / amounts, np.nan)
        df["kind"] = pd.Categorical(df["kind"],
                                    categories=["intent", "aspect", "price", "language"])
        return df

    @staticmethod
    def _frame(c, shares):
        import pandas as pd

        df = pd.DataFrame(c)
        df["bucket_start"] = pd.to_datetime(df["bucket_start"], unit="ms", utc=True)
        n = np.maximum(df["n"].to_numpy(), 1)
        for short, name in (("neg", "negative"), ("neu", "neutral"), ("pos", "positive")):
            df["sum_p_" + short] = c["sum_p_" + short] / 1e9
            df["mean_p_" + name] = df["sum_p_" + short] / n
        df["sum_score"] = c["sum_score"] / 1e9
        df["mean_score"] = df["sum_score"] / n
        for k, v in shares.items():
            df[k] = v
        df["granularity"] = pd.Categorical(df["granularity"], categories=["hour", "day", "week"])
        return df


class KeyTermCounts:
    """The words, #hashtags and two-word terms of two sides' posts (say the
    negative posts and the others), counted a post at a time as `parley
    terms` counts them (stop words, handles, links and numbers left out, any
    case, accents folded; a post repeating a term counts once). Counts are
    integers: merged in any order (partitions of a Dask computation), they
    are the counts of all the posts. key_terms() tests them as `parley terms`
    does.

        c = parley.KeyTermCounts().add(df.text, df.label == "negative")
        c.key_terms(top=10)["terms"]            # or c.to_pandas()

    Or counted as an Analyzer labels the posts, without a Python object per
    post: Analyzer.key_terms_json() / key_terms_records(); on Dask,
    parley.dask.key_terms().

    shares: whether a share ("RT @x: text") counts the words it passes on.
    By default only its own words count (a comment before the share), and a
    share with none counts nowhere (`shares` then says how many): a post
    shared 300 times is one voice, not 300 independent posts. Counts merge
    only with counts made alike.
    """

    def __init__(self, counts=None, shares=False):
        self._c = counts if counts is not None else _parley.KeyTermCounts(shares=shares)

    def add(self, texts, sides):
        """Counts `texts` (str), each on the first side where its value in
        `sides` (bools, one per text: a numpy array, a pandas Series) is
        true, on the other side where false. Returns self."""
        if hasattr(texts, "tolist"):
            texts = texts.tolist()
        self._c.add(texts, np.asarray(sides, dtype=bool).tolist())
        return self

    @property
    def label_posts(self):
        """Posts counted on the first side."""
        return self._c.label_posts

    @property
    def other_posts(self):
        """Posts counted on the other side."""
        return self._c.other_posts

    @property
    def shares(self):
        """Shares left out: with no words of their own (0 with shares=True)."""
        return self._c.shares

    @property
    def brand_posts(self):
        """Posts of the brands' own accounts left out (an Analyzer with a
        taxonomy counting them)."""
        return self._c.brand_posts

    def merge(self, other):
        """Adds `other`'s counts to these; returns self."""
        self._c.merge(other._c)
        return self

    @staticmethod
    def merged(parts):
        """The merge of an iterable of KeyTermCounts (made alike), as a new one."""
        parts = list(parts)
        out = KeyTermCounts(shares=bool(parts) and parts[0]._c.counts_shares)
        for p in parts:
            out.merge(p)
        return out

    def __len__(self):
        return len(self._c)

    def __eq__(self, other):
        return isinstance(other, KeyTermCounts) and self._c == other._c

    def __reduce__(self):
        return (KeyTermCounts, (self._c,))

    def key_terms(self, top=20, min_posts=5, fdr=0.01, confidence=0.95,
                  sentiment_words="apart", lexicon=None, brand_names=()):
        """The terms the first side's posts use more than the other's, as
        `parley terms` finds them: every term in at least `min_posts` of the
        first side's posts is tested (G2 on the 2x2 table of posts), the
        p-values adjusted over all of them (Benjamini-Hochberg), and those
        below `fdr` that the first side uses more are listed, largest G2
        first, at most `top`. With sentiment_words="apart", the terms with a
        word of the VADER lexicon (`lexicon`, None for the installed one)
        are listed apart in "sentiment_terms"; "with_terms" lists all in
        "terms". `brand_names` (Analyzer.brand_names, with a brand's posts
        against the others'): the terms that are one, or have a word of one,
        are left out and counted in brand_name_terms, since a brand's name
        sets its own posts apart by definition.

        Returns a dict: label_posts, other_posts, shares, brand_posts,
        brand_name_terms, tested, min_posts, fdr,
        confidence, terms and sentiment_terms, each term a dict of term (as
        most of its posts wrote it), key, label_posts, other_posts,
        label_share, other_share and ratio ((estimate, low, high) at
        `confidence`), g2, p_value and q_value."""
        return self._c.key_terms(top=top, min_posts=min_posts, fdr=fdr, confidence=confidence,
                                 sentiment_words=sentiment_words,
                                 lexicon=os.fspath(lexicon or "") or _default_lexicon(),
                                 brand_names=list(brand_names))

    def to_pandas(self, **options):
        """key_terms(**options) as a DataFrame, a term a row: a `list`
        column says "terms" or "sentiment_terms", and each interval is three
        columns (label_share, label_share_low, label_share_high...)."""
        import pandas as pd

        result = self.key_terms(**options)
        rows = []
        for name in ("terms", "sentiment_terms"):
            for t in result[name]:
                row = {"list": name}
                for k, v in t.items():
                    if isinstance(v, tuple):
                        row[k], row[k + "_low"], row[k + "_high"] = v
                    else:
                        row[k] = v
                rows.append(row)
        columns = ["list", "term", "key", "label_posts", "other_posts"]
        for k in ("label_share", "other_share", "ratio"):
            columns += [k, k + "_low", k + "_high"]
        columns += ["g2", "p_value", "q_value"]
        return pd.DataFrame(rows, columns=columns)
