// Properties particular to one strategy, checked on seeded random suites.

#include "strategies/groups.hpp"
#include "strategies/preview.hpp"
#include "strategies/saturating.hpp"

#include "random_suite.hpp"
#include "suite_builder.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <limits>
#include <map>
#include <random>
#include <string>

namespace shardline {
namespace {

using test_support::plan_with;
using test_support::random_suite;
using test_support::reference_estimates;

constexpr int suites_per_property = 300;

// -- duration: the LPT guarantee ----------------------------------------------

// The best makespan over all worker_count^n assignments.
std::int64_t optimal_makespan(const std::vector<std::int64_t>& estimates, int worker_count) {
  const auto n = estimates.size();
  std::size_t assignments = 1;
  for (std::size_t i = 0; i < n; ++i)
    assignments *= static_cast<std::size_t>(worker_count);
  auto best = std::numeric_limits<std::int64_t>::max();
  std::vector<std::int64_t> loads(static_cast<std::size_t>(worker_count));
  for (std::size_t code = 0; code < assignments; ++code) {
    std::fill(loads.begin(), loads.end(), 0);
    auto rest = code;
    for (std::size_t test = 0; test < n; ++test) {
      loads[rest % loads.size()] += estimates[test];
      rest /= loads.size();
    }
    best = std::min(best, *std::max_element(loads.begin(), loads.end()));
  }
  return best;
}

TEST(DurationProperty, stays_within_the_lpt_bound_of_the_optimal_makespan) {
  std::mt19937_64 rng(4);
  auto below = [&](int bound) { return std::uniform_int_distribution<int>(0, bound - 1)(rng); };
  for (int round = 0; round < suites_per_property; ++round) {
    SCOPED_TRACE(::testing::Message() << "round " << round);
    const int worker_count = 1 + below(3);
    std::vector<TestFile> suite;
    for (int test = 0, n = below(9); test < n; ++test) {
      TestFile file;
      file.id = test_support::numbered("t", test);
      if (below(5) != 0)
        file.estimated_duration_ms = below(21);
      suite.push_back(file);
    }
    const auto optimum = optimal_makespan(reference_estimates(suite), worker_count);
    std::int64_t makespan = 0;
    for (const auto& allocation : plan_with("duration", suite, worker_count))
      makespan = std::max(makespan, allocation.estimated_duration_ms);
    // makespan <= (4/3 - 1/(3m)) * optimum, in integers.
    EXPECT_LE(3 * worker_count * makespan, (4 * worker_count - 1) * optimum)
        << "makespan " << makespan << ", optimum " << optimum << ", workers " << worker_count;
  }
}

// -- fail-first -----------------------------------------------------------------

TEST(FailFirstProperty, runs_every_failed_test_before_any_other_in_each_shard) {
  std::mt19937_64 rng(5);
  for (int round = 0; round < suites_per_property; ++round) {
    SCOPED_TRACE(::testing::Message() << "round " << round);
    const auto suite = random_suite(rng);
    for (const auto& allocation : plan_with("fail-first", suite.tests, suite.worker_count)) {
      bool others_started = false;
      for (const auto& test : allocation.tests) {
        const bool failed = test.last_result && is_failure(*test.last_result);
        EXPECT_FALSE(failed && others_started)
            << test.id << " failed last time but runs after a test that did not";
        others_started = others_started || !failed;
      }
    }
  }
}

// -- file and tag (group mode): which groups may be split -------------------------

using GroupOf = std::function<std::optional<std::string>(const TestFile&)>;

// Plans random suites with `strategy` and checks, for the groups `group_of`
// defines: a group on more than one shard is reported split with exactly
// those shards, and only a group heavier than the fair share may be split;
// a group no heavier runs on one shard as one block in input order.
void expect_only_heavy_groups_split(std::uint64_t seed, const std::string& strategy,
                                    const GroupOf& group_of) {
  std::mt19937_64 rng(seed);
  int rounds_with_a_split = 0;
  for (int round = 0; round < suites_per_property; ++round) {
    SCOPED_TRACE(::testing::Message() << "round " << round);
    const auto suite = random_suite(rng);
    const auto estimates = reference_estimates(suite.tests);
    std::int64_t total = 0;
    std::map<std::string, std::int64_t> weight;
    std::map<std::string, std::vector<std::string>> ids;
    for (std::size_t test = 0; test < suite.tests.size(); ++test) {
      total = saturating_add(total, estimates[test]);
      if (const auto group = group_of(suite.tests[test])) {
        weight[*group] = saturating_add(weight[*group], estimates[test]);
        ids[*group].push_back(suite.tests[test].id);
      }
    }
    const auto fair_share = total / suite.worker_count;

    auto planned =
        preview(PreviewRequest{suite.tests, strategy, suite.worker_count, TagMode::group});
    ASSERT_TRUE(planned) << planned.error().to_string();
    std::map<std::string, std::vector<int>> shards_of;
    std::map<std::string, std::vector<std::string>> ids_in_shard_order;
    for (const auto& allocation : planned->allocations)
      for (const auto& test : allocation.tests)
        if (const auto group = group_of(test)) {
          auto& shards = shards_of[*group];
          if (shards.empty() || shards.back() != allocation.shard_index)
            shards.push_back(allocation.shard_index);
          ids_in_shard_order[*group].push_back(test.id);
        }
    std::map<std::string, std::vector<int>> reported;
    for (const auto& split : planned->split_groups)
      reported[split.group] = split.shards;

    for (const auto& [group, shards] : shards_of) {
      SCOPED_TRACE("group \"" + group + "\"");
      if (shards.size() > 1) {
        EXPECT_EQ(reported[group], shards) << "split but not reported";
      } else {
        EXPECT_EQ(reported.count(group), 0u) << "reported split but on one shard";
      }
      if (weight[group] <= fair_share || suite.worker_count == 1) {
        EXPECT_EQ(shards.size(), 1u) << "split though no heavier than the fair share";
        EXPECT_EQ(ids_in_shard_order[group], ids[group]) << "not in input order";
      }
    }
    EXPECT_LE(reported.size(), shards_of.size());
    rounds_with_a_split += reported.empty() ? 0 : 1;
  }
  EXPECT_GT(rounds_with_a_split, suites_per_property / 10) << "the generator made too few splits";
}

TEST(FileProperty, splits_only_folders_heavier_than_the_fair_share_and_reports_them) {
  expect_only_heavy_groups_split(6, "file", [](const TestFile& test) {
    const auto slash = test.path.rfind('/');
    return std::optional<std::string>{slash == std::string::npos ? "" : test.path.substr(0, slash)};
  });
}

TEST(FileProperty, runs_each_folder_on_each_shard_as_one_block_in_input_order) {
  std::mt19937_64 rng(13);
  for (int round = 0; round < suites_per_property; ++round) {
    SCOPED_TRACE(::testing::Message() << "round " << round);
    const auto suite = random_suite(rng);
    std::map<std::string, std::size_t> position;
    for (std::size_t test = 0; test < suite.tests.size(); ++test)
      position[suite.tests[test].id] = test;
    for (const auto& allocation : plan_with("file", suite.tests, suite.worker_count)) {
      // A folder's block ends when another folder's test follows; it must not come back.
      std::map<std::string, std::size_t> last_position;
      std::string current;
      for (const auto& test : allocation.tests) {
        const auto folder = std::string{folder_of(test.path)};
        const auto at = position.at(test.id);
        const auto seen = last_position.find(folder);
        if (seen != last_position.end()) {
          EXPECT_EQ(folder, current) << test.id << ": folder \"" << folder << "\" resumes on shard "
                                     << allocation.shard_index;
          EXPECT_GT(at, seen->second) << test.id << " runs before an earlier test of its folder";
        }
        last_position[folder] = at;
        current = folder;
      }
    }
  }
}

TEST(TagGroupProperty, splits_only_tags_heavier_than_the_fair_share_and_reports_them) {
  expect_only_heavy_groups_split(7, "tag", [](const TestFile& test) {
    return test.tags.empty() ? std::nullopt : std::optional<std::string>{test.tags.front()};
  });
}

// -- tag (distribute mode) ------------------------------------------------------------

TEST(TagDistributeProperty, spreads_a_tag_of_equal_estimates_even_zero_with_counts_within_one) {
  std::mt19937_64 rng(8);
  int checked_tags = 0;
  int checked_zero_tags = 0;
  for (int round = 0; round < suites_per_property; ++round) {
    SCOPED_TRACE(::testing::Message() << "round " << round);
    auto suite = random_suite(rng);
    // Every other suite: some tags' tests all estimate 0, so their load never grows.
    if (round % 2 == 1) {
      const auto zeroed = std::uniform_int_distribution<int>(0, 31)(rng);
      for (auto& test : suite.tests)
        if (!test.tags.empty() && (zeroed >> (test.tags.front().back() - 'a') & 1) != 0)
          test.estimated_duration_ms = 0;
    }
    const auto estimates = reference_estimates(suite.tests);
    std::map<std::string, std::vector<std::int64_t>> estimates_of_tag;
    for (std::size_t test = 0; test < suite.tests.size(); ++test)
      if (!suite.tests[test].tags.empty())
        estimates_of_tag[suite.tests[test].tags.front()].push_back(estimates[test]);

    const auto allocations =
        plan_with("tag", suite.tests, suite.worker_count, StrategyOptions{TagMode::distribute});
    for (const auto& [tag, tag_estimates] : estimates_of_tag) {
      // Equal, and a sum that does not saturate: then a tag's load on a shard
      // is proportional to its count there, or 0 everywhere.
      const auto estimate = tag_estimates.front();
      const auto count = static_cast<std::int64_t>(tag_estimates.size());
      if (estimate > std::numeric_limits<std::int64_t>::max() / count ||
          std::any_of(tag_estimates.begin(), tag_estimates.end(),
                      [&](std::int64_t e) { return e != estimate; }))
        continue;
      ++checked_tags;
      checked_zero_tags += estimate == 0 && count > 1 ? 1 : 0;
      std::vector<int> counts;
      for (const auto& allocation : allocations)
        counts.push_back(static_cast<int>(
            std::count_if(allocation.tests.begin(), allocation.tests.end(), [&](const TestFile& t) {
              return !t.tags.empty() && t.tags.front() == tag;
            })));
      const auto [fewest, most] = std::minmax_element(counts.begin(), counts.end());
      EXPECT_LE(*most - *fewest, 1) << "tag " << tag << " (estimate " << estimate << ")";
    }
  }
  EXPECT_GT(checked_tags, suites_per_property / 2) << "the generator made too few checkable tags";
  EXPECT_GT(checked_zero_tags, suites_per_property / 4) << "too few tags of zero estimates";
}

} // namespace
} // namespace shardline
