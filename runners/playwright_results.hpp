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

/// How a batch selects exactly its tests. `--test-list` alone cannot: it
/// splits each line at " › ", so a title that itself holds " › " (`a › b`)
/// matches nothing, and it cannot tell a describe boundary from such a title.
/// So the list names only the files (`[project] › file:0`, once per tail of
/// the path: `tests/shop/pay.spec.ts`, `shop/pay.spec.ts`, `pay.spec.ts`,
/// since Playwright names the file from its rootDir and a TestFile from the
/// project folder; only the right one matches), which also keeps Playwright
/// from loading other files, and playwright_title_grep() picks the tests in
/// them. A test without a project runs in every project. Tests whose title,
/// path or project holds a line break are left out (they come back not run).
std::string playwright_test_list(const std::vector<TestFile>& tests);

/// Why a test cannot be selected at all (`cannot be selected: ...`), nullopt
/// when it can.
std::optional<std::string> playwright_unselectable_reason(const TestFile& test);

/// The `--grep` that, within the files of playwright_test_list, matches
/// exactly `tests`: Playwright matches it against the project, the file, each
/// describe title and the test's title joined by spaces, each title followed
/// by its tags. For each test an anchored alternative ` (file tails) title
/// parts$`, where each " › " of its title matches either a describe boundary
/// (tags, a space) or a " › " inside a title. In `/.../` form: case-sensitive.
/// Empty when no test can be selected. Two tests it cannot tell apart (a test
/// `D a` beside a test `a` in a describe `D`, in one file and project) both
/// run: the one not asked for is reported as such.
std::string playwright_title_grep(const std::vector<TestFile>& tests);

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

  /// The index of the requested, not yet reported test that `end` is about;
  /// nullopt for a test not asked for or reported before. Marks nothing: an
  /// end Playwright will retry is not the test's last.
  std::optional<std::size_t> locate(const PlaywrightTestEnd& end) const;

  /// The index of the requested, not yet reported test that `end` is about,
  /// now marked reported; nullopt for a test not asked for or reported before.
  std::optional<std::size_t> claim(const PlaywrightTestEnd& end);

  /// Marks a test reported whose last end was located, not claimed.
  void mark_reported(std::size_t index) { reported_.at(index) = true; }

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
/// project is the requested test's (else the reported one), annotations as
/// reported, skip_reason the description of a skipped test's skip or fixme
/// annotation. Attachments, worker_id, shard_index and attempt are left to
/// the caller.
std::optional<TestResult> to_test_result(const TestFile& test, const PlaywrightTestEnd& end,
                                         std::size_t tail_limit = OutputTail::default_limit);

/// A try Playwright made before its last one (retry index `retry`), as the
/// last one's TestResult lists it.
RunnerAttempt to_runner_attempt(const TestResult& result, int retry);

} // namespace shardline
