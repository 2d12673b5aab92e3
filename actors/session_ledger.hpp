#pragma once

#include "actors/serial_groups.hpp"
#include "model/execution_session.hpp"
#include "model/test_file.hpp"
#include "model/test_result.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace shardline {

/// One hand-over of one test to one worker. The epoch is unique within the
/// session and rises with every hand-over, so a result names exactly the
/// hand-over it answers.
struct Handover {
  std::size_t test = 0;
  int attempt = 1;
  std::uint64_t epoch = 0;
  std::string worker_id;
  int shard_index = 0;
};

/// How often a test may lose what runs it (a lost worker, a Playwright
/// process that died) before it counts as failed: a test that crashes its
/// worker would otherwise run again forever.
inline constexpr int max_lost_runs = 3;

/// What became of a reported result.
enum class Verdict {
  final,     // recorded; the test is done
  retry,     // recorded as a failed attempt; the test is pending again
  stale,     // the worker no longer holds that hand-over: dropped
  duplicate, // this hand-over's result was recorded before: dropped
  unknown,   // no such test in this session
};

/// The bookkeeping of one execution, without any actor: which tests are
/// pending, running or done, who holds each, every attempt's result, and the
/// progress counts. Results are fenced by epoch, so each test gets exactly
/// one final result however results, losses and cancels interleave.
///
/// A serial group (TestFile::serial_group, see SerialGroups) is retried
/// whole, as Playwright retries one: when one of its tests is retried, every
/// test of the group runs again as its next attempt (those done, and those
/// still running once they report), and the group waits until none of it runs
/// (waits_for_its_group) before it is queued again whole (take_group_retry).
///
/// Invariant: progress().completed + running + pending == total, always.
class SessionLedger {
public:
  /// `retries`: how many times a failed or timed-out test runs again (a
  /// test of a serial group also runs again when its group is retried).
  /// `max_failures`: stop after this many tests failed for good (0 = never).
  SessionLedger(std::vector<TestFile> tests, int retries, int max_failures, int shard_count);

  // -- lookup ------------------------------------------------------------------

  const std::vector<TestFile>& tests() const { return tests_; }
  std::optional<std::size_t> find(std::string_view test_id) const;
  bool is_pending(std::size_t test) const;
  bool is_done(std::size_t test) const;
  /// The attempt the test's next or current hand-over runs as (1-based).
  int attempt_of(std::size_t test) const;
  /// The worker of the test's most recent hand-over, empty before the first.
  const std::string& last_worker(std::size_t test) const;
  /// The shard a not-done test is planned on (or ran on, once done).
  int shard_of(std::size_t test) const;
  /// Test indexes a worker currently holds, in the suite's order.
  std::vector<std::size_t> held_by(std::string_view worker_id) const;
  /// True while the test's serial group is retried and some test of it still
  /// runs: the test, pending, must not be queued alone.
  bool waits_for_its_group(std::size_t test) const;
  /// True when the test's serial group is retried and not yet queued again.
  bool group_retry_open(std::size_t test) const;
  /// Test indexes handed over and not yet reported, in the suite's order:
  /// as many as the workers' slots, found without a scan of the suite.
  std::vector<std::size_t> running() const;

  // -- planning ----------------------------------------------------------------

  /// Adds a shard (a worker that joined later) and returns its index.
  int add_shard();

  /// Records that a test is queued on `shard_index` (for shard progress).
  void plan(std::size_t test, int shard_index);

  /// pending -> running: hands the test to a worker. Precondition: pending.
  /// A retried serial group's new run has begun once one of it is handed out.
  Handover dispatch(std::size_t test, const std::string& worker_id, int shard_index);

  // -- outcomes ----------------------------------------------------------------
  /// A pending test whose final result an earlier session recorded (a
  /// resumed session): done with that result, as it was (attempt, worker,
  /// status), on no shard. False when the test is not pending.
  bool carry(std::size_t test, TestResult result);

  /// Applies a worker's result for the hand-over `epoch`. Only the worker
  /// holding that hand-over may report it. The ledger fills in test, worker,
  /// shard, attempt, retryCount and flaky from its own records. A failure
  /// with retries left is a `retry`; so is any result of a test whose serial
  /// group is being retried (it runs again with its group).
  Verdict apply(const std::string& worker_id, std::uint64_t epoch, TestResult result);

  /// A lost worker's running tests go back to pending with their attempt
  /// unchanged (a lost worker is not the test's failure); their epochs are
  /// fenced, so late results from that worker are stale. Returns them. A test
  /// that has lost its worker max_lost_runs times fails instead.
  std::vector<std::size_t> release(std::string_view worker_id);

  /// A hand-over that ended without a result (its run request failed, its
  /// Playwright process died) goes back to pending as the same attempt. False
  /// when it was fenced already, or when the test failed for having lost its
  /// run max_lost_runs times.
  bool give_back(std::size_t test, std::uint64_t epoch);

