// Units (TestFile::unit) through every strategy: a unit is placed whole, its
// tests side by side and in their input order.

#include "strategies/preview.hpp"
#include "strategies/strategy.hpp"
#include "strategies/units.hpp"

#include "random_suite.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <string>

namespace shardline {
namespace {

using test_support::numbered;
using test_support::random_suite;

TestFile test(std::string id, std::string unit = {}, std::optional<std::int64_t> estimate = {}) {
  TestFile file;
  file.id = std::move(id);
  file.path = "a.spec.ts";
  file.title = file.id;
  file.unit = std::move(unit);
  file.estimated_duration_ms = estimate;
  return file;
}

TEST(Units, tests_without_a_shared_unit_are_units_of_their_own) {
  std::vector<TestFile> tests{test("a"), test("b", "lonely"), test("c")};

  EXPECT_FALSE(has_units(tests));
  EXPECT_EQ(unit_numbers(tests), (std::vector<std::uint32_t>{0, 1, 2}));
}

TEST(Units, tests_of_one_unit_share_a_number_wherever_they_are) {
  std::vector<TestFile> tests{test("a", "f"), test("b"), test("c", "f"), test("d", "g")};

  EXPECT_TRUE(has_units(tests));
  EXPECT_EQ(unit_numbers(tests), (std::vector<std::uint32_t>{0, 1, 0, 2}));
}

TEST(Units, a_unit_stands_in_with_its_summed_estimate_and_the_fill_in_for_missing_ones) {
  // Known: 1000 and 3000, so a missing one counts as their median, 2000.
  std::vector<TestFile> tests{test("a", "f", 1000), test("b", "f"), test("c", {}, 3000)};

  auto units = group_units(tests);

  ASSERT_EQ(units.stand_ins.size(), 2U);
  EXPECT_EQ(units.stand_ins[0].id, "a");
  EXPECT_EQ(units.stand_ins[0].estimated_duration_ms, 3000);
  EXPECT_EQ(units.stand_ins[1], tests[2]);
}

TEST(Units, a_lone_test_without_an_estimate_counts_as_the_suites_fill_in) {
  // Known: 1000 and 3000 in a unit; the lone test counts as 2000, not as
  // the 4000 of the unit's sum.
  std::vector<TestFile> tests{test("a", "f", 1000), test("b", "f", 3000), test("c")};

  auto units = group_units(tests);

  ASSERT_EQ(units.stand_ins.size(), 2U);
  EXPECT_EQ(units.stand_ins[0].estimated_duration_ms, 4000);
  EXPECT_EQ(units.stand_ins[1].estimated_duration_ms, 2000);
  EXPECT_EQ(unit_estimates(tests), (std::vector<std::int64_t>{4000, 2000}));
}

TEST(Units, the_duration_strategy_balances_units_by_their_sums) {
  // A unit of three 10 s tests against three lone 10 s tests on two shards:
  // LPT puts the unit (30 s) alone and the three lone tests together.
  std::vector<TestFile> tests{test("lone1", {}, 10000),    test("u1", "serial", 10000),
                              test("u2", "serial", 10000), test("lone2", {}, 10000),
                              test("u3", "serial", 10000), test("lone3", {}, 10000)};

  auto plan = make_strategy("duration").value()->distribute(tests, 2);

  ASSERT_TRUE(plan);
  std::vector<std::string> ids[2];
  for (const auto& allocation : *plan)
    for (const auto& planned : allocation.tests)
      ids[allocation.shard_index].push_back(planned.id);
  auto unit_shard = ids[0].front() == "u1" ? 0 : 1;
  EXPECT_EQ(ids[unit_shard], (std::vector<std::string>{"u1", "u2", "u3"}));
  EXPECT_EQ(ids[1 - unit_shard].size(), 3U);
  EXPECT_EQ((*plan)[unit_shard].estimated_duration_ms, 30000);
}

TEST(Units, the_preview_bound_counts_the_longest_unit) {
  PreviewRequest request;
  request.tests = {test("u1", "serial", 5000), test("u2", "serial", 5000), test("x", {}, 1000)};
  request.strategy = "duration";
  request.worker_count = 3;

  auto result = preview(request);

  ASSERT_TRUE(result);
  EXPECT_EQ(result->lower_bound_ms, 10000);
  EXPECT_EQ(result->estimated_makespan_ms, 10000);
}

// -- property: no strategy splits a unit ---------------------------------------

TEST(UnitsProperty, every_strategy_keeps_each_unit_whole_and_in_order) {
  std::mt19937_64 rng(11);
  for (int round = 0; round < 300; ++round) {
    SCOPED_TRACE(::testing::Message() << "round " << round);
    auto suite = random_suite(rng);
    // Some tests join one of a few units, scattered through the suite.
    const auto unit_count = std::uniform_int_distribution<int>(0, 4)(rng);
    for (auto& planned : suite.tests)
      if (unit_count > 0 && std::uniform_int_distribution<int>(0, 2)(rng) == 0)
        planned.unit = numbered("unit ", std::uniform_int_distribution<int>(1, unit_count)(rng));
    std::map<std::string, std::vector<std::string>> members; // unit -> ids, in input order
    for (const auto& planned : suite.tests)
      if (!planned.unit.empty())
        members[planned.unit].push_back(planned.id);

    for (auto name : known_strategies()) {
      SCOPED_TRACE(std::string{name});
      for (auto mode : {TagMode::group, TagMode::distribute}) {
        auto plan = make_strategy(name).value()->distribute(suite.tests, suite.worker_count,
                                                            StrategyOptions{mode});
        ASSERT_TRUE(plan);
        ASSERT_EQ(plan->size(), static_cast<std::size_t>(suite.worker_count));
        std::set<std::string> seen;
        std::map<std::string, std::vector<std::string>> planned_members;
        for (const auto& allocation : *plan) {
          std::string previous_unit;
          std::set<std::string> ended; // units this allocation has moved past
          for (const auto& planned : allocation.tests) {
            EXPECT_TRUE(seen.insert(planned.id).second) << planned.id << " planned twice";
            if (!previous_unit.empty() && planned.unit != previous_unit)
              ended.insert(previous_unit);
            if (!planned.unit.empty()) {
              EXPECT_FALSE(ended.count(planned.unit)) << planned.unit << " not side by side";
              planned_members[planned.unit].push_back(planned.id);
            }
            previous_unit = planned.unit;
          }
        }
        EXPECT_EQ(seen.size(), suite.tests.size());
        // In input order, and (with the ids of one allocation) on one shard:
        // a unit's ids in plan order equal its ids in input order only if
        // no other allocation took a part, since each appears once.
        EXPECT_EQ(planned_members, members);
        for (const auto& allocation : *plan) {
          std::set<std::string> here;
          for (const auto& planned : allocation.tests)
            if (!planned.unit.empty())
              here.insert(planned.unit);
          for (const auto& unit : here) {
            std::size_t count = 0;
            for (const auto& planned : allocation.tests)
              count += planned.unit == unit ? 1 : 0;
            EXPECT_EQ(count, members[unit].size()) << unit << " split across shards";
          }
        }
      }
    }
  }
}

} // namespace
} // namespace shardline
