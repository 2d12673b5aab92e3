#include "tools/history_command.hpp"

#include "runners/junit_matching.hpp"
#include "runners/junit_report.hpp"
#include "runners/playwright_report.hpp"
#include "store/history_db.hpp"
#include "store/history_report.hpp"
#include "store/store_file.hpp"
#include "tools/duration_text.hpp"
#include "tools/exit_code.hpp"
#include "tools/input_file.hpp"
#include "tools/suite_source.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <optional>
#include <ostream>
#include <set>
#include <string_view>
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

// The database the options name: --db, else shardline.db in --dir (or
// here), where `shardline run --dir` keeps it.
std::string database_of(const HistoryOptions& options) {
  if (!options.db.empty())
    return options.db;
  return options.dir.empty() ? std::string("shardline.db")
                             : (std::filesystem::path(options.dir) / "shardline.db").string();
}

enum class ReportFormat { playwright_json, junit_xml, unknown };

// Told by the first character that is not whitespace (after a byte order mark).
ReportFormat format_of(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF"))
    text.remove_prefix(3);
  auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos)
    return ReportFormat::unknown;
  if (text[first] == '{')
    return ReportFormat::playwright_json;
  if (text[first] == '<')
    return ReportFormat::junit_xml;
  return ReportFormat::unknown;
}

// A warning with up to a few of its items, then how many more. `one` and
// `many` say what they are, for one item and for more.
void warn_each(std::ostream& err, const std::vector<std::string>& items, const std::string& one,
               const std::string& many) {
  constexpr std::size_t shown = 5;
  if (items.empty())
    return;
  err << "shardline history import: warning: " << items.size() << ' '
      << (items.size() == 1 ? one : many) << ":\n";
  for (std::size_t i = 0; i < items.size() && i < shown; ++i)
    err << "  " << items[i] << '\n';
  if (items.size() > shown)
    err << "  and " << items.size() - shown << " more\n";
}

class Import {
public:
  Import(const HistoryOptions& options, std::ostream& out, std::ostream& err)
      : options_(options), out_(out), err_(err), db_file_(database_of(options)) {}

  int run() {
    if (options_.file.empty())
      return fail("name the report to import: shardline history import report.json "
                  "(Playwright's JSON reporter) or junit.xml (JUnit XML)");
    auto text = read_input(options_.file);
    if (!text)
      return fail(text.error().to_string());
    switch (format_of(*text)) {
    case ReportFormat::playwright_json:
      return playwright_json(*text);
    case ReportFormat::junit_xml:
      return junit_xml(*text);
    case ReportFormat::unknown:
      break;
    }
    return fail(options_.file + ": neither a Playwright JSON report (which starts with {) nor "
                                "JUnit XML (which starts with <)");
  }

private:
  int fail(const std::string& what) {
    err_ << "shardline history import: " << what << '\n';
    return exit_usage;
  }

  int playwright_json(std::string_view text) {
    if (!options_.tests_file.empty() || !options_.projects.empty())
      return fail("--tests and --project are for a JUnit report, which names tests by file and "
                  "name; " +
                  options_.file + " is a Playwright JSON report, which carries their ids");
    auto results = playwright_report_results(text);
    if (!results)
      return fail(options_.file + ": " + results.error().message);
    if (results->empty())
      return fail(options_.file + ": the report has no test that ran");
    if (auto error = record(*results))
      return fail(*error);
    std::set<std::string> tests;
    for (const auto& result : *results)
      tests.insert(result.test_id);
    out_ << "imported " << results->size() << " attempts of " << tests.size() << " tests from "
         << options_.file << " into " << db_file_ << " as one run\n";
    return exit_ok;
  }

  int junit_xml(std::string_view text) {
    const auto& file = options_.file;
    auto report = junit_report_results(text);
    if (!report)
      return fail(file + ": " + report.error().message);
    warn_each(err_, report->left_out, "testcase of " + file + " is left out",
              "testcases of " + file + " are left out");
    if (report->results.empty())
      return fail(file + ": the report has no testcase to import");
    // A JUnit report has no ids: its testcases take those of the tests
    // shardline lists for the same suite (runners/junit_matching.hpp).
    auto suite = options_.tests_file.empty()
                     ? "the Playwright project in " + (options_.dir.empty() ? "." : options_.dir)
                     : options_.tests_file;
    auto listed = load_suite({options_.tests_file, options_.dir, "", options_.projects});
    if (!listed)
      return fail("a JUnit report names tests by file and name, so they are keyed as shardline "
                  "lists " +
                  suite + " (--dir, or --tests for a suite file); listing it failed: " +
                  listed.error().to_string());
    auto match = match_listed_tests(report->results, *listed);
    warn_each(err_, match.unmatched, "testcase of " + file + " is no test of " + suite,
              "testcases of " + file + " are no tests of " + suite);
    warn_each(err_, match.ambiguous,
              "testcase of " + file + " fits tests in several files and is left out",
              "testcases of " + file + " fit tests in several files and are left out");
    if (match.results.empty())
      return fail(file + ": none of its " + std::to_string(report->results.size()) +
                  " testcases is a test of " + suite +
                  "; name the project with --dir or the suite with --tests");
    if (auto error = record(match.results))
      return fail(*error);
    out_ << "imported " << report->results.size() - match.unmatched.size() - match.ambiguous.size()
         << " testcases from " << file << " into " << db_file_ << " as one run: " << match.tests
         << " of the " << listed->size() << " tests of " << suite << '\n';
    return exit_ok;
  }

  std::optional<std::string> record(const std::vector<TestResult>& results) {
    auto db = open_store(db_file_);
    if (!db)
      return db.error().to_string();
    if (auto recorded = record_history(*db, results); !recorded)
      return recorded.error().to_string();
    return std::nullopt;
  }

  const HistoryOptions& options_;
  std::ostream& out_;
  std::ostream& err_;
  std::string db_file_;
};

} // namespace

int run_history(const HistoryOptions& options, std::ostream& out, std::ostream& err) {
  auto fail = [&](const std::string& what) {
    err << "shardline history: " << what << '\n';
    return exit_usage;
  };
  if (options.question == "import")
    return Import(options, out, err).run();
  if (!options.tests_file.empty() || !options.projects.empty())
    return fail("--tests and --project are for import (of a JUnit report)");
  auto question = parse_history_question(options.question);
  if (!question)
    return fail("unknown question \"" + options.question +
                "\"; allowed: slowest, flaky, failing, import");
  if (options.limit < 1 || options.limit > max_limit)
    return fail("--limit: " + std::to_string(options.limit) + " is out of range; allowed: 1 to " +
                std::to_string(max_limit));
  auto db = open_existing_store(database_of(options));
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
