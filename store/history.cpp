#include "store/history.hpp"

#include "model/json_text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <limits>
#include <numeric>
#include <sys/stat.h>
#include <system_error>
#include <tuple>
#include <unistd.h>
#include <utility>

namespace shardline {

// -- learning -----------------------------------------------------------------

namespace {

bool ran_to_verdict(const TestResult& result) {
  return result.status != TestStatus::skipped;
}

void learn_duration(TestHistory& entry, std::int64_t duration_ms) {
  auto duration = std::max<std::int64_t>(duration_ms, 0);
  entry.estimated_duration_ms = entry.estimated_duration_ms
                                    ? std::midpoint(*entry.estimated_duration_ms, duration)
                                    : duration;
}

// One run's attempts of one test, in attempt order.
void learn_run(TestHistory& entry, const std::vector<const TestResult*>& attempts) {
  const TestResult* verdict = nullptr;
  bool failed_before = false;
  bool flagged_flaky = false;
  for (const auto* attempt : attempts) {
    flagged_flaky = flagged_flaky || attempt->flaky;
    if (!ran_to_verdict(*attempt))
      continue;
    learn_duration(entry, attempt->duration_ms);
    if (verdict && is_failure(verdict->status))
      failed_before = true;
    verdict = attempt;
  }
  if (!verdict)
    return;
  entry.last_status = verdict->status;
  entry.runs += 1;
  if (is_failure(verdict->status))
    entry.failures += 1;
  else if (flagged_flaky || failed_before)
    entry.flaky += 1;
}

} // namespace

void History::apply(std::span<TestFile> tests) const {
  for (auto& test : tests) {
    const auto* entry = find(test.id);
    if (!entry)
      continue;
    if (!test.estimated_duration_ms)
      test.estimated_duration_ms = entry->estimated_duration_ms;
    if (!test.last_result)
      test.last_result = entry->last_status;
  }
}

void History::record(std::span<const TestResult> results) {
  if (results.empty())
    return;
  std::map<std::string_view, std::vector<const TestResult*>> by_test;
  for (const auto& result : results)
    by_test[result.test_id].push_back(&result);
  run_ += 1;
  for (auto& [id, attempts] : by_test) {
    std::stable_sort(
        attempts.begin(), attempts.end(),
        [](const TestResult* a, const TestResult* b) { return a->attempt < b->attempt; });
    auto found = tests_.find(id);
    if (found == tests_.end())
      found = tests_.emplace(std::string(id), TestHistory{}).first;
    found->second.last_seen_run = run_;
    learn_run(found->second, attempts);
  }
  prune();
}

void History::prune() {
  // A test seen in this run is always kept by age, whatever the limit says.
  const auto max_age = std::max<std::int64_t>(limits_.max_age_runs, 1);
  std::erase_if(tests_,
                [&](const auto& item) { return run_ - item.second.last_seen_run >= max_age; });
  if (tests_.size() <= limits_.max_entries)
    return;
  // Least recently seen first; among equals, by id, so the choice is deterministic.
  std::vector<Tests::iterator> order;
  order.reserve(tests_.size());
  for (auto it = tests_.begin(); it != tests_.end(); ++it)
    order.push_back(it);
  const auto excess = static_cast<std::ptrdiff_t>(tests_.size() - limits_.max_entries);
  std::nth_element(order.begin(), order.begin() + excess, order.end(), [](auto a, auto b) {
    return std::tie(a->second.last_seen_run, a->first) <
           std::tie(b->second.last_seen_run, b->first);
  });
  std::for_each(order.begin(), order.begin() + excess, [&](auto it) { tests_.erase(it); });
}

const TestHistory* History::find(std::string_view test_id) const {
  auto found = tests_.find(test_id);
  return found == tests_.end() ? nullptr : &found->second;
}

void History::put(std::string test_id, TestHistory entry) {
  tests_.insert_or_assign(std::move(test_id), entry);
}

// -- the JSON file ------------------------------------------------------------

namespace {

std::string quoted(const std::string& text) {
  return to_json_text(nlohmann::json(text));
}

std::string file_error(const std::filesystem::path& path, const std::string& what) {
  std::string message = "history file ";
  message.append(quoted(path.string())).append(": ").append(what);
  return message;
}

std::string errno_text(int error_number) {
  return std::generic_category().message(error_number);
}

// -- reading --

std::optional<std::int64_t> as_integer(const nlohmann::json& value, std::int64_t min,
                                       std::int64_t max) {
  if (!value.is_number_integer())
    return std::nullopt;
  if (value.is_number_unsigned() &&
      value.get<std::uint64_t>() >
          static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
    return std::nullopt;
  auto number = value.get<std::int64_t>();
  if (number < min || number > max)
    return std::nullopt;
  return number;
}

constexpr auto int64_max = std::numeric_limits<std::int64_t>::max();

// One entry, or the error of its first wrong field.
Result<TestHistory> read_entry(const nlohmann::json& json, const std::string& at,
                               std::int64_t run) {
  if (!json.is_object())
    return Error{at, "expected an object"};
  TestHistory entry;
  entry.last_seen_run = run;
  auto integer = [&](const char* name, std::int64_t max, auto assign) -> std::optional<Error> {
    auto found = json.find(name);
    if (found == json.end() || found->is_null())
      return std::nullopt;
    auto number = as_integer(*found, 0, max);
    if (!number) {
      std::string field = at;
      field.append(".").append(name);
      std::string message = "expected a non-negative integer";
      if (max != int64_max)
        message.append(" up to the file's run, ").append(std::to_string(max));
      return Error{field, message};
    }
    assign(*number);
    return std::nullopt;
  };
  auto error = integer("estimatedDurationMs", int64_max,
                       [&](std::int64_t n) { entry.estimated_duration_ms = n; });
  if (!error)
    error = integer("runs", int64_max, [&](std::int64_t n) { entry.runs = n; });
  if (!error)
    error = integer("failures", int64_max, [&](std::int64_t n) { entry.failures = n; });
  if (!error)
    error = integer("flaky", int64_max, [&](std::int64_t n) { entry.flaky = n; });
  if (!error)
    error = integer("lastSeenRun", run, [&](std::int64_t n) { entry.last_seen_run = n; });
  if (error)
    return *error;
  if (auto status = json.find("lastStatus"); status != json.end() && !status->is_null()) {
    auto parsed = status->is_string() ? parse_test_status(status->get_ref<const std::string&>())
                                      : std::nullopt;
    if (!parsed)
      return Error{at + ".lastStatus", "expected one of passed, failed, skipped, timedOut"};
    entry.last_status = parsed;
  }
  return entry;
}

Result<History> read_history(const nlohmann::json& json, std::vector<Error>* skipped) {
  if (!json.is_object())
    return Error{"", "expected an object with version, run and tests"};
  auto version = json.find("version");
  if (version == json.end())
    return Error{"version", "is required"};
  if (!version->is_number_integer())
    return Error{"version", "expected an integer"};
  if (as_integer(*version, 0, int64_max) != history_file_version) {
    std::string message = "unsupported version ";
    message.append(version->dump())
        .append(" (this shardline reads version ")
        .append(std::to_string(history_file_version))
        .append(")");
    return Error{"version", message};
  }
  History history;
  if (auto run = json.find("run"); run != json.end()) {
    auto number = as_integer(*run, 0, int64_max);
    if (!number)
      return Error{"run", "expected a non-negative integer"};
    history.set_run(*number);
  }
  auto tests = json.find("tests");
  if (tests == json.end())
    return history;
  if (!tests->is_object())
    return Error{"tests", "expected an object keyed by test id"};
  for (const auto& [id, value] : tests->items()) {
    std::string at = "tests[";
    at.append(quoted(id)).append("]");
    auto entry = read_entry(value, at, history.run());
    if (entry)
      history.put(id, *entry);
    else if (skipped)
      skipped->push_back(entry.error());
  }
  return history;
}

Result<std::string> read_text(const std::filesystem::path& path, bool& missing) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    missing = errno == ENOENT;
    return Error{"", file_error(path, "cannot read it: " + errno_text(errno))};
  }
  if (S_ISDIR(info.st_mode))
    return Error{"", file_error(path, "cannot read it: it is a directory")};
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Error{"", file_error(path, "cannot read it: " + errno_text(errno))};
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad())
    return Error{"", file_error(path, "cannot read it: " + errno_text(errno))};
  return text;
}

