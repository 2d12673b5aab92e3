#include "runners/playwright_results.hpp"

#include "runners/ansi.hpp"

#include <algorithm>
#include <string_view>
#include <utility>

namespace shardline {

namespace {

constexpr std::string_view title_separator = " \u203a "; // " › "

std::string title_key(const std::string& project, std::string_view title) {
  std::string key = project;
  key += '\x1f';
  key += title;
  return key;
}

std::string joined_title(const std::vector<std::string>& title_path) {
  std::string title;
  for (const auto& part : title_path) {
    if (!title.empty())
      title += title_separator;
    title += part;
  }
  return title;
}

bool ends_with_path(std::string_view path, std::string_view tail) {
  return path.size() > tail.size() && path.ends_with(tail) &&
         path[path.size() - tail.size() - 1] == '/';
}

// The same file, named from two folders one of which may be inside the other.
bool same_file(std::string_view requested, std::string_view reported) {
  if (requested.starts_with("./"))
    requested.remove_prefix(2);
  if (reported.starts_with("./"))
    reported.remove_prefix(2);
  return requested.empty() || reported.empty() || requested == reported ||
         ends_with_path(requested, reported) || ends_with_path(reported, requested);
}

// `tests/shop/pay.spec.ts`, `shop/pay.spec.ts`, `pay.spec.ts`.
std::vector<std::string_view> path_tails(std::string_view path) {
  while (path.starts_with("./"))
    path.remove_prefix(2);
  std::vector<std::string_view> tails;
  for (;;) {
    tails.push_back(path);
    auto slash = path.find('/');
    if (slash == std::string_view::npos || slash + 1 == path.size())
      return tails;
    path.remove_prefix(slash + 1);
  }
}

bool has_line_break(std::string_view text) {
  return text.find_first_of("\r\n") != std::string_view::npos;
}

bool selectable(const TestFile& test) {
  return !test.path.empty() && !has_line_break(test.path) && !has_line_break(test.title) &&
         !has_line_break(test.project);
}

std::string regex_escaped(std::string_view text) {
  std::string escaped;
  for (char c : text) {
    if (std::string_view("\\^$.*+?()[]{}|/-").find(c) != std::string_view::npos)
      escaped += '\\';
    escaped += c;
  }
  return escaped;
}

} // namespace

std::optional<std::string> playwright_unselectable_reason(const TestFile& test) {
  if (test.path.empty())
    return "cannot be selected: it names no file";
  if (!selectable(test))
    return "cannot be selected: Playwright's test list and --grep cannot name a title, file or "
           "project with a line break";
  return std::nullopt;
}

std::string playwright_test_list(const std::vector<TestFile>& tests) {
  std::string list =
      "# written by shardline: the files of the tests, one line per tail of each path\n";
  std::vector<std::string> lines;
  for (const auto& test : tests) {
    if (!selectable(test))
      continue;
    for (auto tail : path_tails(test.path)) {
      std::string line;
      if (!test.project.empty()) {
        line += '[';
        line += test.project;
        line += ']';
        line += title_separator;
      }
      line += tail;
      // Playwright cuts `:line[:column]` off the file and ignores it; with it
      // there, a file whose name ends in `:12` survives the cut.
      line += ":0";
      if (std::find(lines.begin(), lines.end(), line) == lines.end())
        lines.push_back(std::move(line));
    }
  }
  for (const auto& line : lines) {
    list += line;
    list += '\n';
  }
  return list;
}

std::string playwright_title_grep(const std::vector<TestFile>& tests) {
  // Playwright matches --grep against " <project> <file> <describe> <@tags>
  // ... <title> <@tags>": titles joined by spaces, each followed by its tags.
  constexpr std::string_view tags = "(?: @[^ ]*)*";
  std::string alternatives;
  for (const auto& test : tests) {
    if (!selectable(test))
      continue;
    std::string files;
    for (auto tail : path_tails(test.path)) {
      if (!files.empty())
        files += '|';
      files += regex_escaped(tail);
    }
    std::string titles;
    std::string_view rest = test.title;
    for (;;) {
      auto cut = rest.find(title_separator);
      titles += regex_escaped(rest.substr(0, cut));
      if (cut == std::string_view::npos)
        break;
      // A describe boundary (its tags, a space) or a " › " inside a title.
      titles += "(?:";
      titles += tags;
      titles += " |";
      titles += title_separator;
      titles += ")";
      rest.remove_prefix(cut + title_separator.size());
    }
    if (!alternatives.empty())
      alternatives += '|';
    alternatives +=
        " (?:" + files + ")" + std::string(tags) + " " + titles + std::string(tags) + "$";
  }
  if (alternatives.empty())
    return {};
  return "/(?:" + alternatives + ")/";
}

PlaywrightBatchLedger::PlaywrightBatchLedger(std::vector<TestFile> tests)
    : tests_(std::move(tests)), reported_(tests_.size(), false) {
  for (std::size_t i = 0; i < tests_.size(); ++i) {
    by_id_.emplace(tests_[i].id, i); // the first of duplicate ids wins
    by_title_[title_key(tests_[i].project, tests_[i].title)].push_back(i);
  }
}

std::optional<std::size_t>
PlaywrightBatchLedger::find(const std::string& id, const std::string& project,
                            const std::string& file,
                            const std::vector<std::string>& title_path) const {
  if (auto found = by_id_.find(id); found != by_id_.end() && !reported_[found->second])
    return found->second;
  auto title = joined_title(title_path);
  // A test without a project runs in every project: try that key too.
  for (const auto& key : {title_key(project, title), title_key("", title)}) {
    auto found = by_title_.find(key);
    if (found == by_title_.end())
      continue;
    for (auto index : found->second)
      if (!reported_[index] && same_file(tests_[index].path, file))
        return index;
  }
  return std::nullopt;
}

std::optional<std::size_t> PlaywrightBatchLedger::begin(const PlaywrightTestBegin& begin) {
  auto index = find(begin.id, begin.project, begin.file, begin.title_path);
  if (index && std::find(started_.begin(), started_.end(), *index) == started_.end())
    started_.push_back(*index);
  return index;
}

std::optional<std::size_t> PlaywrightBatchLedger::locate(const PlaywrightTestEnd& end) const {
  return find(end.id, end.project, end.file, end.title_path);
}

std::optional<std::size_t> PlaywrightBatchLedger::claim(const PlaywrightTestEnd& end) {
  auto index = find(end.id, end.project, end.file, end.title_path);
  if (index)
    reported_[*index] = true;
  return index;
}

std::vector<std::size_t> PlaywrightBatchLedger::in_flight() const {
  std::vector<std::size_t> running;
  for (auto index : started_)
    if (!reported_[index])
      running.push_back(index);
  return running;
}

std::vector<std::size_t> PlaywrightBatchLedger::unreported() const {
  std::vector<std::size_t> left;
  for (std::size_t i = 0; i < tests_.size(); ++i)
    if (!reported_[i])
      left.push_back(i);
  return left;
}

std::optional<std::string> no_verdict_reason(const PlaywrightTestEnd& end) {
  if (end.status == "interrupted")
    return "Playwright interrupted it";
  if (end.status == "failed" && end.error) {
    auto message = strip_ansi(end.error->message);
    if (message.find("worker process exited unexpectedly") != std::string::npos)
      return "its Playwright worker process died: " + message.substr(0, message.find('\n'));
  }
  return std::nullopt;
}

std::optional<TestResult> to_test_result(const TestFile& test, const PlaywrightTestEnd& end,
                                         std::size_t tail_limit) {
  if (no_verdict_reason(end))
    return std::nullopt;

  TestResult result;
  result.test_id = test.id;
  result.test_path = test.path;
  result.test_name = test.title;
  result.project = test.project.empty() ? end.project : test.project;
  result.duration_ms = std::max<std::int64_t>(end.duration_ms, 0);
  if (end.error) {
    result.error = strip_ansi(end.error->message);
    if (!end.error->stack.empty())
      result.error_stack = strip_ansi(end.error->stack);
  }

  if (end.status == "skipped") {
    result.status = TestStatus::skipped;
  } else if (end.status == "passed") {
    if (end.expected_status == "failed") { // test.fail()
      result.status = TestStatus::failed;
      result.error = "expected to fail, but passed";
    }
  } else if (!end.expected_status.empty() && end.status == end.expected_status) {
    // test.fail() that failed as declared: a pass, and its error no failure.
    result.error.reset();
    result.error_stack.reset();
  } else if (end.status == "timedOut") {
    result.status = TestStatus::timed_out;
  } else {
    result.status = TestStatus::failed;
    if (end.status != "failed" && !result.error)
      result.error = "Playwright reported the status \"" + end.status + "\"";
  }
  if (is_failure(result.status) && !result.error)
    result.error = result.status == TestStatus::timed_out ? "timed out" : "failed";

  OutputTail tail(tail_limit);
  tail.append(strip_ansi(end.stdout_text));
  tail.append(strip_ansi(end.stderr_text));
  if (tail.total_bytes() > 0)
    result.stdout_tail = tail.str();
  if (!end.video_unavailable.empty())
    result.video_unavailable = end.video_unavailable;

  for (const auto& annotation : end.annotations) {
    result.annotations.push_back({annotation.type, annotation.description});
    bool skipping = annotation.type == "skip" || annotation.type == "fixme";
    if (result.status == TestStatus::skipped && skipping && annotation.description &&
        !annotation.description->empty())
      result.skip_reason = annotation.description;
  }

  if (end.start_time) {
    result.started_at = end.start_time;
    result.finished_at = *end.start_time + std::chrono::milliseconds(result.duration_ms);
  }
  return result;
}

RunnerAttempt to_runner_attempt(const TestResult& result, int retry) {
  RunnerAttempt attempt;
  attempt.retry = retry;
  attempt.status = result.status;
  attempt.duration_ms = result.duration_ms;
  attempt.error = result.error;
  attempt.error_stack = result.error_stack;
  attempt.started_at = result.started_at;
  attempt.attachments = result.attachments;
  return attempt;
}

} // namespace shardline
