#include "store/history_report.hpp"

namespace shardline {

std::optional<HistoryQuestion> parse_history_question(std::string_view text) {
  if (text == "slowest")
    return HistoryQuestion::slowest;
  if (text == "flaky")
    return HistoryQuestion::flaky;
  if (text == "failing")
    return HistoryQuestion::failing;
  return std::nullopt;
}

Result<std::vector<HistoryRow>> history_rows(sqlite::Database& db, HistoryQuestion question,
                                             std::int64_t limit) {
  std::string sql = "SELECT test_id, test_path, test_name, estimated_duration_ms, last_status, "
                    "runs, failures, flaky FROM test_history ";
  switch (question) {
  case HistoryQuestion::slowest:
    sql += "WHERE estimated_duration_ms IS NOT NULL "
           "ORDER BY estimated_duration_ms DESC, test_id";
    break;
  case HistoryQuestion::flaky:
    sql += "WHERE flaky > 0 AND runs > 0 "
           "ORDER BY CAST(flaky AS REAL) / runs DESC, flaky DESC, test_id";
    break;
  case HistoryQuestion::failing:
    sql += "WHERE last_status IN ('failed', 'timedOut') ORDER BY failures DESC, test_id";
    break;
  }
  sql += " LIMIT ?1";
  auto rows = db.prepare(sql);
  if (!rows)
    return rows.error();
  rows->bind(1, limit);
  std::vector<HistoryRow> found;
  while (true) {
    auto row = rows->step();
    if (!row)
      return row.error();
    if (!*row)
      break;
    HistoryRow entry;
    entry.test_id = rows->text(0);
    entry.test_path = rows->optional_text(1).value_or("");
    entry.test_name = rows->optional_text(2).value_or("");
    entry.estimated_duration_ms = rows->optional_integer(3);
    if (auto status = rows->optional_text(4))
      entry.last_status = parse_test_status(*status);
    entry.runs = rows->integer(5);
    entry.failures = rows->integer(6);
    entry.flaky = rows->integer(7);
    found.push_back(std::move(entry));
  }
  return found;
}

} // namespace shardline
