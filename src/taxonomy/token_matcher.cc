#include "src/taxonomy/token_matcher.h"

#include <algorithm>
#include <unordered_map>

#include "src/core/bytes.h"

namespace parley {
namespace {

uint64_t HashText(std::string_view s) { return PieceHash(s); }

// Edge keys are dense small integers; one multiply spreads them over the
// table.
uint64_t HashEdge(uint64_t key) {
  uint64_t h = key * 0x9E3779B97F4A7C15ull;
  return h ^ (h >> 29);
}

}  // namespace

struct TokenMatcher::Impl {
  // Token text -> the units that accept it, frozen into one probe table.
  struct TextSlot {
    uint64_t hash = 0;
    uint32_t key_begin = 0, key_size = 0;  // in keys; key_size 0 marks an empty slot
    uint32_t units_begin = 0, units_size = 0;  // in units
    // The root's children by its units, in roots: the first step of a walk
    // with no edge lookups; none for a text that begins no phrase (most).
    // First the accept_roots children that end a phrase, then the
    // inner_roots that have children of their own (a node can be in both).
    // A text has a handful of units at most (its own word, the words it is
    // an inflection or possessive of, as a word, hashtag or sign), so 16
    // bits are plenty, and the slot stays 32 bytes.
    uint32_t roots_begin = 0;
    uint16_t accept_roots = 0, inner_roots = 0;
  };
  // (node, unit) -> child node.
  struct EdgeSlot {
    uint64_t key = kNoKey;
    uint32_t child = 0;
  };
  static constexpr uint64_t kNoKey = ~uint64_t{0};

  std::vector<TextSlot> texts;
  std::string keys;
  std::vector<uint32_t> units;
  std::vector<uint32_t> roots;
  std::vector<EdgeSlot> edges;
  std::vector<uint32_t> accept_begin;  // per node, into accepts; one extra at the end
  std::vector<uint8_t> inner;          // per node: 1 when it has children (a walk may go on)
  std::vector<uint32_t> accepts;       // phrase ids
  // Every text's hash: a piece whose bit is clear (most of a post) is in no
  // slot, which this small array tells without a probe of the large table
  // and its branches on the probe's length.
  HashBitFilter filter;
  bool MayHold(uint64_t hash) const { return filter.MayHold(hash); }
  // Each phrase that ends at the root's child `node` (one unit long there).
  template <typename F>
  [[gnu::always_inline]] void ForEachAccept(uint32_t node, F&& f) const {
    for (uint32_t a = accept_begin[node]; a < accept_begin[node + 1]; ++a) f(accepts[a]);
  }

  // Build-time state.
  std::unordered_map<std::string, uint32_t> unit_ids;               // unit key -> id
  std::unordered_map<std::string, std::vector<uint32_t>> accepted;  // text -> units
  std::unordered_map<uint64_t, uint32_t> children;                  // (node, unit) -> child
  std::vector<std::vector<uint32_t>> node_accepts{1};               // the root is node 0

  static uint64_t EdgeKey(uint32_t node, uint32_t unit) {
    return static_cast<uint64_t>(node) << 32 | unit;
  }

  // The id of the unit `key`; a new unit accepts the texts `texts_of()`
  // returns, which are made only then: most words of a large taxonomy
  // recur, and their forms would be built again for nothing.
  template <typename TextsOf>
  uint32_t Unit(std::string&& key, TextsOf&& texts_of) {
    auto [it, added] = unit_ids.try_emplace(std::move(key), static_cast<uint32_t>(unit_ids.size()));
    if (added) {
      for (const std::string& t : texts_of()) accepted[t].push_back(it->second);
    }
    return it->second;
  }

  void AddSequence(const std::vector<uint32_t>& seq, uint32_t id) {
    uint32_t node = 0;
    for (uint32_t u : seq) {
      auto [it, added] =
          children.try_emplace(EdgeKey(node, u), static_cast<uint32_t>(node_accepts.size()));
      if (added) node_accepts.emplace_back();
      node = it->second;
    }
    node_accepts[node].push_back(id);
  }

