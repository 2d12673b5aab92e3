#pragma once

#include "model/execution_session.hpp"
#include "model/test_file.hpp"
#include "model/test_result.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
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
/// Invariant: progress().completed + running + pending == total, always.
class SessionLedger {
public:
  /// `retries`: how many times a failed or timed-out test runs again.
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
  /// Test indexes a worker currently holds.
  std::vector<std::size_t> held_by(std::string_view worker_id) const;

  // -- planning ----------------------------------------------------------------

  /// Adds a shard (a worker that joined later) and returns its index.
  int add_shard();

  /// Records that a test is queued on `shard_index` (for shard progress).
  void plan(std::size_t test, int shard_index);

  /// pending -> running: hands the test to a worker. Precondition: pending.
  Handover dispatch(std::size_t test, const std::string& worker_id, int shard_index);

  // -- outcomes ----------------------------------------------------------------

  /// Applies a worker's result for the hand-over `epoch`. Only the worker
  /// holding that hand-over may report it. The ledger fills in test, worker,
  /// shard, attempt, retryCount and flaky from its own records.
  Verdict apply(const std::string& worker_id, std::uint64_t epoch, TestResult result);

  /// A lost worker's running tests go back to pending with their attempt
  /// unchanged (a lost worker is not the test's failure); their epochs are
  /// fenced, so late results from that worker are stale. Returns them.
  std::vector<std::size_t> release(std::string_view worker_id);

  /// A hand-over that ended without a result (its run request failed) goes
  /// back to pending as the same attempt. False when it was fenced already.
  bool give_back(std::size_t test, std::uint64_t epoch);

  /// Ends every test that is not done with a `skipped` result carrying
  /// `reason` (cancel, maxFailures). Returns the tests that were running, whose
  /// processes the caller should stop.
  std::vector<std::size_t> skip_remaining(const std::string& reason);

  // -- state -------------------------------------------------------------------

  const ExecutionProgress& progress() const { return progress_; }
  ShardProgress shard_progress(int shard_index) const;
  int shard_count() const { return static_cast<int>(shard_progress_.size()); }
  /// Every recorded attempt, in the order recorded.
  const std::vector<TestResult>& results() const { return results_; }
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
    std::uint64_t epoch = 0;             // of the current or last hand-over
    std::string worker_id;               // of the current or last hand-over
    std::vector<std::uint64_t> recorded; // epochs whose results were recorded
  };

  void finish(Entry& entry, TestStatus status);
  void move_phase(Entry& entry, Phase to);
  void set_shard(Entry& entry, int shard);

  std::vector<TestFile> tests_;
  std::vector<Entry> entries_;
  std::unordered_map<std::string_view, std::size_t> index_;
  std::vector<TestResult> results_;
  std::vector<ShardProgress> shard_progress_;
  ExecutionProgress progress_;
  DroppedResults dropped_;
  std::uint64_t next_epoch_ = 1;
  int retries_;
  int max_failures_;
};

} // namespace shardline
