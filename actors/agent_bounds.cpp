#include "actors/agent_bounds.hpp"

#include "runners/playwright_artifacts.hpp"

#include <algorithm>
#include <cctype>

namespace shardline::agent_bounds {

namespace {

bool is_continuation(char byte) {
  return (static_cast<unsigned char>(byte) & 0xC0) == 0x80;
}

// The first `limit` bytes, cut before a UTF-8 character that would not fit.
void keep_head(std::string& text, std::size_t limit) {
  if (text.size() <= limit)
    return;
  auto end = limit;
  while (end > 0 && is_continuation(text[end]))
    --end;
  text.resize(end);
}

// The last `limit` bytes, starting at a whole UTF-8 character.
void keep_tail(std::string& text, std::size_t limit) {
  if (text.size() <= limit)
    return;
  auto start = text.size() - limit;
  while (start < text.size() && is_continuation(text[start]))
    ++start;
  text.erase(0, start);
}

bool plain(std::string_view url) {
  return std::none_of(url.begin(), url.end(), [](char c) {
    auto byte = static_cast<unsigned char>(c);
    return byte <= 0x20 || byte == 0x7F || c == '\\';
  });
}

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) ==
                  std::tolower(static_cast<unsigned char>(b));
         });
}

std::string bytes_text(std::size_t bytes) {
  return bytes % 1024 == 0 ? std::to_string(bytes / 1024) + " KiB"
                           : std::to_string(bytes) + " bytes";
}

std::optional<Error> too_long(const std::string& field, std::size_t limit) {
  return Error{field, "is longer than " + bytes_text(limit) + "; allowed: at most " +
                          std::to_string(limit) + " bytes"};
}

std::optional<Error> text_within(const std::string& text, std::size_t limit,
                                 const std::string& field) {
  return text.size() > limit ? too_long(field, limit) : std::nullopt;
}

std::optional<Error> text_within(const std::optional<std::string>& text, std::size_t limit,
                                 const std::string& field) {
  return text ? text_within(*text, limit, field) : std::nullopt;
}

std::optional<Error> count_within(std::size_t count, std::size_t limit, const std::string& field) {
  if (count <= limit)
    return std::nullopt;
  return Error{field, "has " + std::to_string(count) + " entries; allowed: at most " +
                          std::to_string(limit)};
}

std::optional<Error> url_allowed(const std::optional<std::string>& url, std::string_view session_id,
                                 const std::string& field) {
  if (!url)
    return std::nullopt;
  if (auto error = text_within(*url, url_bytes, field))
    return error;
  if (allowed_result_url(*url, session_id))
    return std::nullopt;
  return Error{field, "must be an artifact of this session (/api/artifacts/" +
                          std::string(session_id) + "/...) or an http(s) URL"};
}

std::optional<Error> attachments_within(std::vector<ResultAttachment>& attachments,
                                        std::string_view session_id, const std::string& at) {
  if (auto error = count_within(attachments.size(), list_entries, at))
    return error;
  for (std::size_t i = 0; i < attachments.size(); ++i) {
    auto field = at + "[" + std::to_string(i) + "]";
    const auto& attachment = attachments[i];
    if (auto error = text_within(attachment.name, name_bytes, field + ".name"))
      return error;
    if (auto error = text_within(attachment.content_type, name_bytes, field + ".contentType"))
      return error;
    if (auto error = url_allowed(attachment.url, session_id, field + ".url"))
      return error;
  }
  return std::nullopt;
}

} // namespace

bool allowed_http_url(std::string_view url) {
  if (!plain(url))
    return false;
  for (std::string_view scheme : {"http://", "https://"})
    if (starts_with_nocase(url, scheme) && url.size() > scheme.size())
      return true;
  return false;
}

bool allowed_result_url(std::string_view url, std::string_view session_id) {
  if (allowed_http_url(url))
    return true;
  std::string prefix{artifact_url_prefix};
  prefix.append(session_id).append("/");
  return !session_id.empty() && plain(url) && url.size() > prefix.size() &&
         url.substr(0, prefix.size()) == prefix;
}

