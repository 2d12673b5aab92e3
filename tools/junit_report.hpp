#pragma once

#include "model/test_result.hpp"

#include <string>
#include <vector>

namespace shardline::cli {

/// JUnit XML as CI systems read it: a <testsuite> per test file, a <testcase>
/// per test (its final attempt) with classname (the file), name (the title)
/// and time in seconds; <failure message=...> with the stack as text for a
/// failed or timed-out test, <skipped/> for a skipped one, and a passed test
/// that needed retries carries <property name="flaky" value="true"/> and its
/// attempt count. Text is escaped, and characters XML 1.0 forbids are dropped.
std::string junit_report(const std::vector<TestResult>& results);

} // namespace shardline::cli
