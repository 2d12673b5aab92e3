#pragma once

#include "model/test_file.hpp"
#include "model/test_result.hpp"
#include "model/time.hpp"
#include "runners/output_tail.hpp"
#include "runners/playwright_artifacts.hpp"
#include "runners/playwright_config_overlay.hpp"
#include "runners/playwright_deadline.hpp"
#include "runners/playwright_events.hpp"
#include "runners/playwright_results.hpp"
#include "runners/playwright_video.hpp"
#include "runners/process.hpp"
#include "runners/spawn.hpp"
#include "runners/temporary_directory.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

namespace shardline {

/// Where runners/playwright/jsonl-reporter.cjs is, for a batch that names
/// none: $SHARDLINE_PLAYWRIGHT_REPORTER when set, else what
/// find_playwright_reporter_above finds from the running executable's folder.
/// Empty when there is none.
std::string find_playwright_reporter();

/// The first `runners/playwright/jsonl-reporter.cjs` (a build folder inside
/// the source tree) or `share/shardline/playwright/jsonl-reporter.cjs` (an
/// install, from `<prefix>/bin`) in `folder` or a folder above it; empty when
/// there is none.
std::string find_playwright_reporter_above(std::filesystem::path folder);

/// How a batch runs, beyond the tests.
struct PlaywrightBatchOptions {
  std::string dir;         // the Playwright project: its playwright.config and node_modules
  std::string reporter;    // the JSON-lines reporter; empty: find_playwright_reporter()
  ArtifactStore artifacts; // where attachments go; no root: not kept
  /// A cap on the whole batch; zero: only the deadline PlaywrightDeadline
  /// derives from the tests' own timeouts.
  std::chrono::milliseconds timeout{0};
  std::chrono::milliseconds test_timeout{0};          // Playwright's --timeout; zero: the config's
  std::chrono::milliseconds kill_grace{5000};         // SIGTERM to SIGKILL on timeout or cancel
  std::size_t tail_limit = OutputTail::default_limit; // a test's output; the batch's noise
  EnvironmentVariables environment; // on top of the worker's own; FORCE_COLOR=0 unless set
  /// Appended to `playwright test`, e.g. {"--headed"}. Not for choosing tests
  /// (--grep, --project, files): Playwright would AND them with the batch's
  /// own selection, and the tests they leave out would come back not run.
  std::vector<std::string> extra_args;
  /// serve's project root: `dir` must still lie in it, without a symlink on
  /// its path, when Playwright starts; then Playwright is started by a path
  /// relative to the folder it enters (ProcessSpec::confine_to).
  std::string project_root;
  /// The config's webServer entries run for the whole session elsewhere
  /// (runners/playwright_web_servers.hpp): the batch's config leaves them
  /// out. What they added to the environment comes in `environment`.
  bool without_web_servers = false;
};

/// A requested test that got no verdict: Playwright was killed or crashed
/// before it reported, interrupted it, timed out or was cancelled before it
/// started, or did not find it. Not a failure of the test: run it again.
struct PlaywrightNotRun {
  TestFile test;
  std::string reason; // `the Playwright process was killed by signal 9 (SIGKILL) before ...`
};

/// How a batch ended. Every requested test is in exactly one of `results`
/// and `not_run`.
struct PlaywrightBatchOutcome {
  std::vector<TestResult> results; // in the order the tests ended
  std::vector<PlaywrightNotRun> not_run;
  /// What went wrong beyond single tests: a file that did not load (the
  /// reporter's error events), reporter lines that could not be read, tests
  /// Playwright ran but nobody asked for, attachments that could not be
  /// kept, a process that could not start.
  std::vector<std::string> problems;
  std::string output; // the tail of what was printed besides the reporter's lines
  std::optional<int> exit_code;
  std::optional<int> signal;
  bool timed_out = false;
  bool cancelled = false;
};

/// Runs many tests of one Playwright project in one `playwright test`
/// invocation (one invocation per test costs ~4x the time):
///
///     <dir>/node_modules/.bin/playwright test --reporter=<reporter>
///       --test-list=<tmp>/tests.txt --grep=/<the tests' titles>/
///       --output=<tmp>/output --workers=1 --max-failures=0 [--timeout=<ms>]
///       <extra_args> [--config=<dir>/.shardline-*.overlay.config.ts]
///
/// started as a Process in `dir` (no shell; its own process group), with
/// FORCE_COLOR=0 and SHARDLINE_PLAYWRIGHT_BATCH=<a mark of its own>. The
/// tests are chosen by playwright_test_list and playwright_title_grep. The
/// config's timeouts and retries stand (--timeout only when asked for);
/// the failure limit belongs to shardline. Where Playwright cannot record video
/// (playwright_video_unavailable), the batch runs the project's config
/// through an OverlayConfig with video off, and the results of tests that asked for video
/// say why they have none (TestResult::video_unavailable) instead of failing. The test list is
/// playwright_test_list(); the folder <tmp> is removed when run() returns, after the attachments
/// were copied.
///
/// Each test's result is mapped (to_test_result), its attachments kept
/// (keep_attachments) and handed to `on_result` as soon as the reporter's
/// line for its last try arrives, on the thread in run(), while Playwright
/// goes on with the next test. A try Playwright retries (its configured
/// retries) is kept, and listed in the last one's runner_attempts. Tests
/// without a verdict come back in `not_run`:
/// - the process died (SIGKILL, a crash) or exited before reporting them;
/// - Playwright reported them `interrupted`, or failed because its worker
///   process died (no_verdict_reason);
/// - cancel() or the deadline (PlaywrightDeadline: the tests' own timeouts,
///   generously) came first. On the deadline, the test that was running then
///   is the exception: it is reported timed_out, since it is the likely cause;
/// - Playwright did not find them (a changed title or file).
/// A result is mapped back to the requested TestFile (PlaywrightBatchLedger),
/// so test_id, test_path and test_name are the requested ones.
///
/// When Playwright has ended, every process still marked with the batch's
/// mark is killed, group and all (kill_marked_processes): the config's
/// webServer, which Playwright starts in a group of its own, among them.
/// Each is named in `problems`.
class PlaywrightBatch {
public:
  using ResultCallback = std::function<void(const TestResult&)>;

