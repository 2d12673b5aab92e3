#include "tools/junit_report.hpp"

#include <cstdio>
#include <map>
#include <string_view>
#include <unordered_map>

namespace shardline::cli {

namespace {

// Escapes for attributes and text alike; drops control characters XML 1.0
// does not allow (an ANSI escape left in a message, a NUL from a process).
std::string xml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&apos;";
      break;
    default:
      if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r')
        continue;
      out += c;
    }
  }
  return out;
}

std::string seconds(std::int64_t ms) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", static_cast<double>(ms) / 1000.0);
  return text;
}

std::string name_of(const TestResult& result) {
  return result.test_name.empty() ? result.test_id : result.test_name;
}

struct Suite {
  std::vector<const TestResult*> cases;
  std::map<std::string, int> names; // how many cases of the file bear each name
  int failures = 0;
  int skipped = 0;
  std::int64_t time_ms = 0;
};

} // namespace

std::string junit_report(const std::vector<TestResult>& results) {
  // The final attempt of each test is its verdict; files in order of appearance.
  std::unordered_map<std::string_view, const TestResult*> last;
  for (const auto& result : results)
    last[result.test_id] = &result;
  std::vector<std::string> order;
  std::map<std::string, Suite> suites;
  int failures = 0, skipped = 0, tests = 0;
  std::int64_t time_ms = 0;
  for (const auto& result : results) {
    if (last[result.test_id] != &result)
      continue;
    auto [it, inserted] = suites.try_emplace(result.test_path);
    if (inserted)
      order.push_back(result.test_path);
    auto& suite = it->second;
    suite.cases.push_back(&result);
    ++suite.names[name_of(result)];
    suite.time_ms += result.duration_ms;
    suite.failures += is_failure(result.status) ? 1 : 0;
    suite.skipped += result.status == TestStatus::skipped ? 1 : 0;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  std::string body;
  for (const auto& path : order) {
    const auto& suite = suites[path];
    tests += static_cast<int>(suite.cases.size());
    failures += suite.failures;
    skipped += suite.skipped;
    time_ms += suite.time_ms;
    body += "  <testsuite name=\"" + xml(path) + "\" tests=\"" +
            std::to_string(suite.cases.size()) + "\" failures=\"" + std::to_string(suite.failures) +
            "\" errors=\"0\" skipped=\"" + std::to_string(suite.skipped) + "\" time=\"" +
            seconds(suite.time_ms) + "\">\n";
    for (const auto* result : suite.cases) {
      // The same test in two Playwright projects: the project tells them apart.
      auto name = name_of(*result);
      if (suite.names.at(name) > 1 && !result->project.empty())
        name = "[" + result->project + "] " + name;
      body += "    <testcase classname=\"" + xml(result->test_path) + "\" name=\"" + xml(name) +
              "\" time=\"" + seconds(result->duration_ms) + "\"";
      std::string inner;
      std::string properties;
      auto property = [&](std::string_view key, std::string_view value) {
        properties.append("        <property name=\"")
            .append(xml(key))
            .append("\" value=\"")
            .append(xml(value))
            .append("\"/>\n");
      };
      if (!result->project.empty())
        property("project", result->project);
      if (result->flaky) {
        property("flaky", "true");
        // shardline's hand-overs and the test runner's own tries in the last one.
        property("attempts", std::to_string(result->attempt +
                                            static_cast<int>(result->runner_attempts.size())));
      }
      // As Playwright's own JUnit reporter writes them: the type, the description.
      for (const auto& annotation : result->annotations)
        property(annotation.type, annotation.description.value_or(""));
      if (result->video_unavailable)
        properties.append("        <property name=\"videoUnavailable\" value=\"")
            .append(xml(*result->video_unavailable))
            .append("\"/>\n");
      if (!properties.empty())
        inner.append("      <properties>\n").append(properties).append("      </properties>\n");
      if (is_failure(result->status)) {
        auto message = result->error.value_or(result->status == TestStatus::timed_out ? "timed out"
                                                                                      : "failed");
        inner += "      <failure message=\"" + xml(message) + "\" type=\"" +
                 (result->status == TestStatus::timed_out ? "timedOut" : "failed") + "\">" +
                 xml(result->error_stack.value_or(message)) + "</failure>\n";
      } else if (result->status == TestStatus::skipped) {
        auto reason = result->skip_reason ? result->skip_reason : result->error;
        inner += "      <skipped" + (reason ? " message=\"" + xml(*reason) + "\"" : std::string{}) +
                 "/>\n";
      }
      // Attachments as CI servers read them from the output (Jenkins, GitLab).
      std::string output = result->stdout_tail.value_or("");
      for (const auto& attachment : result->attachments)
        if (attachment.url) {
          if (!output.empty() && output.back() != '\n')
            output += '\n';
          output += "[[ATTACHMENT|" + *attachment.url + "]]\n";
        }
      if (result->stdout_tail || !output.empty())
        inner += "      <system-out>" + xml(output) + "</system-out>\n";
      body += inner.empty() ? "/>\n" : ">\n" + inner + "    </testcase>\n";
    }
    body += "  </testsuite>\n";
  }
  out += "<testsuites name=\"shardline\" tests=\"" + std::to_string(tests) + "\" failures=\"" +
         std::to_string(failures) + "\" errors=\"0\" skipped=\"" + std::to_string(skipped) +
         "\" time=\"" + seconds(time_ms) + "\">\n" + body + "</testsuites>\n";
  return out;
}

} // namespace shardline::cli
