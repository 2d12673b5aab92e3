#include "runners/playwright_report.hpp"

#include "model/json_text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>

namespace shardline {

namespace {

using Json = nlohmann::json;

constexpr std::string_view title_separator = " \u203a ";

std::string text_of(const Json& object, const char* key) {
  auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

std::int64_t number_of(const Json& object, const char* key) {
  auto found = object.find(key);
  return found != object.end() && found->is_number_integer() ? found->get<std::int64_t>() : 0;
}

TestStatus status_of(const std::string& status) {
  if (status == "passed")
    return TestStatus::passed;
  if (status == "failed")
    return TestStatus::failed;
  if (status == "timedOut")
    return TestStatus::timed_out;
  return TestStatus::skipped; // skipped, interrupted
}

void collect(const Json& suite, const std::string& describe_path, const std::string& file,
             std::vector<TestResult>& out) {
  if (auto specs = suite.find("specs"); specs != suite.end() && specs->is_array())
    for (const auto& spec : *specs) {
      if (!spec.is_object())
        continue;
      auto title = describe_path;
      if (!title.empty())
        title += title_separator;
      title += text_of(spec, "title");
      auto spec_file = text_of(spec, "file").empty() ? file : text_of(spec, "file");
      auto tests = spec.find("tests");
      if (tests == spec.end() || !tests->is_array())
        continue;
      std::vector<std::string> projects;
      for (const auto& test : *tests)
        if (test.is_object() && std::find(projects.begin(), projects.end(),
                                          text_of(test, "projectName")) == projects.end())
          projects.push_back(text_of(test, "projectName"));
      for (const auto& test : *tests) {
        if (!test.is_object())
          continue;
        auto project = text_of(test, "projectName");
        auto id = text_of(spec, "id");
        if (projects.size() > 1)
          id += '@' + project;
        auto results = test.find("results");
        if (results == test.end() || !results->is_array())
          continue;
        std::size_t first = out.size();
        for (const auto& result : *results) {
          if (!result.is_object())
            continue;
          TestResult attempt;
          attempt.test_id = id;
          attempt.test_path = spec_file;
          attempt.test_name = title;
          attempt.project = project;
          attempt.status = status_of(text_of(result, "status"));
          attempt.duration_ms = std::max<std::int64_t>(0, number_of(result, "duration"));
          attempt.retry_count =
              static_cast<int>(std::clamp<std::int64_t>(number_of(result, "retry"), 0, 1000));
          attempt.attempt = attempt.retry_count + 1;
          out.push_back(std::move(attempt));
        }
        if (out.size() > first && text_of(test, "status") == "flaky")
          out.back().flaky = true;
      }
    }
  if (auto children = suite.find("suites"); children != suite.end() && children->is_array())
    for (const auto& child : *children) {
      if (!child.is_object())
        continue;
      auto path = describe_path;
      if (!path.empty())
        path += title_separator;
      path += text_of(child, "title");
      collect(child, path, file, out);
    }
}

} // namespace

Result<std::vector<TestResult>> playwright_report_results(std::string_view json_text) {
  auto parsed = parse_json(json_text);
  if (!parsed)
    return Error{"", "not JSON: " + parsed.error().message};
  const auto& report = *parsed;
  auto suites = report.is_object() ? report.find("suites") : report.end();
  if (!report.is_object() || suites == report.end() || !suites->is_array() ||
      !report.contains("config"))
    return Error{"", "not a report of Playwright's JSON reporter (no \"config\" and \"suites\")"};
  std::vector<TestResult> results;
  for (const auto& file_suite : *suites)
    if (file_suite.is_object())
      // The file suite's title is the file, not a describe.
      collect(file_suite, "", text_of(file_suite, "file"), results);
  return results;
}

} // namespace shardline
