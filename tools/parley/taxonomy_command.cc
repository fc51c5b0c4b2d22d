// parley taxonomy check FILE [--sample FILE [--sample-preset ...]] [--limit N]: lints a taxonomy
// file, compiles it, and shows what it matches on a sample of posts.
#include <fmt/format.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "parley/engine.h"
#include "src/env/env.h"
#include "src/ingest/field_map.h"
#include "src/ingest/record_reader.h"
#include "src/taxonomy/matcher.h"
#include "src/taxonomy/phrase.h"
#include "src/taxonomy/tagger.h"
#include "src/text/unicode.h"
#include "tools/parley/cli_util.h"
#include "tools/parley/commands.h"
#include "tools/parley/read_flags.h"

namespace parley::cli {
namespace {

struct CheckFlags {
  std::string file;
  std::string sample;
  int limit = 3;
  std::string engine = "auto";
  // How the sample is written, as an input's reading flags say it.
  std::string sample_preset = "auto";
  std::vector<std::string> sample_maps;
  std::string sample_columns;
  std::string sample_delimiter = "auto";
  std::string sample_time_format;
  std::string sample_source;
};

// Warnings that do not stop the file from working: a phrase written twice
// in one topic, the same phrase under two topics, a phrase its own topic or
// intent excludes, a name (alias, handle or hashtag) or a source that two brands share, and a
// pattern with a sign touching a word, which never matches.
std::vector<std::string> Lint(const Taxonomy& t) {
  std::vector<std::string> warnings;
  // What a phrase matches, as a key: its pattern, accents off where it
  // matches without them ("café" and "cafe" match the same posts).
  auto key_of = [](const std::string& text, bool fold) {
    return PhrasePattern(fold ? StripAccents(text) : text, PhraseStyle::kExact, false);
  };
  auto patterns = [&](const std::vector<Term>& list, const char* kind, const std::string& id) {
    for (const Term& p : list) {
      if (const char sign = LintPattern(p.text).touching; sign != 0) {
        warnings.push_back(fmt::format(
            "{}:{}: pattern '{}' of {} '{}' has '{}' touching a word, which the text it runs "
            "on never has: patterns run on the post's words and signs with a space between "
            "each (\"check - in\", \"\\$ \\d+\", \"\\d+ %\"); put a space each side of the sign",
            t.file, p.line, p.text, kind, id, sign));
      }
    }
  };
  for (const TaxonomyBrand& b : t.brands) patterns(b.patterns, "brand", b.id);
  for (const TaxonomyTopic& x : t.topics) patterns(x.patterns, "topic", x.id);
  for (const TaxonomyIntent& i : t.intents) {
    if (!i.builtin) patterns(i.patterns, "intent", i.id);
  }
  // An exclusion that is the phrase itself: the phrase never counts.
  auto excludes_own = [&](const std::vector<Term>& exclude, const std::string& key,
                          const char* kind, const std::string& id) {
    for (const Term& x : exclude) {
      if (key_of(x.text, true) == key) {
        warnings.push_back(
            fmt::format("{}:{}: {} '{}' excludes its own phrase '{}': it never "
                        "matches",
                        t.file, x.line, kind, id, x.text));
      }
    }
  };
  std::map<std::string, std::pair<std::string, int>> seen;  // pattern -> topic, line
  for (const TaxonomyTopic& topic : t.topics) {
    std::map<std::string, const Term*> own;  // pattern -> phrase, within this topic
    for (const Term& p : topic.phrases) {
      std::string key = key_of(p.text, true);
      if (auto [it, fresh] = own.emplace(key, &p); !fresh) {
        warnings.push_back(fmt::format("{}:{}: phrase '{}' of topic '{}' matches what '{}' "
                                       "(line {}) does: drop one",
                                       t.file, p.line, p.text, topic.id, it->second->text,
                                       it->second->line));
        continue;
      }
      auto [it, fresh] = seen.emplace(key, std::make_pair(topic.id, p.line));
      if (!fresh && it->second.first != topic.id) {
        warnings.push_back(fmt::format("{}:{}: phrase '{}' of topic '{}' is also a phrase of "
                                       "topic '{}' (line {}): posts get both",
                                       t.file, p.line, p.text, topic.id, it->second.first,
                                       it->second.second));
      }
      excludes_own(topic.exclude, key, "topic", topic.id);
    }
  }
  for (const TaxonomyIntent& intent : t.intents) {
    if (intent.exclude.empty()) continue;
    for (const Term& p : intent.phrases) {
      excludes_own(intent.exclude, key_of(p.text, true), "intent", intent.id);
    }
  }
  // Brands by what names them, compared as matched (case aside): an alias
  // as a phrase, a handle or hashtag as its lower-cased text.
  std::map<std::string, std::pair<std::string, int>> names;  // name -> brand, line
  for (const TaxonomyBrand& brand : t.brands) {
    auto note = [&](const Term& term, const char* what, std::string key) {
      auto [it, fresh] = names.emplace(std::move(key), std::make_pair(brand.id, term.line));
      if (!fresh && it->second.first != brand.id) {
        warnings.push_back(fmt::format("{}:{}: {} '{}' of brand '{}' also names brand '{}' "
                                       "(line {}): posts get both",
                                       t.file, term.line, what, term.text, brand.id,
                                       it->second.first, it->second.second));
      }
    };
    for (const Term& a : brand.aliases) {
      note(a, "alias", "a " + key_of(a.text, !brand.case_sensitive));
    }
    for (const auto* list : {&brand.handles, &brand.hashtags}) {
      for (const Term& h : *list) {
        std::string key = "h ";
        for (char c : h.text) key += static_cast<char>(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
        note(h, list == &brand.handles ? "handle" : "hashtag", std::move(key));
      }
    }
    for (const Term& src : brand.sources) note(src, "source", "s " + src.text);
  }
  // A source that is a preset's own (every Google Play review read without
  // --source is `google_play`) makes every such post the brand's, a
  // competitor's too.
  for (const TaxonomyBrand& brand : t.brands) {
    for (const Term& src : brand.sources) {
      if (src.text.find_first_not_of('*') == std::string::npos) {
        warnings.push_back(fmt::format(
            "{}:{}: source '{}' of brand '{}' matches every source: every post would be the "
            "brand's; name its own sources, or a pattern of their names (skyloft-*)",
            t.file, src.line, src.text, brand.id));
        continue;
      }
      for (std::string_view preset : PresetNames()) {
        StatusOr<FieldMap> map = MakeFieldMap(std::string(preset), {});
        if (!map.ok() || map->default_source.empty() ||
            !SourceMatches(src.text, map->default_source)) {
          continue;
        }
        warnings.push_back(fmt::format(
            "{}:{}: source '{}' of brand '{}' {} what the {} preset names every post it reads "
            "without --source: all of them, a competitor's too, would be the brand's; ingest "
            "the brand's own under a source of their own (--source {}_{})",
            t.file, src.line, src.text, brand.id, IsSourcePattern(src.text) ? "matches" : "is",
            preset, brand.id, map->default_source));
        break;
      }
    }
  }
  return warnings;
}

void PrintSummary(const Tagger& tagger) {
  const Taxonomy& t = tagger.taxonomy();
  int own = 0, nested = 0, builtin = 0;
  for (const auto& b : t.brands) own += b.own;
  for (const auto& x : t.topics) nested += !x.parent.empty();
  for (const auto& i : t.intents) builtin += i.builtin;
  fmt::print("{}: ok\n", t.file);
  fmt::print("  {} brands ({} own), {} topics ({} nested), {} intents ({} built in), "
             "{} price words ({} negative, {} positive)\n",
             t.brands.size(), own, t.topics.size(), nested, t.intents.size(), builtin,
             t.price_words.size() + t.negative_price_words.size() + t.positive_price_words.size(),
             t.negative_price_words.size(), t.positive_price_words.size());
  for (const auto& b : t.brands) {
    if (b.sources.empty()) continue;
    std::string list;
    for (const Term& src : b.sources) list += (list.empty() ? "" : ", ") + src.text;
    fmt::print("  every post from {} is about brand '{}'\n", list, b.id);
  }
  fmt::print("  {} patterns in one {} matcher\n", tagger.pattern_count(), tagger.engine());
  if (tagger.gated()) {
    fmt::print("  gate on: posts that no phrase or pattern can match skip tagging\n");
  } else {
    fmt::print("  gate off, every post is tagged: {}\n", tagger.gate().why_open());
  }
}

struct SampleCounts {
  uint64_t posts = 0, untagged = 0;
  uint64_t rejected = 0, first_rejected_line = 0;  // records that did not decode
  std::string first_rejected_reason;
  std::map<std::string, uint64_t> hits;                        // "topic:delay" -> posts
  std::map<std::string, std::vector<std::string>> examples;    // topic -> texts
};

void Count(const Post& post, const Analysis& a, int limit, SampleCounts* c) {
  ++c->posts;
  c->untagged += a.topics.empty();
  for (const auto& b : a.brands) ++c->hits["brand:" + b];
  for (const auto& i : a.intents) ++c->hits["intent:" + i];
  for (const auto& t : a.topics) {
    ++c->hits["topic:" + t];
    auto& ex = c->examples[t];
    if (static_cast<int>(ex.size()) < limit) ex.push_back(post.id + "  " + post.text);
  }
}

// The sample's reader: any preset, map, column list, delimiter and time
// layout the flags give; like analyze's, its posts need no id or time.
StatusOr<ReaderOptions> SampleReader(const CheckFlags& f) {
  ReaderOptions options;
  PARLEY_RETURN_IF_ERROR(
      ParseReadingFlags("auto", f.sample_delimiter, f.sample_time_format, "sample-", &options));
  PARLEY_ASSIGN_OR_RETURN(options.field_map,
                          MakeFieldMap(f.sample_preset, f.sample_maps, "sample-"));
  options.map_overrides = f.sample_maps;
  options.require_identity = false;
  options.source = f.sample_source;
  if (!f.sample_columns.empty()) {
    PARLEY_ASSIGN_OR_RETURN(options.columns, ParseColumnList(f.sample_columns, "--sample-columns"));
  }
  return options;
}

// Tags every post of the sample; a record that does not decode is counted
// (and the first one's line and reason kept), not tagged.
Status ReadSample(const std::string& path, const ReaderOptions& options, const Analyzer& analyzer,
                  int limit, SampleCounts* c) {
  Analysis analysis;
  return ForEachPost(
      Env::Default(), path, options,
      [&](const Post& post) {
        analyzer.Analyze(post, &analysis);
        Count(post, analysis, limit, c);
        return Status::OK();
      },
      [&](const RejectedRecord& reject) {
        if (c->rejected++ == 0) {
          c->first_rejected_line = reject.line;
          c->first_rejected_reason = std::string(reject.reason);
        }
      });
}

std::string OneLine(std::string s, size_t width) {
  for (char& ch : s) {
    if (ch == '\n' || ch == '\r' || ch == '\t') ch = ' ';
  }
  if (s.size() > width) {
    size_t cut = width;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // UTF-8
    s = s.substr(0, cut) + "…";
  }
  return s;
}

void PrintCounts(const Taxonomy& t, const std::string& path, const SampleCounts& c) {
  fmt::print("\nsample {}: {} posts, {} with no topic\n", path, c.posts, c.untagged);
  if (c.rejected > 0) {
    fmt::print("  {} record{} could not be read and {} left out (line {}: {})\n", c.rejected,
               c.rejected == 1 ? "" : "s", c.rejected == 1 ? "is" : "are", c.first_rejected_line,
               c.first_rejected_reason);
  }
  auto hits = [&](const std::string& key) {
    auto it = c.hits.find(key);
    return it == c.hits.end() ? uint64_t{0} : it->second;
  };
  auto line = [&](std::string_view kind, const std::string& id, int indent) {
    uint64_t n = hits(std::string(kind) + ":" + id);
    fmt::print("  {:<8}{}{:<{}}{:>6}{}\n", kind, std::string(indent, ' '), id, 24 - indent, n,
               n ? "" : "   never matched");
  };
  for (const auto& b : t.brands) line("brand", b.id, 0);
  for (const auto& x : t.topics) line("topic", x.id, x.parent.empty() ? 0 : 2);
  for (const auto& i : t.intents) line("intent", i.id, 0);
  for (const auto& x : t.topics) {
    auto it = c.examples.find(x.id);
    if (it == c.examples.end()) continue;
    fmt::print("\n  {}:\n", x.id);
    for (const auto& e : it->second) fmt::print("    {}\n", OneLine(e, 100));
  }
}

int RunCheck(const CheckFlags& f) {
  StatusOr<MatchEngine> engine = ParseMatchEngine(f.engine);
  if (!engine.ok()) return ReportError("taxonomy", engine.status());
  if (f.limit < 0) return ReportError("taxonomy", InvalidArgumentError("--limit must be >= 0"));
  // The sample's flags are checked before anything is printed.
  StatusOr<ReaderOptions> reader = SampleReader(f);
  if (!reader.ok()) return ReportError("taxonomy", reader.status());
  StatusOr<Taxonomy> taxonomy = LoadTaxonomy(Env::Default(), f.file);
  if (!taxonomy.ok()) return ReportError("taxonomy", taxonomy.status());
  std::vector<std::string> warnings = Lint(*taxonomy);
  StatusOr<std::unique_ptr<Tagger>> tagger =
      Tagger::Create(std::move(taxonomy).value(), TaggerOptions{*engine});
  if (!tagger.ok()) return ReportError("taxonomy", tagger.status());
  PrintSummary(**tagger);
  for (const auto& w : warnings) fmt::print("  warning: {}\n", w);
  if (f.sample.empty()) return kExitOk;
  AnalyzerOptions options;
  options.taxonomy_path = f.file;
  options.match_engine = f.engine;
  StatusOr<std::unique_ptr<Analyzer>> analyzer = Analyzer::Create(options);
  if (!analyzer.ok()) return ReportError("taxonomy", analyzer.status());
  SampleCounts counts;
  Status s = ReadSample(f.sample, *reader, **analyzer, f.limit, &counts);
  if (!s.ok()) return ReportError("taxonomy", s);
  if (counts.posts == 0 && counts.rejected > 0) {
    return ReportError(
        "taxonomy",
        InvalidArgumentError(fmt::format(
            "no record of '{}' could be read ({} refused; line {}: {}): say how it is written "
            "with --sample-preset, --sample-map, --sample-columns, --sample-delimiter or "
            "--sample-time-format",
            f.sample, counts.rejected, counts.first_rejected_line, counts.first_rejected_reason)));
  }
  PrintCounts((*tagger)->taxonomy(), f.sample, counts);
  return kExitOk;
}

}  // namespace

Command AddTaxonomyCommand(CLI::App& app) {
  auto flags = std::make_shared<CheckFlags>();
  CLI::App* sub = app.add_subcommand("taxonomy", "Work with taxonomy files (brands, topics, intents)");
  sub->require_subcommand(1);
  CLI::App* check = sub->add_subcommand(
      "check", "Lint and compile a taxonomy file; with --sample, show what it matches");
  check->add_option("file", flags->file, "The taxonomy file (TOML)")->required();
  CLI::Option* sample = check->add_option("--sample", flags->sample,
                                          "Posts to try it on (CSV or NDJSON, any preset)");
  // Each says how --sample is read: alone, a mistake to say so.
  check
      ->add_option("--sample-preset", flags->sample_preset,
                   "Field map preset of --sample (as --preset)")
      ->capture_default_str()
      ->needs(sample);
  check
      ->add_option("--sample-map", flags->sample_maps,
                   "Override a field's column of --sample: FIELD=COLUMN (as --map); repeatable")
      ->needs(sample);
  check
      ->add_option("--sample-columns", flags->sample_columns,
                   "--sample's column names when it has no header row (as --columns)")
      ->needs(sample);
  check
      ->add_option("--sample-delimiter", flags->sample_delimiter,
                   "CSV delimiter of --sample (as --delimiter)")
      ->capture_default_str()
      ->needs(sample);
  check
      ->add_option("--sample-time-format", flags->sample_time_format,
                   "How --sample's times are written (as --time-format)")
      ->needs(sample);
  check
      ->add_option("--sample-source", flags->sample_source,
                   "The source every --sample post is taken from (as ingest's --source): to "
                   "try a brand's `sources` on a file of that source's posts")
      ->needs(sample);
  check->add_option("--limit", flags->limit, "Example posts shown per topic")
      ->capture_default_str();
  check->add_option("--match-engine", flags->engine, "auto, hyperscan or re2")
      ->capture_default_str();
  return Command{sub, [flags] { return RunCheck(*flags); }};
}

}  // namespace parley::cli
