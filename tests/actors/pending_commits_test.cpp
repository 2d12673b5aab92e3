#include "actors/pending_commits.hpp"

#include <gtest/gtest.h>

namespace shardline {
namespace {

ExecutionProgress progress(std::int64_t completed, std::int64_t passed, std::int64_t failed,
                           std::int64_t skipped, std::int64_t running, std::int64_t pending) {
  return {.total = completed + running + pending,
          .completed = completed,
          .passed = passed,
          .failed = failed,
          .skipped = skipped,
          .running = running,
          .pending = pending};
}

TEST(PendingCommits, without_uncommitted_results_the_ledger_counts_show) {
  PendingCommits pending;
  EXPECT_EQ(pending.visible(progress(2, 1, 1, 0, 1, 1)), progress(2, 1, 1, 0, 1, 1));
}

TEST(PendingCommits, an_uncommitted_final_result_shows_its_test_still_running) {
  PendingCommits pending;
  pending.recorded({TestStatus::failed, true, true});
  pending.recorded({TestStatus::passed, true, true});
  EXPECT_EQ(pending.visible(progress(3, 2, 1, 0, 0, 1)), progress(1, 1, 0, 0, 2, 1));
}

TEST(PendingCommits, a_timed_out_one_was_counted_as_failed) {
  PendingCommits pending;
  pending.recorded({TestStatus::timed_out, true, true});
  EXPECT_EQ(pending.visible(progress(1, 0, 1, 0, 0, 0)), progress(0, 0, 0, 0, 1, 0));
}

TEST(PendingCommits, an_uncommitted_retry_shows_its_test_still_running_not_pending) {
  PendingCommits pending;
  pending.recorded({TestStatus::failed, false, true});
  EXPECT_EQ(pending.visible(progress(0, 0, 0, 0, 0, 1)), progress(0, 0, 0, 0, 1, 0));
}

TEST(PendingCommits, a_test_the_session_ended_itself_shows_pending_until_committed) {
  PendingCommits pending;
  pending.recorded({TestStatus::skipped, true, false});
  EXPECT_EQ(pending.visible(progress(1, 0, 0, 1, 0, 0)), progress(0, 0, 0, 0, 0, 1));
}

TEST(PendingCommits, committed_ones_leave_oldest_first) {
  PendingCommits pending;
  pending.recorded({TestStatus::failed, true, true});
  pending.recorded({TestStatus::passed, true, true});
  EXPECT_EQ(pending.committed().status, TestStatus::failed);
  EXPECT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending.visible(progress(2, 1, 1, 0, 0, 0)), progress(1, 0, 1, 0, 1, 0));
  pending.committed();
  EXPECT_TRUE(pending.empty());
}

TEST(PendingCommits, counts_never_go_negative_and_the_total_stays_whole) {
  PendingCommits pending;
  pending.recorded({TestStatus::passed, true, true}); // the ledger moved it on already
  auto shown = pending.visible(progress(1, 0, 1, 0, 0, 0));
  EXPECT_GE(shown.passed, 0);
  EXPECT_EQ(shown.completed + shown.running + shown.pending, shown.total);
}

} // namespace
} // namespace shardline