  void Freeze();
  uint32_t Child(uint32_t node, uint32_t unit) const;  // 0 when none
};

void TokenMatcher::Impl::Freeze() {
  texts.assign(HalfFullTableSize(accepted.size()), TextSlot());
  size_t mask = texts.size() - 1;
  for (auto& [text, us] : accepted) {
    TextSlot slot;
    slot.hash = HashText(text);
    slot.key_begin = static_cast<uint32_t>(keys.size());
    slot.key_size = static_cast<uint32_t>(text.size());
    keys += text;
    slot.units_begin = static_cast<uint32_t>(units.size());
    slot.units_size = static_cast<uint32_t>(us.size());
    units.insert(units.end(), us.begin(), us.end());
    size_t i = slot.hash & mask;
    while (texts[i].key_size) i = (i + 1) & mask;
    texts[i] = slot;
  }
  filter.Reset(accepted.size());
  for (const TextSlot& slot : texts) {
    if (slot.key_size != 0) filter.Add(slot.hash);
  }
  edges.assign(HalfFullTableSize(children.size()), EdgeSlot());
  mask = edges.size() - 1;
  inner.assign(node_accepts.size(), 0);
  // The root's child by unit, for the roots of each text below: an array
  // read rather than a probe of the large edge table per unit.
  std::vector<uint32_t> root_child(unit_ids.size(), 0);
  for (auto [key, child] : children) {
    size_t i = HashEdge(key) & mask;
    while (edges[i].key != kNoKey) i = (i + 1) & mask;
    edges[i] = EdgeSlot{key, child};
    const uint32_t node = static_cast<uint32_t>(key >> 32);
    inner[node] = 1;
    if (node == 0) root_child[static_cast<uint32_t>(key)] = child;
  }
  for (const std::vector<uint32_t>& a : node_accepts) {
    accept_begin.push_back(static_cast<uint32_t>(accepts.size()));
    accepts.insert(accepts.end(), a.begin(), a.end());
  }
  accept_begin.push_back(static_cast<uint32_t>(accepts.size()));
  std::vector<uint32_t> children_of_root;
  for (TextSlot& slot : texts) {
    children_of_root.clear();
    for (uint32_t k = 0; k < slot.units_size; ++k) {
      if (uint32_t child = root_child[units[slot.units_begin + k]]) children_of_root.push_back(child);
    }
    slot.roots_begin = static_cast<uint32_t>(roots.size());
    for (uint32_t child : children_of_root) {
      if (!node_accepts[child].empty()) roots.push_back(child);
    }
    slot.accept_roots = static_cast<uint16_t>(roots.size() - slot.roots_begin);
    for (uint32_t child : children_of_root) {
      if (inner[child]) roots.push_back(child);
    }
    slot.inner_roots = static_cast<uint16_t>(roots.size() - slot.roots_begin - slot.accept_roots);
  }
  unit_ids.clear();
  accepted.clear();
  children.clear();
  node_accepts.clear();
}

uint32_t TokenMatcher::Impl::Child(uint32_t node, uint32_t unit) const {
  uint64_t key = EdgeKey(node, unit);
  size_t mask = edges.size() - 1;
  for (size_t i = HashEdge(key) & mask;; i = (i + 1) & mask) {
    if (edges[i].key == key) return edges[i].child;
    if (edges[i].key == kNoKey) return 0;
  }
}

namespace {

// The texts a word unit accepts: its forms, each with "'s" unless the word
// has an apostrophe (PhrasePattern's AppendUnit).
std::vector<std::string> WordTexts(std::string_view word, PhraseStyle style,
                                   std::string_view prefix) {
  std::vector<std::string> forms = style == PhraseStyle::kInflect
                                       ? Inflections(word)
                                       : std::vector<std::string>{std::string(word)};
  bool possessive = word.find('\'') == std::string_view::npos;
  std::vector<std::string> out;
  for (const std::string& f : forms) {
    out.push_back(std::string(prefix) + f);
    if (possessive) out.push_back(std::string(prefix) + f + "'s");
  }
  return out;
}

}  // namespace

std::vector<std::vector<std::string>> TokenMatcher::PhraseUnits(const PhraseSpec& spec) {
  Tokenizer tokenizer;
  std::vector<Token> tokens;
  tokenizer.Tokenize(spec.phrase, &tokens);
  CanonicalText canon;
  std::string normal;
  BuildCanonicalText(spec.phrase, tokens, &canon, &normal);
  std::vector<std::vector<std::string>> out(1);
  std::vector<std::string>& seq = out[0];
  std::string joined = "#";
  bool all_words = true;
  const char style = spec.style == PhraseStyle::kInflect ? 'I' : 'E';
  for (const Piece& p : canon.pieces) {
    if (p.hyphen) continue;
    std::string text = canon.text.substr(p.begin, p.end - p.begin);
    seq.push_back(p.kind == TokenKind::kWord ? std::string("W") + style + text : "P" + text);
    all_words &= p.kind == TokenKind::kWord && text.find('\'') == std::string::npos;
    joined += text;
  }
  if (seq.empty()) return {};
  if (spec.hashtag && all_words) {
    if (seq.size() == 1) {
      out.push_back({std::string("H") + style + joined.substr(1)});
    } else {
      out.push_back({"P" + joined});
    }
  }
  return out;
}

std::vector<std::string> TokenMatcher::UnitTexts(std::string_view key) {
  const PhraseStyle style = key.size() > 1 && key[1] == 'I' ? PhraseStyle::kInflect : PhraseStyle::kExact;
  if (key.starts_with("W")) return WordTexts(key.substr(2), style, "");
  if (key.starts_with("H")) return WordTexts(key.substr(2), style, "#");
  return {std::string(key.substr(1))};
}

std::unique_ptr<TokenMatcher> TokenMatcher::Create(const std::vector<PhraseSpec>& specs) {
  std::vector<std::vector<std::vector<std::string>>> units;
  units.reserve(specs.size());
  for (const PhraseSpec& spec : specs) units.push_back(PhraseUnits(spec));
  return Create(specs, units);
}

std::unique_ptr<TokenMatcher> TokenMatcher::Create(
    const std::vector<PhraseSpec>& specs,
    const std::vector<std::vector<std::vector<std::string>>>& units) {
  std::unique_ptr<TokenMatcher> m(new TokenMatcher());
  m->impl_ = std::make_unique<Impl>();
  Impl& impl = *m->impl_;
  std::vector<uint32_t> seq;
  for (size_t i = 0; i < specs.size(); ++i) {
    const PhraseSpec& spec = specs[i];
    const std::vector<std::vector<std::string>>& alternatives = units[i];
    if (alternatives.empty()) return nullptr;
    for (const std::vector<std::string>& keys : alternatives) {
      seq.clear();
      for (const std::string& key : keys) {
        std::string k = key;
        seq.push_back(impl.Unit(std::move(k), [&] { return UnitTexts(key); }));
      }
      impl.AddSequence(seq, spec.id);
    }
  }
  impl.Freeze();
  m->phrases_ = specs.size();
  return m;
}

TokenMatcher::~TokenMatcher() = default;

void TokenMatcher::MatchPiece(std::string_view text, uint64_t hash,
                              std::vector<uint32_t>* ids) const {
  const Impl& impl = *impl_;
  if (!impl.MayHold(hash)) return;
  const Impl::TextSlot* s = FindKeySlot(impl.texts.data(), impl.texts.size() - 1,
                                        impl.keys.data(), text.data(), text.size(), hash);
  if (s == nullptr) return;
  const uint32_t* roots = impl.roots.data() + s->roots_begin;
  for (uint32_t r = 0; r < s->accept_roots; ++r) {
    impl.ForEachAccept(roots[r], [&](uint32_t id) { ids->push_back(id); });
  }
}

void TokenMatcher::Scan(const CanonicalText& canon, std::vector<MatchSpan>* out) const {
  static constexpr Impl::TextSlot kNone{};
  const Impl& impl = *impl_;
  // Sizes and table pointers in locals: the stores into the thread-local
  // vectors below may alias the vectors' own fields, which the compiler
  // would otherwise reload on every piece.
  const Piece* const pieces = canon.pieces.data();
  const size_t count = canon.pieces.size();
  const char* text = canon.text.data();
  const Impl::TextSlot* const texts = impl.texts.data();
  const size_t mask = impl.texts.size() - 1;
  const char* const keys = impl.keys.data();
  struct State {
    uint32_t node;
    bool after_dash;  // reached by skipping a "-": another may not follow
  };
  // Per piece: the units accepting it; kNone, with no units and no roots,
  // for none, so the tests below need no branch on whether there are any.
  thread_local std::vector<const Impl::TextSlot*> known;
  thread_local std::vector<uint32_t> starts;  // pieces whose text begins a phrase
  thread_local std::vector<State> cur, next;
  // Grown only: a resize() down and back up zero-fills the new part, and
  // every entry used is written below anyway.
  if (known.size() < count) {
    known.resize(count);
    starts.resize(count);
  }
  const Impl::TextSlot** const slots = known.data();
  uint32_t* const start_list = starts.data();
  size_t start_count = 0;
  // First the filter, with no branch per piece: the pieces it lets through
  // are listed (in `starts`, for now) and only they probe the table.
  uint32_t* const maybe = start_list;
  size_t maybe_count = 0;
  for (size_t i = 0; i < count; ++i) {
    slots[i] = &kNone;
    maybe[maybe_count] = static_cast<uint32_t>(i);
    maybe_count += impl.MayHold(pieces[i].hash);
  }
  for (size_t q = 0; q < maybe_count; ++q) {
    const size_t i = maybe[q];
    const Piece& p = pieces[i];
    const size_t size = p.end - p.begin;
    const uint64_t h = p.hash;
    const Impl::TextSlot* found = FindKeySlot(texts, mask, keys, text + p.begin, size, h);
    if (found == nullptr) found = &kNone;
    slots[i] = found;
    // In place: start_count <= q, so the entries still to read stay.
    start_list[start_count] = static_cast<uint32_t>(i);
    start_count += (found->accept_roots | found->inner_roots) != 0;
  }
  // A "-", which may stand between two units.
  auto dash = [&](size_t j) {
    return pieces[j].end - pieces[j].begin == 1 && text[pieces[j].begin] == '-';
  };
  size_t first_out = out->size();
  auto accept = [&](uint32_t node, uint32_t begin, uint32_t end) {
    impl.ForEachAccept(node, [&](uint32_t id) { out->push_back(MatchSpan{id, begin, end}); });
  };
  for (size_t q = 0; q < start_count; ++q) {
    const size_t i = start_list[q];
    const Impl::TextSlot* start = slots[i];
    uint32_t begin = pieces[i].begin - 1;
    const uint32_t* roots = impl.roots.data() + start->roots_begin;
    for (uint32_t r = 0; r < start->accept_roots; ++r) accept(roots[r], begin, pieces[i].end + 1);
    // A walk goes on only from a node with children (a one-word phrase has
    // none) into a token that some unit accepts, or over a "-": most stop
    // here, with no states kept.
    if (!start->inner_roots || i + 1 == count || (!slots[i + 1]->units_size && !dash(i + 1))) continue;
    cur.clear();
    roots += start->accept_roots;
    for (uint32_t r = 0; r < start->inner_roots; ++r) cur.push_back(State{roots[r], false});
    for (size_t j = i + 1; j < count && !cur.empty(); ++j) {
      next.clear();
      const Impl::TextSlot* slot = slots[j];
      const bool is_dash = dash(j);
      for (State st : cur) {
        for (uint32_t k = 0; k < slot->units_size; ++k) {
          uint32_t child = impl.Child(st.node, impl.units[slot->units_begin + k]);
          if (child == 0) continue;
          if (impl.inner[child]) next.push_back(State{child, false});
          accept(child, begin, pieces[j].end + 1);
        }
        if (is_dash && st.node != 0 && !st.after_dash) next.push_back(State{st.node, true});
      }
      cur.swap(next);
    }
  }
  // Two paths (a "-" skipped or matched as a unit) can end the same phrase
  // at the same place: keep one, with the leftmost begin, as Hyperscan does.
  if (out->size() - first_out < 2) return;
  auto first = out->begin() + static_cast<std::ptrdiff_t>(first_out);
  // Phrases of one piece (most matches) come in order of end already, with
  // their ids ascending: strictly ascending (end, id) has nothing to sort
  // and no pair to merge.
  auto before = [](const MatchSpan& a, const MatchSpan& b) {
    return a.end != b.end ? a.end < b.end : a.id < b.id;
  };
  if (std::adjacent_find(first, out->end(), [&](const MatchSpan& a, const MatchSpan& b) {
        return !before(a, b);
      }) == out->end()) {
    return;
  }
  std::sort(first, out->end(), [](const MatchSpan& a, const MatchSpan& b) {
    return a.end != b.end ? a.end < b.end : a.id != b.id ? a.id < b.id : a.begin < b.begin;
  });
  out->erase(std::unique(first, out->end(),
                         [](const MatchSpan& a, const MatchSpan& b) {
                           return a.end == b.end && a.id == b.id;
                         }),
             out->end());
}

}  // namespace parley