std::optional<Error> bound_result(TestResult& result, std::string_view session_id,
                                  const std::string& at) {
  if (result.stdout_tail)
    keep_tail(*result.stdout_tail, output_tail_bytes);
  auto cut_error = [](std::optional<std::string>& error, std::optional<std::string>& stack) {
    if (error)
      keep_head(*error, error_bytes);
    if (stack)
      keep_head(*stack, error_stack_bytes);
  };
  cut_error(result.error, result.error_stack);
  for (auto& attempt : result.runner_attempts)
    cut_error(attempt.error, attempt.error_stack);

  for (auto [text, name] :
       {std::pair{&result.test_id, "testId"}, std::pair{&result.test_path, "testPath"},
        std::pair{&result.test_name, "testName"}, std::pair{&result.worker_id, "workerId"},
        std::pair{&result.project, "project"}})
    if (auto error = text_within(*text, text_bytes, at + "." + name))
      return error;
  if (auto error = text_within(result.skip_reason, text_bytes, at + ".skipReason"))
    return error;
  if (auto error = text_within(result.video_unavailable, text_bytes, at + ".videoUnavailable"))
    return error;

  if (auto error = count_within(result.screenshots.size(), list_entries, at + ".screenshots"))
    return error;
  for (std::size_t i = 0; i < result.screenshots.size(); ++i)
    if (auto error = url_allowed(result.screenshots[i], session_id,
                                 at + ".screenshots[" + std::to_string(i) + "]"))
      return error;
  if (auto error = url_allowed(result.trace_url, session_id, at + ".traceUrl"))
    return error;
  if (auto error = url_allowed(result.video_url, session_id, at + ".videoUrl"))
    return error;
  if (auto error = attachments_within(result.attachments, session_id, at + ".attachments"))
    return error;

  if (auto error = count_within(result.annotations.size(), list_entries, at + ".annotations"))
    return error;
  for (std::size_t i = 0; i < result.annotations.size(); ++i) {
    auto field = at + ".annotations[" + std::to_string(i) + "]";
    if (auto error = text_within(result.annotations[i].type, name_bytes, field + ".type"))
      return error;
    if (auto error =
            text_within(result.annotations[i].description, text_bytes, field + ".description"))
      return error;
  }

  if (auto error =
          count_within(result.runner_attempts.size(), runner_attempts, at + ".runnerAttempts"))
    return error;
  for (std::size_t i = 0; i < result.runner_attempts.size(); ++i)
    if (auto error =
            attachments_within(result.runner_attempts[i].attachments, session_id,
                               at + ".runnerAttempts[" + std::to_string(i) + "].attachments"))
      return error;
  return std::nullopt;
}

std::optional<Error> check_profile(const WorkerProfile& profile) {
  if (auto error = text_within(profile.name, worker_name_bytes, "name"))
    return error;
  if (auto error = text_within(profile.host, host_bytes, "host"))
    return error;
  if (profile.vnc_url) {
    if (auto error = text_within(*profile.vnc_url, url_bytes, "vncUrl"))
      return error;
    if (!allowed_http_url(*profile.vnc_url))
      return Error{"vncUrl", "must be an http(s) URL"};
  }
  const auto& capabilities = profile.capabilities;
  auto names_within = [](const std::vector<std::string>& names,
                         const std::string& field) -> std::optional<Error> {
    if (auto error = count_within(names.size(), capability_entries, field))
      return error;
    for (std::size_t i = 0; i < names.size(); ++i)
      if (auto error =
              text_within(names[i], capability_bytes, field + "[" + std::to_string(i) + "]"))
        return error;
    return std::nullopt;
  };
  if (auto error = names_within(capabilities.browsers, "capabilities.browsers"))
    return error;
  if (auto error = names_within(capabilities.tags, "capabilities.tags"))
    return error;
  auto out_of_range = [](const std::string& field, std::int64_t value, std::int64_t low,
                         std::int64_t high) {
    return Error{field, std::to_string(value) + " is out of range; allowed: " +
                            std::to_string(low) + " to " + std::to_string(high)};
  };
  if (capabilities.max_concurrent > max_concurrent)
    return out_of_range("capabilities.maxConcurrent", capabilities.max_concurrent, 1,
                        max_concurrent);
  if (capabilities.cpu > cpus)
    return out_of_range("capabilities.cpu", capabilities.cpu, 1, cpus);
  if (capabilities.memory > memory_mib)
    return out_of_range("capabilities.memory", capabilities.memory, 0, memory_mib);
  return std::nullopt;
}

} // namespace shardline::agent_bounds
