#include "runners/playwright_deadline.hpp"

#include <gtest/gtest.h>

namespace shardline {
namespace {

using namespace std::chrono_literals;
using Clock = PlaywrightDeadline::Clock;

const Clock::time_point start{1000s};

TEST(PlaywrightDeadline, allows_the_start_up_until_the_config_is_loaded) {
  PlaywrightDeadline deadline(start, 0ms);

  EXPECT_EQ(deadline.at(), start + PlaywrightDeadline::startup_allowance);
}

TEST(PlaywrightDeadline, gives_the_web_servers_their_timeouts_on_top) {
  PlaywrightDeadline deadline(start, 0ms);

  deadline.configured(start + 2s, 120000);

  EXPECT_EQ(deadline.at(), start + 2s + 120s + PlaywrightDeadline::startup_allowance);
}

TEST(PlaywrightDeadline, once_the_run_begins_allows_the_tests_budget_and_the_end) {
  PlaywrightDeadline deadline(start, 0ms);
  deadline.configured(start + 1s, 60000);

  // One test with its own 120 s timeout, slow, one retry: 120 x 3 x 2.
  deadline.began(start + 5s, 720000);

  EXPECT_EQ(deadline.at(), start + 5s + 720s + PlaywrightDeadline::end_allowance);
  EXPECT_EQ(deadline.explain(), "845000 ms (the tests' timeouts x 3 per try, 720000 ms, plus "
                                "120000 ms)");
}

TEST(PlaywrightDeadline, a_test_without_a_timeout_leaves_no_deadline) {
  PlaywrightDeadline deadline(start, 0ms);

  deadline.began(start + 5s, std::nullopt);

  EXPECT_EQ(deadline.at(), Clock::time_point::max());
  EXPECT_EQ(deadline.explain(), "no limit");
}

TEST(PlaywrightDeadline, a_cap_always_applies) {
  PlaywrightDeadline deadline(start, 10s);

  deadline.began(start + 5s, 720000);

  EXPECT_EQ(deadline.at(), start + 10s);
  EXPECT_EQ(deadline.explain(), "10000 ms (the batch timeout)");
}

TEST(PlaywrightDeadline, a_huge_budget_is_far_away_not_in_the_past) {
  PlaywrightDeadline deadline(start, 0ms);

  deadline.began(start, std::numeric_limits<std::int64_t>::max());

  EXPECT_GT(deadline.at(), start + 24h * 365);
}

} // namespace
} // namespace shardline
