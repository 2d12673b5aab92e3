#pragma once

#include "model/result.hpp"
#include "model/time.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace shardline {

// The events of runners/playwright/jsonl-reporter.cjs, one JSON object a line
// on the output of `playwright test`, each line starting with this prefix so
// it stands out from whatever the tests, Playwright or node print.
inline constexpr std::string_view playwright_event_prefix = "@shardline ";

/// {"event":"configure","setupTimeout":MS}: the config is loaded; its web
/// servers and global setup come next, which may take `setup_timeout_ms`.
struct PlaywrightConfigure {
  std::int64_t setup_timeout_ms = 0;
};

/// {"event":"begin","total":N,"timeBudget":MS}: the run starts with N tests,
/// which by their own timeouts may take at most `time_budget_ms` (each test's
/// timeout x 3 for test.slow() x its tries); nullopt: some test has none.
struct PlaywrightBegin {
  std::int64_t total = 0;
  std::optional<std::int64_t> time_budget_ms;
};

/// {"event":"testBegin",...}: a test starts.
struct PlaywrightTestBegin {
  std::string id; // Playwright's test id: one per test and project
  std::string file;
  std::int64_t line = 0;
  std::vector<std::string> title_path; // describe titles, then the test's
  std::string project;
  int retry = 0;
  std::int64_t timeout_ms = 0; // as listed (config, project, describe); 0: none
};

struct PlaywrightError {
  std::string message; // as Playwright wrote it: with ANSI colours
  std::string stack;
};

struct PlaywrightAttachment {
  std::string name;
  std::string content_type;
  std::string path; // absolute; empty for an attachment made with an inline body
};

struct PlaywrightAnnotation {
  std::string type; // skip, fixme, slow, fail, issue, or the test's own
  std::optional<std::string> description;
};

/// {"event":"testEnd",...}: a test's result.
struct PlaywrightTestEnd {
  std::string id;
  std::string file; // relative, forward slashes
  std::int64_t line = 0;
  std::int64_t column = 0;
  std::vector<std::string> title_path;
  std::string title;
  std::vector<std::string> tags; // with the '@'
  std::string project;
  std::string status;          // passed, failed, timedOut, skipped, interrupted
  std::string expected_status; // what the test declares (test.fail(): failed)
  std::int64_t duration_ms = 0;
  int retry = 0;
  bool will_retry = false;     // Playwright runs the test again after this result
  std::int64_t timeout_ms = 0; // the test's timeout at its end (test.setTimeout, test.slow())
  std::optional<PlaywrightError> error;
  std::string stdout_text;
  std::string stderr_text;
  std::vector<PlaywrightAttachment> attachments;
  std::vector<PlaywrightAnnotation> annotations;
  std::optional<TimePoint> start_time;
  std::string video_unavailable; // why the video the test asked for was not recorded
};

/// {"event":"error",...}: an error outside any test (global setup, a file
/// that does not load).
struct PlaywrightRunError {
  PlaywrightError error;
};

/// {"event":"end","status":...}: the run is over (passed, failed, timedout,
/// interrupted).
struct PlaywrightEnd {
  std::string status;
};

using PlaywrightEvent = std::variant<PlaywrightConfigure, PlaywrightBegin, PlaywrightTestBegin,
                                     PlaywrightTestEnd, PlaywrightRunError, PlaywrightEnd>;

/// One line of a batch's output. nullopt when it is not a reporter line.
/// Text before the prefix is ignored: it is output of another process that
/// had not ended its line when the reporter wrote. A reporter line that is
/// not a JSON object, names an unknown event, or lacks what a testEnd needs
/// (`id`, `status`) is an Error; fields of the wrong type otherwise count as
/// absent, so an older or newer reporter still gets its results through.
std::optional<Result<PlaywrightEvent>> parse_playwright_event(std::string_view line);

} // namespace shardline