  /// The tests of the test's serial group to queue again now, whole and in
  /// their order, when the group is retried and none of it runs any more
  /// (once: the group's retry is then taken). Empty otherwise: the test is in
  /// no group, its group is not retried, or some of it still runs.
  std::vector<std::size_t> take_group_retry(std::size_t test);

  /// Ends every test that is not done with a `skipped` result carrying
  /// `reason` (cancel, maxFailures). Returns the tests that were running, whose
  /// processes the caller should stop.
  std::vector<std::size_t> skip_remaining(const std::string& reason);

  // -- state -------------------------------------------------------------------

  const ExecutionProgress& progress() const { return progress_; }
  ShardProgress shard_progress(int shard_index) const;
  int shard_count() const { return static_cast<int>(shard_progress_.size()); }
  /// Every recorded attempt, in the order recorded.
  std::vector<TestResult> results() const;
  std::size_t result_count() const { return recorded_.size(); }
  /// The attempt recorded `index`-th.
  TestResult result(std::size_t index) const;
  const DroppedResults& dropped() const { return dropped_; }
  bool finished() const { return progress_.completed == progress_.total; }
  /// True once `max_failures` tests have failed for good.
  bool failure_limit_reached() const;

private:
  enum class Phase : std::uint8_t { pending, running, done };

  struct Entry {
    Phase phase = Phase::pending;
    int attempt = 1;
    int shard = -1;
    TestStatus outcome = TestStatus::passed; // once done: its final status
    std::uint64_t epoch = 0;                 // of the current or last hand-over
    std::uint32_t worker = 0;                // its worker (interned)
    std::uint8_t lost_runs = 0;              // hand-overs that ended without a result
    bool failed_before = false;              // a recorded attempt failed (flaky once it passes)
    std::uint64_t recorded_epoch = 0;        // of the last recorded result; 0: none
  };

  void finish(Entry& entry, TestStatus status);
  /// done -> pending as its next attempt: its final result no longer counts.
  void run_again(Entry& entry);
  /// A test of `group` was retried: the group runs again whole.
  void retry_group(std::size_t group, std::size_t retried);
  bool was_recorded(std::size_t test, std::uint64_t epoch) const;
  /// Back to pending after a lost run, or failed after too many; true: pending.
  bool requeue_lost(std::size_t test);
  void move_phase(Entry& entry, Phase to);
  void set_shard(Entry& entry, int shard);

  std::vector<TestFile> tests_;
  std::vector<Entry> entries_;
  std::unordered_set<std::size_t> running_; // indexes of the entries in Phase::running
  std::unordered_map<std::string_view, std::size_t> index_;
  // A recorded attempt, compact: a session of a million tests keeps a million
  // of these. What only some results have (an error, attachments, output)
  // lives behind `extras`; ids are indexes into tests_ and worker_ids_.
  struct Extras {
    std::optional<std::string> error;
    std::optional<std::string> error_stack;
    std::vector<std::string> screenshots;
    std::optional<std::string> trace_url;
    std::optional<std::string> video_url;
    std::optional<std::string> stdout_tail;
    std::optional<std::string> video_unavailable;
    std::vector<ResultAttachment> attachments;
    std::vector<ResultAnnotation> annotations;
    std::optional<std::string> skip_reason;
    std::vector<RunnerAttempt> runner_attempts;
  };
  struct Recorded {
    std::uint32_t test = 0;
    std::uint32_t worker = 0;
    std::int32_t shard = 0;
    std::int32_t attempt = 1;
    TestStatus status = TestStatus::passed;
    bool flaky = false;
    std::int64_t duration_ms = 0;
    std::optional<TimePoint> started_at;
    std::optional<TimePoint> finished_at;
    std::unique_ptr<Extras> extras;
  };

  void record(std::size_t test, std::uint32_t worker, TestResult result);
  std::uint32_t intern_worker(const std::string& worker_id);
  /// The interned index of a worker id, 0 when it was never seen.
  std::uint32_t find_worker(std::string_view worker_id) const;

  std::vector<Recorded> recorded_;
  // Epochs of earlier recorded attempts, only for tests that ran more than
  // once: kept aside so the common entry stays small.
  std::unordered_map<std::size_t, std::vector<std::uint64_t>> earlier_epochs_;
  std::deque<std::string> worker_ids_{std::string{}}; // interned, stable; 0 is "no worker"
  std::unordered_map<std::string_view, std::uint32_t> worker_index_; // views into worker_ids_
  std::vector<ShardProgress> shard_progress_;
  ExecutionProgress progress_;
  DroppedResults dropped_;
  std::uint64_t next_epoch_ = 1;
  int retries_;
  int max_failures_;
  SerialGroups serial_;
  std::vector<bool> group_retried_; // per serial group: retried, not yet queued again
};

} // namespace shardline
