#pragma once

// The test history that `shardline run` keeps between runs: what the duration
// strategy needs (each test's duration estimate) and what fail-first needs
// (each test's last verdict). History is a plain value: the database file
// keeps it (store/history_db.hpp); load_history and save_history read and
// write the JSON file of earlier versions, which is imported into the
// database once.

#include "model/result.hpp"
#include "model/test_file.hpp"
#include "model/test_result.hpp"
#include "model/test_status.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace shardline {

/// What the history knows about one test.
struct TestHistory {
  /// Weighted average of the durations of the attempts that ran to a verdict;
  /// absent while the test was only ever skipped.
  std::optional<std::int64_t> estimated_duration_ms;
  /// The verdict of the last run that had one (skipped runs leave it as it was).
  std::optional<TestStatus> last_status;
  std::int64_t runs = 0;          // runs with a verdict
  std::int64_t failures = 0;      // of those, the ones that ended failed or timed out
  std::int64_t flaky = 0;         // of those, the ones that passed after a failed attempt
  std::int64_t last_seen_run = 0; // History::run() of the last run that reported the test

  friend bool operator==(const TestHistory&, const TestHistory&) = default;
};

/// How much history is kept; record() enforces both.
struct HistoryLimits {
  /// A test that no run reported for this many runs is forgotten (renamed or
  /// deleted tests must not pile up).
  std::int64_t max_age_runs = 50;
  /// Beyond this many tests, the least recently seen are forgotten first.
  std::size_t max_entries = 200'000;

  friend bool operator==(const HistoryLimits&, const HistoryLimits&) = default;
};

/// Per-test history, keyed by test id (any text; compared exactly).
class History {
public:
  using Tests = std::map<std::string, TestHistory, std::less<>>;

  History() = default;
  explicit History(HistoryLimits limits) : limits_(limits) {}

  /// Fills in, from history, the estimated_duration_ms and last_result of the
  /// tests that have none; a value the test already has wins.
  void apply(std::span<TestFile> tests) const;

  /// Learns from every attempt of one run (in any order), then prunes:
  /// - the run counter goes up by one (not for an empty run, which teaches
  ///   nothing and must not age the history);
  /// - a test's verdict is the status of its last attempt that was not
  ///   skipped; a test with no such attempt (skipped, cancelled, never run)
  ///   only counts as seen;
  /// - runs, failures (failed or timed out) and flaky (passed after a failed
  ///   attempt, or flagged flaky) count verdicts, once per run;
  /// - each attempt that ran to a verdict updates the estimate in attempt
  ///   order, an exponentially weighted average with alpha = 1/2:
  ///   `estimate = midpoint(estimate, duration)` (the first one sets it). A
  ///   test that became slower is mostly learned after two runs. A timed-out
  ///   attempt counts with its duration, a lower bound of the real one.
  ///   Negative durations count as 0.
  void record(std::span<const TestResult> results);

  /// The test's entry, or nullptr.
  const TestHistory* find(std::string_view test_id) const;

  /// Sets a test's entry, as a loader does; no pruning.
  void put(std::string test_id, TestHistory entry);

  /// Every entry, ordered by id.
  const Tests& tests() const { return tests_; }
  std::size_t size() const { return tests_.size(); }

  /// The number of the last recorded run; 0 before the first.
  std::int64_t run() const { return run_; }
  void set_run(std::int64_t run) { run_ = run; }

  const HistoryLimits& limits() const { return limits_; }
  void set_limits(HistoryLimits limits) { limits_ = limits; }

  friend bool operator==(const History&, const History&) = default;

private:
  void prune();

  Tests tests_;
  std::int64_t run_ = 0;
  HistoryLimits limits_;
};

// -- the JSON file --------------------------------------------------------------
//
// {"version": 1, "run": 42, "tests": {
//   "login.spec.ts::logs in": {"estimatedDurationMs": 1250, "lastStatus": "passed",
//                              "runs": 12, "failures": 1, "flaky": 1, "lastSeenRun": 42},
//   ...
// }}
//
// Written one test per line, ordered by id. Absent values are omitted;
// lastStatus uses the wire names (passed, failed, skipped, timedOut).

/// The version this shardline writes and reads.
inline constexpr std::int64_t history_file_version = 1;

/// Reads a history file. A missing file is an empty history. A file that
/// cannot be read, is not JSON, or whose top level is wrong (version missing
/// or not 1, run or tests of the wrong type) is an Error naming the file and
/// what is wrong: the caller warns and goes on with an empty history.
///
/// Hand edits are tolerated entry by entry: an entry that is not an object or
/// has a field of the wrong type or range is skipped (all its fields, since
/// one wrong field makes the others suspect), and reported in `skipped` when
/// given, its field named like `tests["a::b"].runs`. Missing fields take
/// their defaults, except a missing lastSeenRun, which is the file's run (an
/// entry added by hand is not forgotten at once). Unknown fields are ignored.
Result<History> load_history(const std::filesystem::path& path,
                             std::vector<Error>* skipped = nullptr);

/// Writes the history to `path`, creating its parent folders, atomically: the
/// text goes to a temp file in the same folder, is flushed to disk, and is
/// renamed over `path`, so an interrupted save leaves the old file whole.
/// Two runs saving at once: the last rename wins, neither file is torn. Test
/// ids that are not valid UTF-8 (they cannot come in through JSON) are left
/// out, as JSON cannot hold them. The error names the path and the reason.
std::optional<Error> save_history(const History& history, const std::filesystem::path& path);

} // namespace shardline