// -- writing --

// The entry on one line, in the order a reader wants it; absent values are
// left out. Nothing in it comes from users, so it is always valid UTF-8.
std::string entry_text(const TestHistory& entry) {
  auto json = nlohmann::ordered_json::object();
  if (entry.estimated_duration_ms)
    json["estimatedDurationMs"] = *entry.estimated_duration_ms;
  if (entry.last_status)
    json["lastStatus"] = std::string(to_string(*entry.last_status));
  json["runs"] = entry.runs;
  json["failures"] = entry.failures;
  json["flaky"] = entry.flaky;
  json["lastSeenRun"] = entry.last_seen_run;
  return json.dump();
}

std::string history_text(const History& history) {
  std::string text = "{\"version\": ";
  text.append(std::to_string(history_file_version))
      .append(", \"run\": ")
      .append(std::to_string(history.run()))
      .append(", \"tests\": {");
  bool first = true;
  for (const auto& [id, entry] : history.tests()) {
    std::string key;
    try {
      key = nlohmann::json(id).dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
    } catch (const nlohmann::json::exception&) {
      continue; // not UTF-8: JSON cannot hold it
    }
    text.append(first ? "\n  " : ",\n  ").append(key).append(": ").append(entry_text(entry));
    first = false;
  }
  text.append(first ? "}}\n" : "\n}}\n");
  return text;
}

