// Who posts in the synthetic stream: a Zipf-like population of ordinary
// authors whose handles, names and follower counts are pure functions of
// (seed, index), so nothing about them is stored; a few influencers; and the
// brands' own accounts.
#ifndef PARLEY_SYNTH_PEOPLE_H_
#define PARLEY_SYNTH_PEOPLE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "src/core/random.h"

namespace parley::synth {

// Author ids: ordinary authors are 0..population-1, then influencers, then brands.
inline constexpr uint32_t kInfluencerBase = 0xF0000000u;
inline constexpr uint32_t kBrandBase = 0xFF000000u;
inline bool IsBrandAccount(uint32_t id) { return id >= kBrandBase; }
inline bool IsInfluencer(uint32_t id) { return id >= kInfluencerBase && id < kBrandBase; }

struct AuthorInfo {
  std::string handle;  // without "@"
  std::string name;    // display name
  std::string first;   // how a reply addresses them ("Maya"); empty for brands
  int64_t followers = 0;
};

class People {
 public:
  // `posts` sizes the population (about one author per five posts).
  People(uint64_t seed, uint64_t posts);

  // An ordinary author; the most active have the smallest ids, with
  // P(id < x) = sqrt(x / population).
  uint32_t PickAuthor(Random& rng) const;
  // An influencer, chosen in proportion to followers (their "pull").
  uint32_t PickInfluencer(Random& rng) const;
  // Fills `info` (reusing its strings' capacity).
  void Describe(uint32_t id, AuthorInfo* info) const;

  size_t influencer_count() const { return influencer_followers_.size(); }
  // Influencers are ranked by followers: rank 1 is index 0.
  int64_t influencer_followers(size_t k) const { return influencer_followers_[k]; }
  uint32_t population() const { return population_; }

 private:
  void DescribeOrdinary(uint32_t id, AuthorInfo* info) const;

  uint64_t seed_;
  uint32_t population_;
  std::vector<int64_t> influencer_followers_;
  std::vector<double> influencer_pull_;
};

}  // namespace parley::synth

#endif  // PARLEY_SYNTH_PEOPLE_H_
