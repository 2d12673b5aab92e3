#pragma once

// The results in a report of Playwright's own JSON reporter
// (`npx playwright test --reporter=json`, a CI run without shardline), for
// seeding the history (`shardline history import`): a team's first
// shardline run is then already balanced.

#include "model/result.hpp"
#include "model/test_result.hpp"

#include <string_view>
#include <vector>

namespace shardline {

/// Every attempt of every test in the report, as TestResults keyed as the
/// listing keys them (runners/playwright_discovery.hpp: the spec's id, with
/// `@project` when the spec runs in several projects): status (passed,
/// failed, timedOut; skipped and interrupted as skipped), duration, attempt
/// (retry + 1), flaky on the last attempt of a test Playwright calls flaky,
/// the file as the report names it and the describe path with the title.
/// Tests without results (not run) are left out. A text that is not such a
/// report is an Error saying what is missing.
Result<std::vector<TestResult>> playwright_report_results(std::string_view json_text);

} // namespace shardline
