#include "runners/junit_report.hpp"

#include "model/xml_text.hpp"

#include <charconv>
#include <cmath>
#include <optional>
#include <variant>

namespace shardline {

namespace {

// What a testcase inherits from the suites around it.
struct SuiteContext {
  std::string name;
  std::string file;
  std::string hostname;
};

std::string attribute_or(const XmlElement& element, std::string_view key,
                         const std::string& otherwise = {}) {
  const auto* value = element.attribute(key);
  return value != nullptr && !value->empty() ? *value : otherwise;
}

std::string_view trimmed(std::string_view text) {
  auto first = text.find_first_not_of(" \t\n");
  if (first == std::string_view::npos)
    return {};
  auto last = text.find_last_not_of(" \t\n");
  return text.substr(first, last - first + 1);
}

std::string first_line(std::string_view text) {
  text = trimmed(text);
  return std::string(trimmed(text.substr(0, text.find('\n'))));
}

// `time` in seconds as milliseconds, or why it cannot be one. Accepted: a
// decimal number with an optional fraction and exponent (`3.16`, `12`,
// `1.5e-3`); not signs, separators, NaN or infinity.
std::variant<std::int64_t, std::string> milliseconds_of(std::string_view text) {
  auto quoted = "time=\"" + std::string(text) + "\"";
  text = trimmed(text);
  if (text.empty())
    return quoted + " is empty";
  if (text.starts_with('-'))
    return quoted + " is negative";
  std::size_t at = 0;
  auto digits = [&] {
    auto start = at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9')
      ++at;
    return at - start;
  };
  auto whole = digits();
  std::size_t fraction = 0;
  if (at < text.size() && text[at] == '.') {
    ++at;
    fraction = digits();
  }
  bool exponent_ok = true;
  if (at < text.size() && (text[at] == 'e' || text[at] == 'E')) {
    ++at;
    if (at < text.size() && (text[at] == '+' || text[at] == '-'))
      ++at;
    exponent_ok = digits() > 0;
  }
  if (whole + fraction == 0 || !exponent_ok || at != text.size())
    return quoted + " is not a number of seconds";
  double seconds = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (error == std::errc::result_out_of_range || !std::isfinite(seconds) ||
      seconds > static_cast<double>(junit_max_seconds))
    return quoted + " is beyond " + std::to_string(junit_max_seconds) + " seconds";
  if (error != std::errc() || end != text.data() + text.size())
    return quoted + " is not a number of seconds";
  return static_cast<std::int64_t>(std::llround(seconds * 1000.0));
}

class Collector {
public:
  JunitReport report;

  void suite(const XmlElement& element, SuiteContext context) {
    context.name = attribute_or(element, "name", context.name);
    context.file = attribute_or(element, "file", context.file);
    context.hostname = attribute_or(element, "hostname", context.hostname);
    for (const auto& child : element.children) {
      if (child.name == "testsuite")
        suite(child, context);
      else if (child.name == "testcase")
        testcase(child, context);
    }
  }

private:
  void leave_out(const XmlElement& element, const std::string& name, const std::string& why) {
    auto line = std::string("line ").append(std::to_string(element.line)).append(": ");
    if (name.empty())
      report.left_out.push_back(line.append("a testcase without a name"));
    else
      report.left_out.push_back(line.append("testcase \"").append(name).append("\": ").append(why));
  }

  void testcase(const XmlElement& element, const SuiteContext& context) {
    auto name = attribute_or(element, "name");
    if (name.empty()) {
      leave_out(element, name, "");
      return;
    }
    TestResult result;
    result.test_name = name;
    result.test_path = attribute_or(
        element, "file",
        context.file.empty() ? attribute_or(element, "classname", context.name) : context.file);
    result.test_id = result.test_path + "::" + name;
    result.project = context.hostname;
    result.attempt = 1;
    bool flaky_retry = false;
    const XmlElement* failure = nullptr;
    const XmlElement* skipped = nullptr;
    for (const auto& child : element.children) {
      if ((child.name == "failure" || child.name == "error") && failure == nullptr)
        failure = &child;
      else if (child.name == "skipped")
        skipped = &child;
      else if (child.name == "flakyFailure" || child.name == "flakyError")
        flaky_retry = true;
      else if (child.name == "properties")
        for (const auto& property : child.children) {
          if (property.name != "property")
            continue;
          auto key = attribute_or(property, "name");
          if (key == "project" && property.attribute("value") != nullptr)
            result.project = *property.attribute("value");
          else if (key == "flaky" && attribute_or(property, "value") == "true")
            result.flaky = true;
        }
    }
    if (failure != nullptr) {
      result.status =
          attribute_or(*failure, "type") == "timedOut" ? TestStatus::timed_out : TestStatus::failed;
      auto message = attribute_or(*failure, "message");
      result.error = message.empty() ? first_line(failure->text) : message;
      if (!trimmed(failure->text).empty())
        result.error_stack = failure->text;
      result.flaky = false;
    } else if (skipped != nullptr) {
      result.status = TestStatus::skipped;
      if (auto reason = attribute_or(*skipped, "message"); !reason.empty())
        result.skip_reason = reason;
      result.flaky = false;
    } else {
      result.status = TestStatus::passed;
      result.flaky = result.flaky || flaky_retry;
    }
    const auto* time = element.attribute("time");
    if (time != nullptr) {
      auto duration = milliseconds_of(*time);
      if (auto* ms = std::get_if<std::int64_t>(&duration)) {
        result.duration_ms = *ms;
      } else if (result.status != TestStatus::skipped) {
        leave_out(element, name, std::get<std::string>(duration) + "; left out");
        return;
      }
    } else if (result.status != TestStatus::skipped) {
      leave_out(element, name, "no time; left out");
      return;
    }
    report.results.push_back(std::move(result));
  }
};

} // namespace

Result<JunitReport> junit_report_results(std::string_view xml_text) {
  auto document = parse_xml(xml_text);
  if (!document)
    return Error{"", "not well-formed XML: " + document.error().message};
  if (document->name != "testsuites" && document->name != "testsuite")
    return Error{"", "not a JUnit report: the root element is <" + document->name +
                         ">, not <testsuites> or <testsuite>"};
  Collector collector;
  collector.suite(*document, {});
  return std::move(collector.report);
}

} // namespace shardline
