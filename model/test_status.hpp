#pragma once

#include <optional>
#include <string_view>

namespace shardline {

/// The outcome of one attempt of one test. `timed_out` counts as a failure
/// everywhere a pass/fail decision is made.
enum class TestStatus { passed, failed, skipped, timed_out };

/// Wire names: `passed`, `failed`, `skipped`, `timedOut`.
std::string_view to_string(TestStatus status);
std::optional<TestStatus> parse_test_status(std::string_view text);

/// True for `failed` and `timed_out`.
constexpr bool is_failure(TestStatus status) {
  return status == TestStatus::failed || status == TestStatus::timed_out;
}

} // namespace shardline
