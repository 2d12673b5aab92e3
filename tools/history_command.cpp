#include "tools/history_command.hpp"

#include "runners/playwright_report.hpp"
#include "store/history_db.hpp"
#include "store/history_report.hpp"
#include "store/store_file.hpp"
#include "tools/duration_text.hpp"
#include "tools/exit_code.hpp"
#include "tools/input_file.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <ostream>
#include <set>
#include <system_error>

namespace shardline::cli {

namespace {

constexpr std::int64_t max_limit = 100'000;

std::string name_of(const HistoryRow& row) {
  if (row.test_path.empty() && row.test_name.empty())
    return row.test_id;
  return row.test_path + " \u203a " + row.test_name;
}

nlohmann::json encode(const HistoryRow& row) {
  nlohmann::json json;
  json["testId"] = row.test_id;
  json["testPath"] = row.test_path;
  json["testName"] = row.test_name;
  json["estimatedDurationMs"] =
      row.estimated_duration_ms ? nlohmann::json(*row.estimated_duration_ms) : nlohmann::json();
  json["lastStatus"] =
      row.last_status ? nlohmann::json(std::string(to_string(*row.last_status))) : nlohmann::json();
  json["runs"] = row.runs;
  json["failures"] = row.failures;
  json["flaky"] = row.flaky;
  json["flakyRate"] = row.flaky_rate();
  return json;
}

void print_table(const std::vector<HistoryRow>& rows, HistoryQuestion question, std::ostream& out) {
  if (rows.empty()) {
    out << (question == HistoryQuestion::slowest ? "no test has a duration yet\n"
            : question == HistoryQuestion::flaky ? "no flaky test\n"
                                                 : "no test is failing\n");
    return;
  }
  out << "  estimate   runs  failed  flaky   last      test\n";
  for (const auto& row : rows) {
    char line[96];
    std::snprintf(line, sizeof line, "  %8s  %5lld  %6lld  %5lld   %-8s  ",
                  row.estimated_duration_ms ? duration_text(*row.estimated_duration_ms).c_str()
                                            : "-",
                  static_cast<long long>(row.runs), static_cast<long long>(row.failures),
                  static_cast<long long>(row.flaky),
                  row.last_status ? std::string(to_string(*row.last_status)).c_str() : "-");
    out << line << name_of(row) << '\n';
  }
}

int import_report(const HistoryOptions& options, std::ostream& out, std::ostream& err) {
  auto fail = [&](const std::string& what) {
    err << "shardline history import: " << what << '\n';
    return exit_usage;
  };
  if (options.file.empty())
    return fail("name the report to import: shardline history import report.json");
  auto text = read_input(options.file);
  if (!text)
    return fail(text.error().to_string());
  auto results = playwright_report_results(*text);
  if (!results)
    return fail(options.file + ": " + results.error().message);
  if (results->empty())
    return fail(options.file + ": the report has no test that ran");
  auto db = open_store(options.db);
  if (!db)
    return fail(db.error().to_string());
  if (auto recorded = record_history(*db, *results); !recorded)
    return fail(recorded.error().to_string());
  std::set<std::string> tests;
  for (const auto& result : *results)
    tests.insert(result.test_id);
  out << "imported " << results->size() << " attempts of " << tests.size() << " tests from "
      << options.file << " into " << options.db << " as one run\n";
  return exit_ok;
}

} // namespace

int run_history(const HistoryOptions& options, std::ostream& out, std::ostream& err) {
  auto fail = [&](const std::string& what) {
    err << "shardline history: " << what << '\n';
    return exit_usage;
  };
  if (options.question == "import")
    return import_report(options, out, err);
  auto question = parse_history_question(options.question);
  if (!question)
    return fail("unknown question \"" + options.question +
                "\"; allowed: slowest, flaky, failing, import");
  if (options.limit < 1 || options.limit > max_limit)
    return fail("--limit: " + std::to_string(options.limit) + " is out of range; allowed: 1 to " +
                std::to_string(max_limit));
  auto db = open_existing_store(options.db);
  if (!db)
    return fail(db.error().to_string());
  auto rows = history_rows(*db, *question, options.limit);
  if (!rows)
    return fail(rows.error().to_string());
  if (options.json) {
    auto json = nlohmann::json::array();
    for (const auto& row : *rows)
      json.push_back(encode(row));
    out << json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  } else {
    print_table(*rows, *question, out);
  }
  return exit_ok;
}

} // namespace shardline::cli
