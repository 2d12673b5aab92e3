// The HTTP agent's bookkeeping without any actor: hand-overs, polls, and the
// verdict on every reported result.

#include "actors/agent_book.hpp"

#include <gtest/gtest.h>

namespace shardline {
namespace {

TestAssignment assignment(const std::string& session_id, const std::string& test_id,
                          std::uint64_t epoch, int attempt = 1) {
  TestAssignment out;
  out.session_id = session_id;
  out.test.id = test_id;
  out.test.path = test_id + ".spec.ts";
  out.epoch = epoch;
  out.attempt = attempt;
  return out;
}

TestResult result_of(const std::string& test_id) {
  TestResult result;
  result.test_id = test_id;
  result.status = TestStatus::passed;
  return result;
}

std::vector<std::string> ids_of(const std::vector<TestAssignment>& assignments) {
  std::vector<std::string> ids;
  for (const auto& a : assignments)
    ids.push_back(a.test.id);
  return ids;
}

using Ids = std::vector<std::string>;
using Epochs = std::vector<std::uint64_t>;

// -- polls ----------------------------------------------------------------------

TEST(AgentBook, an_empty_book_is_idle_and_delivers_nothing) {
  AgentBook book;
  EXPECT_EQ(book.status(), WorkerState::idle);
  EXPECT_TRUE(book.poll().empty());
  EXPECT_TRUE(book.current_tests().empty());
}

TEST(AgentBook, a_poll_delivers_every_pending_test_once_in_hand_over_order) {
  AgentBook book;
  EXPECT_EQ(book.add_batch(1, {assignment("s", "b", 2), assignment("s", "a", 1)}), 2u);
  book.add_batch(2, {assignment("s", "c", 3)});
  EXPECT_EQ(book.status(), WorkerState::busy);
  EXPECT_EQ(ids_of(book.poll()), (Ids{"b", "a", "c"}));
  EXPECT_TRUE(book.poll().empty());
  EXPECT_EQ(book.pending_count(), 0u);
  EXPECT_EQ(book.delivered_count(), 3u);
  EXPECT_EQ(book.current_tests(), (Ids{"b", "a", "c"}));
}

TEST(AgentBook, a_batch_added_after_a_poll_waits_for_the_next) {
  AgentBook book;
  book.add_batch(1, {assignment("s", "a", 1)});
  book.poll();
  book.add_batch(2, {assignment("s", "b", 2)});
  EXPECT_EQ(ids_of(book.poll()), (Ids{"b"}));
}

TEST(AgentBook, a_hand_over_already_held_is_not_taken_twice) {
  AgentBook book;
  book.add_batch(1, {assignment("s", "a", 1)});
  EXPECT_EQ(book.add_batch(2, {assignment("s", "a", 1)}), 0u);
  EXPECT_EQ(book.run_count(), 1u);
  EXPECT_EQ(book.poll().size(), 1u);
}

TEST(AgentBook, the_same_epoch_in_two_sessions_is_two_hand_overs) {
  AgentBook book;
  book.add_batch(1, {assignment("s1", "a", 1), assignment("s2", "a", 1)});
  EXPECT_EQ(book.poll().size(), 2u);
}

// -- accepted -------------------------------------------------------------------

TEST(AgentBook, a_delivered_tests_result_is_accepted_with_its_run) {
  AgentBook book;
  book.add_batch(7, {assignment("s", "a", 1, 2), assignment("s", "b", 2)});
  book.poll();
  auto first = book.report("s", 1, result_of("a"));
  EXPECT_EQ(first.verdict, ReportVerdict::accepted);
  EXPECT_EQ(first.run_id, 7u);
  EXPECT_EQ(first.attempt, 2);
  EXPECT_FALSE(first.run_complete);
  EXPECT_EQ(book.current_tests(), (Ids{"b"}));
}

TEST(AgentBook, the_last_result_of_a_batch_completes_its_run) {
  AgentBook book;
  book.add_batch(7, {assignment("s", "a", 1), assignment("s", "b", 2)});
  book.poll();
  book.report("s", 2, result_of("b"));
  auto last = book.report("s", 1, result_of("a"));
  EXPECT_EQ(last.verdict, ReportVerdict::accepted);
  EXPECT_TRUE(last.run_complete);
  EXPECT_EQ(book.run_count(), 0u);
  EXPECT_EQ(book.status(), WorkerState::idle);
}

// -- duplicate ------------------------------------------------------------------

TEST(AgentBook, the_same_result_again_is_a_duplicate) {
  AgentBook book;
  book.add_batch(1, {assignment("s", "a", 1)});
  book.poll();
  ASSERT_EQ(book.report("s", 1, result_of("a")).verdict, ReportVerdict::accepted);
  auto again = book.report("s", 1, result_of("a"));
  EXPECT_EQ(again.verdict, ReportVerdict::duplicate);
  EXPECT_NE(again.detail.find("accepted before"), std::string::npos) << again.detail;
}

TEST(AgentBook, a_duplicate_does_not_depend_on_the_attempt_the_agent_echoes) {
  AgentBook book;
  book.add_batch(1, {assignment("s", "a", 4, 2)});
  book.poll();
  book.report("s", 4, result_of("a"));
  auto again = result_of("a");
  again.attempt = 9;
  EXPECT_EQ(book.report("s", 4, again).verdict, ReportVerdict::duplicate);
}

TEST(AgentBook, a_duplicate_stays_one_after_the_agent_expired) {
  AgentBook book;
  book.add_batch(1, {assignment("s", "a", 1), assignment("s", "b", 2)});
  book.poll();
  book.report("s", 1, result_of("a"));
  book.expire();
  EXPECT_EQ(book.report("s", 1, result_of("a")).verdict, ReportVerdict::duplicate);
}

TEST(AgentBook, only_the_most_recent_results_are_remembered) {
  AgentBook book(2);
  book.add_batch(1, {assignment("s", "a", 1), assignment("s", "b", 2), assignment("s", "c", 3)});
  book.poll();
  book.report("s", 1, result_of("a"));
  book.report("s", 2, result_of("b"));
  book.report("s", 3, result_of("c"));
  EXPECT_EQ(book.remembered_count(), 2u);
  EXPECT_EQ(book.report("s", 1, result_of("a")).verdict, ReportVerdict::stale); // forgotten
  EXPECT_EQ(book.report("s", 3, result_of("c")).verdict, ReportVerdict::duplicate);
}

// -- stale ----------------------------------------------------------------------

TEST(AgentBook, a_result_for_an_unknown_hand_over_is_stale) {
  AgentBook book;
  auto outcome = book.report("s", 1, result_of("a"));
  EXPECT_EQ(outcome.verdict, ReportVerdict::stale);
  EXPECT_NE(outcome.detail.find("does not hold test a"), std::string::npos) << outcome.detail;
}

TEST(AgentBook, a_result_for_an_older_epoch_of_a_held_test_is_stale) {
  AgentBook book;
  book.add_batch(1, {assignment("s", "a", 5)});
  book.poll();
  auto outcome = book.report("s", 3, result_of("a"));
  EXPECT_EQ(outcome.verdict, ReportVerdict::stale);
  EXPECT_NE(outcome.detail.find("held at epoch 5, not 3"), std::string::npos) << outcome.detail;
  EXPECT_EQ(book.current_tests(), (Ids{"a"})); // still owed
}

TEST(AgentBook, a_result_naming_another_test_than_its_epoch_is_stale) {
  AgentBook book;
  book.add_batch(1, {assignment("s", "a", 1)});
  book.poll();
  auto outcome = book.report("s", 1, result_of("b"));
  EXPECT_EQ(outcome.verdict, ReportVerdict::stale);
  EXPECT_NE(outcome.detail.find("is test a, not b"), std::string::npos) << outcome.detail;
  EXPECT_EQ(book.report("s", 1, result_of("a")).verdict, ReportVerdict::accepted);
}

TEST(AgentBook, a_result_for_a_test_not_yet_delivered_is_stale) {
  AgentBook book;
  book.add_batch(1, {assignment("s", "a", 1)});
  auto outcome = book.report("s", 1, result_of("a"));
  EXPECT_EQ(outcome.verdict, ReportVerdict::stale);
  EXPECT_NE(outcome.detail.find("not handed to this worker yet"), std::string::npos)
      << outcome.detail;
  EXPECT_EQ(book.poll().size(), 1u);
}

TEST(AgentBook, a_result_of_another_session_with_the_same_epoch_is_stale) {
  AgentBook book;
  book.add_batch(1, {assignment("s1", "a", 1)});
  book.poll();
  EXPECT_EQ(book.report("s2", 1, result_of("a")).verdict, ReportVerdict::stale);
}

// -- cancel ---------------------------------------------------------------------

TEST(AgentBook, cancel_drops_the_sessions_tests_and_ends_its_runs) {
  AgentBook book;
  book.add_batch(1, {assignment("s1", "a", 1), assignment("s1", "b", 2)});
  book.add_batch(2, {assignment("s2", "x", 1)});
  book.poll();
  book.report("s1", 1, result_of("a"));
  book.add_batch(3, {assignment("s1", "c", 3)}); // pending, never delivered
  auto ended = book.cancel("s1");
  EXPECT_EQ(ended, (std::vector<AgentBook::EndedRun>{{1, {2}}, {3, {3}}}));
  EXPECT_EQ(book.current_tests(), (Ids{"x"}));
  EXPECT_TRUE(book.poll().empty());
}

TEST(AgentBook, after_cancel_every_result_of_the_session_is_stale) {
  AgentBook book;
  book.add_batch(1, {assignment("s", "a", 1), assignment("s", "b", 2)});
  book.poll();
  book.report("s", 1, result_of("a"));
  book.cancel("s");
  auto late = book.report("s", 2, result_of("b"));
  EXPECT_EQ(late.verdict, ReportVerdict::stale);
  EXPECT_NE(late.detail.find("session s was cancelled"), std::string::npos) << late.detail;
  // Its remembered results are gone too: a repeat is stale, not a duplicate.
  EXPECT_EQ(book.report("s", 1, result_of("a")).verdict, ReportVerdict::stale);
  EXPECT_EQ(book.remembered_count(), 0u);
}

TEST(AgentBook, cancel_of_a_session_it_never_held_ends_nothing) {
  AgentBook book;
  book.add_batch(1, {assignment("s", "a", 1)});
  EXPECT_TRUE(book.cancel("other").empty());
  EXPECT_EQ(book.pending_count(), 1u);
}

// -- expire ---------------------------------------------------------------------

TEST(AgentBook, expire_drops_everything_and_ends_each_run_with_its_unreported_epochs) {
  AgentBook book;
  book.add_batch(1, {assignment("s", "a", 1), assignment("s", "b", 2)});
  book.add_batch(2, {assignment("t", "c", 1)});
  book.poll();
  book.report("s", 1, result_of("a"));
  book.add_batch(3, {assignment("s", "d", 3)});
  auto ended = book.expire();
  EXPECT_EQ(ended, (std::vector<AgentBook::EndedRun>{{1, {2}}, {2, {1}}, {3, {3}}}));
  EXPECT_EQ(book.status(), WorkerState::idle);
  EXPECT_EQ(book.run_count(), 0u);
  EXPECT_TRUE(book.poll().empty());
}

TEST(AgentBook, a_result_after_expiry_is_stale_and_new_batches_work_again) {
  AgentBook book;
  book.add_batch(1, {assignment("s", "a", 1)});
  book.poll();
  book.expire();
  EXPECT_EQ(book.report("s", 1, result_of("a")).verdict, ReportVerdict::stale);
  book.add_batch(2, {assignment("s", "a", 2)}); // the session handed it out again
  book.poll();
  auto outcome = book.report("s", 2, result_of("a"));
  EXPECT_EQ(outcome.verdict, ReportVerdict::accepted);
  EXPECT_TRUE(outcome.run_complete);
}

TEST(AgentBook, expire_of_an_idle_book_ends_nothing) {
  AgentBook book;
  EXPECT_TRUE(book.expire().empty());
}

} // namespace
} // namespace shardline
