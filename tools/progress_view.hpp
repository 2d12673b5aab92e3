#pragma once

#include "model/execution_session.hpp"
#include "model/test_result.hpp"

#include <cstdint>
#include <string>

namespace shardline::cli {

/// How the live view may draw: a terminal gets a bar redrawn in place, a log
/// (CI) gets plain lines; colour only on a terminal and without NO_COLOR.
struct ViewStyle {
  bool terminal = false;
  bool colour = false;
};

/// `[#########...........]  45.0%  9/20  ✓8 ✗1 ↷0 ~0  12.3s  ETA 15.0s` in
/// ASCII: passed, failed, skipped and flaky counts, elapsed and estimated
/// time left (from the pace so far; `--` before the first result).
std::string progress_text(const ExecutionProgress& progress, std::int64_t flaky,
                          std::int64_t elapsed_ms);

/// One line for a failed, timed-out or flaky attempt as it happens, e.g.
/// `FAILED auth/login.spec.ts › logs in: expected 2 (w-1, attempt 1)`.
std::string attempt_line(const TestResult& result, const ViewStyle& style);

} // namespace shardline::cli
