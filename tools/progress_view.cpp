#include "tools/progress_view.hpp"

#include "tools/duration_text.hpp"

#include <algorithm>
#include <cstdio>

namespace shardline::cli {

namespace {

constexpr std::size_t bar_width = 24;

std::string first_line(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

} // namespace

std::string progress_text(const ExecutionProgress& progress, std::int64_t flaky,
                          std::int64_t elapsed_ms) {
  auto fraction = progress.total > 0 ? static_cast<double>(progress.completed) /
                                           static_cast<double>(progress.total)
                                     : 1.0;
  auto filled = static_cast<std::size_t>(std::clamp(fraction, 0.0, 1.0) * bar_width);
  std::string bar = "[";
  bar.append(filled, '#').append(bar_width - filled, '.').append("]");
  std::string eta = "--";
  if (progress.completed > 0) {
    auto left = static_cast<double>(elapsed_ms) *
                static_cast<double>(progress.total - progress.completed) /
                static_cast<double>(progress.completed);
    eta = duration_text(static_cast<std::int64_t>(left));
  }
  char text[256];
  std::snprintf(text, sizeof text,
                "%s %5.1f%%  %lld/%lld  passed %lld  failed %lld  skipped %lld  flaky %lld  %s  "
                "ETA %s",
                bar.c_str(), progress.percentage(), static_cast<long long>(progress.completed),
                static_cast<long long>(progress.total), static_cast<long long>(progress.passed),
                static_cast<long long>(progress.failed), static_cast<long long>(progress.skipped),
                static_cast<long long>(flaky), duration_text(elapsed_ms).c_str(), eta.c_str());
  return text;
}

std::string attempt_line(const TestResult& result, const ViewStyle& style) {
  // Built with append: g++ 12 misreads chains of string + (-Wstringop-overflow).
  const char* label = result.flaky                             ? "FLAKY"
                      : result.status == TestStatus::timed_out ? "TIMEOUT"
                                                               : "FAILED";
  std::string line;
  if (style.colour)
    line.append(result.flaky ? "\x1b[33m" : "\x1b[31m").append(label).append("\x1b[0m");
  else
    line.append(label);
  line.append(" ");
  if (result.test_name.empty())
    line.append(result.test_id);
  else
    line.append(result.test_path).append(" › ").append(result.test_name);
  if (!result.flaky && result.error)
    line.append(": ").append(first_line(*result.error));
  line.append(" (").append(result.worker_id).append(", attempt ");
  line.append(std::to_string(result.attempt)).append(")");
  return line;
}

} // namespace shardline::cli