// Writes all of `text` to `fd`, retrying short writes; 0 or an errno.
int write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    auto written = ::write(fd, text.data(), text.size());
    if (written < 0) {
      if (errno == EINTR)
        continue;
      return errno;
    }
    text.remove_prefix(static_cast<std::size_t>(written));
  }
  return 0;
}

// Makes the rename itself durable; best effort, as the data is already safe.
void sync_folder(const std::filesystem::path& folder) {
  int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return;
  ::fsync(fd);
  ::close(fd);
}

} // namespace

Result<History> load_history(const std::filesystem::path& path, std::vector<Error>* skipped) {
  bool missing = false;
  auto text = read_text(path, missing);
  if (!text)
    return missing ? Result<History>(History{}) : Result<History>(text.error());
  auto json = parse_json(*text);
  if (!json)
    return Error{"", file_error(path, json.error().to_string())};
  auto history = read_history(*json, skipped);
  if (!history)
    return Error{"", file_error(path, history.error().to_string())};
  return history;
}

std::optional<Error> save_history(const History& history, const std::filesystem::path& path) {
  auto fail = [&](const std::string& what, int error_number) {
    std::string message = "cannot save the history to ";
    message.append(quoted(path.string())).append(": ").append(what);
    if (error_number != 0)
      message.append(": ").append(errno_text(error_number));
    return Error{"", message};
  };
  const auto folder = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::error_code created;
  std::filesystem::create_directories(folder, created);
  if (created)
    return fail("cannot create its folder", created.value());

  std::string temp = path.string();
  temp.append(".tmp-XXXXXX");
  int fd = ::mkstemp(temp.data());
  if (fd < 0)
    return fail("cannot create a temp file next to it", errno);
  auto abandon = [&](const std::string& what, int error_number) {
    ::close(fd);
    ::unlink(temp.c_str());
    return fail(what, error_number);
  };
  // mkstemp makes the file private; the history is no secret.
  if (::fchmod(fd, 0644) != 0)
    return abandon("cannot set the temp file's mode", errno);
  if (int error_number = write_all(fd, history_text(history)); error_number != 0)
    return abandon("cannot write the temp file", error_number);
  if (::fsync(fd) != 0)
    return abandon("cannot flush the temp file", errno);
  if (::close(fd) != 0) {
    int error_number = errno;
    ::unlink(temp.c_str());
    return fail("cannot close the temp file", error_number);
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    int error_number = errno;
    ::unlink(temp.c_str());
    return fail("cannot replace it", error_number);
  }
  sync_folder(folder);
  return std::nullopt;
}

} // namespace shardline
