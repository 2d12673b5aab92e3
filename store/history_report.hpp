#pragma once

// What the history says about the tests, for people: the slowest, the
// flakiest, the ones failing now (`shardline history`).

#include "model/result.hpp"
#include "model/test_status.hpp"
#include "store/sqlite.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shardline {

/// Which tests, in which order.
enum class HistoryQuestion {
  slowest, // by duration estimate, longest first
  flaky,   // tests that passed after a failed attempt, by their share of runs
  failing, // tests whose last verdict failed or timed out, most failures first
};

std::optional<HistoryQuestion> parse_history_question(std::string_view text);

/// One test as the history knows it.
struct HistoryRow {
  std::string test_id;
  std::string test_path; // as last reported; empty for history older than these columns
  std::string test_name;
  std::optional<std::int64_t> estimated_duration_ms;
  std::optional<TestStatus> last_status;
  std::int64_t runs = 0;
  std::int64_t failures = 0;
  std::int64_t flaky = 0;

  /// flaky / runs, 0 without runs.
  double flaky_rate() const { return runs > 0 ? static_cast<double>(flaky) / runs : 0.0; }
};

/// The first `limit` tests that answer `question`, in its order (ties by id).
Result<std::vector<HistoryRow>> history_rows(sqlite::Database& db, HistoryQuestion question,
                                             std::int64_t limit);

} // namespace shardline
