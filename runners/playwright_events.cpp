#include "runners/playwright_events.hpp"

#include "model/json_text.hpp"

#include <nlohmann/json.hpp>

#include <limits>

namespace shardline {

namespace {

using Json = nlohmann::json;

std::string text_of(const Json& object, const char* key) {
  auto found = object.find(key);
  if (found == object.end())
    return {};
  if (found->is_string())
    return found->get<std::string>();
  // Playwright keeps a test's output as chunks; accept them as a list too.
  if (found->is_array()) {
    std::string joined;
    for (const auto& chunk : *found)
      if (chunk.is_string())
        joined += chunk.get<std::string>();
      else if (chunk.is_object())
        joined += text_of(chunk, "text");
    return joined;
  }
  return {};
}

std::int64_t integer_of(const Json& object, const char* key) {
  auto found = object.find(key);
  if (found == object.end() || !found->is_number())
    return 0;
  // Durations arrive as fractions of a millisecond in some versions.
  auto value = found->get<double>();
  if (!(value >= static_cast<double>(std::numeric_limits<std::int64_t>::min()) &&
        value <= static_cast<double>(std::numeric_limits<std::int64_t>::max())))
    return 0;
  return static_cast<std::int64_t>(value);
}

int small_integer_of(const Json& object, const char* key) {
  auto value = integer_of(object, key);
  if (value < 0 || value > std::numeric_limits<int>::max())
    return 0;
  return static_cast<int>(value);
}

std::vector<std::string> texts_of(const Json& object, const char* key) {
  std::vector<std::string> texts;
  auto found = object.find(key);
  if (found == object.end() || !found->is_array())
    return texts;
  for (const auto& item : *found)
    if (item.is_string())
      texts.push_back(item.get<std::string>());
  return texts;
}

std::optional<PlaywrightError> error_of(const Json& object, const char* key) {
  auto found = object.find(key);
  if (found == object.end() || !found->is_object())
    return std::nullopt;
  return PlaywrightError{text_of(*found, "message"), text_of(*found, "stack")};
}

std::vector<PlaywrightAttachment> attachments_of(const Json& object) {
  std::vector<PlaywrightAttachment> attachments;
  auto found = object.find("attachments");
  if (found == object.end() || !found->is_array())
    return attachments;
  for (const auto& item : *found)
    if (item.is_object())
      attachments.push_back(
          {text_of(item, "name"), text_of(item, "contentType"), text_of(item, "path")});
  return attachments;
}

std::vector<PlaywrightAnnotation> annotations_of(const Json& object) {
  std::vector<PlaywrightAnnotation> annotations;
  auto found = object.find("annotations");
  if (found == object.end() || !found->is_array())
    return annotations;
  for (const auto& item : *found) {
    if (!item.is_object())
      continue;
    PlaywrightAnnotation annotation{text_of(item, "type"), std::nullopt};
    if (auto description = item.find("description");
        description != item.end() && description->is_string())
      annotation.description = description->get<std::string>();
    annotations.push_back(std::move(annotation));
  }
  return annotations;
}

bool flag_of(const Json& object, const char* key) {
  auto found = object.find(key);
  return found != object.end() && found->is_boolean() && found->get<bool>();
}

Result<PlaywrightEvent> test_end_of(const Json& object) {
  PlaywrightTestEnd end;
  end.id = text_of(object, "id");
  end.status = text_of(object, "status");
  if (end.id.empty())
    return Error{"id", "a testEnd event needs the test's id"};
  if (end.status.empty())
    return Error{"status", "a testEnd event needs the test's status"};
  end.file = text_of(object, "file");
  end.line = integer_of(object, "line");
  end.column = integer_of(object, "column");
  end.title_path = texts_of(object, "titlePath");
  end.title = text_of(object, "title");
  end.tags = texts_of(object, "tags");
  end.project = text_of(object, "project");
  end.expected_status = text_of(object, "expectedStatus");
  end.duration_ms = integer_of(object, "duration");
  end.retry = small_integer_of(object, "retry");
  end.will_retry = flag_of(object, "willRetry");
  end.timeout_ms = integer_of(object, "timeout");
  end.error = error_of(object, "error");
  end.stdout_text = text_of(object, "stdout");
  end.stderr_text = text_of(object, "stderr");
  end.attachments = attachments_of(object);
  end.annotations = annotations_of(object);
  end.start_time = parse_time(text_of(object, "startTime"));
  end.video_unavailable = text_of(object, "videoUnavailable");
  return PlaywrightEvent{std::move(end)};
}

Result<PlaywrightEvent> event_of(const Json& object) {
  auto name = text_of(object, "event");
  if (name == "testEnd")
    return test_end_of(object);
  if (name == "testBegin")
    return PlaywrightEvent{PlaywrightTestBegin{
        text_of(object, "id"), text_of(object, "file"), integer_of(object, "line"),
        texts_of(object, "titlePath"), text_of(object, "project"),
        small_integer_of(object, "retry"), integer_of(object, "timeout")}};
  if (name == "configure")
    return PlaywrightEvent{PlaywrightConfigure{integer_of(object, "setupTimeout")}};
  if (name == "begin") {
    PlaywrightBegin begin{integer_of(object, "total"), std::nullopt};
    if (auto budget = object.find("timeBudget"); budget != object.end() && budget->is_number())
      begin.time_budget_ms = integer_of(object, "timeBudget");
    return PlaywrightEvent{begin};
  }
  if (name == "error")
    return PlaywrightEvent{
        PlaywrightRunError{{text_of(object, "message"), text_of(object, "stack")}}};
  if (name == "end")
    return PlaywrightEvent{PlaywrightEnd{text_of(object, "status")}};
  if (name.empty())
    return Error{"event", "a reporter line needs an event name"};
  return Error{"event", "unknown event \"" + name + "\""};
}

} // namespace

std::optional<Result<PlaywrightEvent>> parse_playwright_event(std::string_view line) {
  auto prefix = line.find(playwright_event_prefix);
  if (prefix == std::string_view::npos)
    return std::nullopt;
  auto parsed = parse_json(line.substr(prefix + playwright_event_prefix.size()));
  if (!parsed)
    return Result<PlaywrightEvent>(parsed.error());
  if (!parsed->is_object())
    return Result<PlaywrightEvent>(Error{"", "a reporter line must hold a JSON object"});
  return event_of(*parsed);
}

} // namespace shardline
