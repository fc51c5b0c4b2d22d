#include "src/synth/people.h"

#include <algorithm>

#include "src/synth/phrases.h"

namespace parley::synth {
namespace {

void AppendCapitalized(std::string_view word, std::string* out) {
  if (word.empty()) return;
  out->push_back(static_cast<char>(word[0] - ('a' <= word[0] && word[0] <= 'z' ? 32 : 0)));
  out->append(word.substr(1));
}

// A heavy tail without libm: xm / u has P(followers > x) = xm / x.
int64_t OrdinaryFollowers(uint64_t h) {
  double xm = 8 + static_cast<double>((h >> 40) % 50);
  double u = static_cast<double>((Mix64(h) >> 11) + 1) * 0x1.0p-53;
  return std::min<int64_t>(45000, static_cast<int64_t>(xm / u));
}

}  // namespace

People::People(uint64_t seed, uint64_t posts)
    : seed_(seed), population_(static_cast<uint32_t>(std::clamp<uint64_t>(posts / 5, 50, 200000000))) {
  Random rng(Mix64(seed ^ 0x1f1f1f1f));
  size_t k_count = Influencers().size();
  for (size_t k = 0; k < k_count; ++k) {
    // 50k..~500k, spaced so that jitter never reorders them.
    double step = static_cast<double>(k_count - 1 - k) / static_cast<double>(k_count - 1);
    int64_t followers = 50000 + static_cast<int64_t>(446000 * step * step) + rng.Between(0, 4000);
    influencer_followers_.push_back(followers);
    influencer_pull_.push_back(static_cast<double>(followers));
  }
}

uint32_t People::PickAuthor(Random& rng) const {
  double v = rng.Uniform();
  return static_cast<uint32_t>(v * v * population_);
}

uint32_t People::PickInfluencer(Random& rng) const {
  return kInfluencerBase + static_cast<uint32_t>(rng.Weighted(influencer_pull_));
}

void People::Describe(uint32_t id, AuthorInfo* info) const {
  info->handle.clear();
  info->name.clear();
  info->first.clear();
  if (IsBrandAccount(id)) {
    const Brand& brand = BrandAt(static_cast<int>(id - kBrandBase));
    info->handle = brand.handle;
    info->name = brand.name;
    info->followers = brand.followers;
  } else if (IsInfluencer(id)) {
    const Influencer& inf = Influencers()[id - kInfluencerBase];
    info->handle = inf.handle;
    info->name = inf.name;
    info->first = inf.name.substr(0, inf.name.find(' '));
    info->followers = influencer_followers_[id - kInfluencerBase];
  } else {
    DescribeOrdinary(id, info);
  }
}

// Handles end in the author's index, so they are unique; no word list holds a digit.
void People::DescribeOrdinary(uint32_t id, AuthorInfo* info) const {
  uint64_t h = Mix64(seed_ ^ (static_cast<uint64_t>(id) * 0x9e3779b97f4a7c15ULL));
  std::string_view first = FirstNames()[h % FirstNames().size()];
  std::string_view last = LastNames()[(h >> 8) % LastNames().size()];
  std::string_view word = HandleWords()[(h >> 16) % HandleWords().size()];
  switch ((h >> 24) % 5) {
    case 0: info->handle.append(first); break;
    case 1: info->handle.append(first).append("_").push_back(static_cast<char>(last[0] + 32)); break;
    case 2: info->handle.append(first).append("_").append(word); break;
    case 3: info->handle.append(first).append(word); break;
    default: info->handle.append(word).append("_").append(first); break;
  }
  info->handle.append(std::to_string(id));
  AppendCapitalized(first, &info->first);
  switch ((h >> 32) % 3) {
    case 0: info->name = info->first + " " + std::string(last.substr(0, 1)) + "."; break;
    case 1: info->name = info->first; break;
    default: info->name = info->first + " " + std::string(last); break;
  }
  info->followers = OrdinaryFollowers(h);
}

}  // namespace parley::synth