  PlaywrightBatch(std::vector<TestFile> tests, PlaywrightBatchOptions options);
  PlaywrightBatch(const PlaywrightBatch&) = delete;
  PlaywrightBatch& operator=(const PlaywrightBatch&) = delete;

  /// Blocks until Playwright has ended and every test is accounted for; call
  /// it once, on a thread that may block. `on_result` must not throw.
  PlaywrightBatchOutcome run(const ResultCallback& on_result = {});

  /// Stops the batch: the process group gets SIGTERM, then SIGKILL after the
  /// kill grace; results that arrive from then on are not trusted (killed
  /// workers make tests fail) and those tests come back not run. Safe from
  /// any thread at any time; before run() it makes run() start nothing.
  void cancel();

private:
  ProcessSpec process_spec();
  void on_line(std::string_view line);
  void on_test_end(const PlaywrightTestEnd& end);
  void report_final(std::size_t index, TestResult result);
  void settle_held();
  bool stopping() const;
  void watch_deadline();
  void move_deadline(const std::function<void(PlaywrightDeadline&)>& change);
  void finish(const Result<ProcessOutcome>& process);
  void problem(std::string text);
  std::string unreported_reason(const ProcessOutcome& process) const;

  PlaywrightBatchOptions options_;
  PlaywrightBatchLedger ledger_;
  std::optional<TemporaryDirectory> scratch_;
  std::optional<Error> setup_error_;
  std::optional<OverlayConfig> overlay_;       // video off, web servers left out
  std::optional<std::string> overlay_problem_; // why it could not be written
  // Set by process_spec(), so declared before process_, which it builds.
  std::string mark_; // SHARDLINE_PLAYWRIGHT_BATCH of every process the batch starts
  Process process_;
  std::atomic<bool> cancel_requested_{false};

  // The deadline, moved by the reader thread, watched by watchdog_.
  std::mutex deadline_mutex_;
  std::condition_variable deadline_moved_;
  std::optional<PlaywrightDeadline> deadline_;
  bool watch_over_ = false;
  std::atomic<bool> hung_{false}; // the deadline passed: Playwright was stopped

  // Only touched by the thread in run().
  const ResultCallback* on_result_ = nullptr;
  bool ended_ = false;          // the reporter's end event came
  std::string end_status_;      // its status
  bool saw_no_verdict_ = false; // a test was interrupted, or its worker died
  std::unordered_map<std::size_t, TimePoint> began_at_; // by index in the ledger
  // Tries Playwright may retry, by index: (retry, result), oldest first.
  std::unordered_map<std::size_t, std::vector<std::pair<int, TestResult>>> held_;
  std::vector<std::string> run_errors_;
  OutputTail noise_;
  PlaywrightBatchOutcome outcome_;
};

} // namespace shardline
