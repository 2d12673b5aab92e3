#pragma once

#include "model/test_file.hpp"
#include "model/test_result.hpp"
#include "runners/output_tail.hpp"
#include "runners/playwright_events.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace shardline {

/// The `--test-list` file that makes `playwright test` run `tests`: one line
/// `[project] › file:line › describe › title` for each, the way Playwright
/// prints its list. Playwright matches the project, the title path and the
/// file relative to its rootDir (the config's testDir), which a TestFile does
/// not know: its path is relative to the project folder. So each test gets
/// one line per tail of its path (`tests/shop/pay.spec.ts`, `shop/pay.spec.ts`,
/// `pay.spec.ts`); only the one that names the file from rootDir matches it.
/// A test without a project runs in every project. A title that itself holds
/// " › " cannot be told apart from a describe path: such a test is not found
/// and comes back as not run. Titles or paths with a line break are left out.
std::string playwright_test_list(const std::vector<TestFile>& tests);

/// The tests of one batch and which of them Playwright has reported. Pure
/// bookkeeping, no process: it takes events and answers which requested test
/// each is about.
///
/// An event is about a requested test when it carries that test's id (a
/// spec id is the test id of the spec's first project), or else when project,
/// title path (joined with " › ") and file agree, the file compared by tail
/// since the reporter's and the TestFile's paths start from different folders.
/// That second way finds the tests whose ids were made unique as
/// `<specId>@<project>` and tests that did not come from discovery.
class PlaywrightBatchLedger {
public:
  explicit PlaywrightBatchLedger(std::vector<TestFile> tests);

  const std::vector<TestFile>& tests() const { return tests_; }

  /// A test started: remembered as in flight. Returns its index, nullopt
  /// for a test not asked for or already reported.
  std::optional<std::size_t> begin(const PlaywrightTestBegin& begin);

  /// The index of the requested, not yet reported test that `end` is about,
  /// now marked reported; nullopt for a test not asked for or reported before.
  std::optional<std::size_t> claim(const PlaywrightTestEnd& end);

  /// Tests that started and have not ended, in the order they started.
  std::vector<std::size_t> in_flight() const;

  /// Tests not reported yet, in the requested order.
  std::vector<std::size_t> unreported() const;

private:
  std::optional<std::size_t> find(const std::string& id, const std::string& project,
                                  const std::string& file,
                                  const std::vector<std::string>& title_path) const;

  std::vector<TestFile> tests_;
  std::vector<bool> reported_;
  std::vector<std::size_t> started_; // in order, reported or not
  std::unordered_map<std::string, std::size_t> by_id_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_title_; // project + title
};

/// Why a testEnd carries no verdict on its test, which should be run again;
/// nullopt when it does. Playwright reports `interrupted` when it stops
/// early, and `failed` with `worker process exited unexpectedly (code=null,
/// signal=SIGKILL)` when its worker died under the test: the OOM killer or
/// someone's kill, far more often than the test itself.
std::optional<std::string> no_verdict_reason(const PlaywrightTestEnd& end);

/// What a testEnd means for `test`; nullopt when no_verdict_reason says it
/// has none.
/// - skipped: skipped.
/// - the status the test expects (test.fail() expects failed): passed.
/// - passed where a failure was expected: failed, `expected to fail, but passed`.
/// - failed, timedOut: failed, timed_out.
/// error and error_stack come without ANSI colours; stdout_tail is the test's
/// stdout then its stderr, without colours, the last `tail_limit` bytes.
/// started_at is the reporter's startTime, finished_at that plus the duration.
/// Attachments, worker_id, shard_index and attempt are left to the caller.
std::optional<TestResult> to_test_result(const TestFile& test, const PlaywrightTestEnd& end,
                                         std::size_t tail_limit = OutputTail::default_limit);

} // namespace shardline
