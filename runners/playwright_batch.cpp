#include "runners/playwright_batch.hpp"

#include "model/time.hpp"
#include "runners/ansi.hpp"
#include "runners/playwright_discovery.hpp"
#include "runners/playwright_leftovers.hpp"

#include <string.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <system_error>
#include <type_traits>
#include <utility>

namespace shardline {

namespace {

using SteadyClock = std::chrono::steady_clock;

// Enough to see what went wrong; a broken reporter must not fill memory.
constexpr std::size_t max_problems = 50;

TimePoint now() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(Clock::now());
}

std::string describe_test(const PlaywrightTestEnd& end) {
  std::string text;
  if (!end.project.empty())
    text += "[" + end.project + "] ";
  text += end.file;
  for (const auto& title : end.title_path) {
    text += " \u203a ";
    text += title;
  }
  return text;
}

std::filesystem::path executable_folder() {
  std::error_code error;
  auto executable = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? std::filesystem::path() : executable.parent_path();
}

} // namespace

std::string find_playwright_reporter() {
  if (const char* configured = std::getenv("SHARDLINE_PLAYWRIGHT_REPORTER");
      configured != nullptr && *configured != '\0')
    return configured;
  return find_playwright_reporter_above(executable_folder());
}

std::string find_playwright_reporter_above(std::filesystem::path folder) {
  std::error_code ignored;
  while (!folder.empty()) {
    for (const auto* candidate :
         {"runners/playwright/jsonl-reporter.cjs", "share/shardline/playwright/jsonl-reporter.cjs"})
      if (std::filesystem::is_regular_file(folder / candidate, ignored))
        return (folder / candidate).string();
    if (folder == folder.root_path())
      break;
    folder = folder.parent_path();
  }
  return {};
}

PlaywrightBatch::PlaywrightBatch(std::vector<TestFile> tests, PlaywrightBatchOptions options)
    : options_(std::move(options)), ledger_(std::move(tests)), process_(process_spec()),
      noise_(options_.tail_limit) {}

// Called while constructing process_, after options_, ledger_, scratch_ and
// setup_error_: the command line names files that must exist first.
ProcessSpec PlaywrightBatch::process_spec() {
  ProcessSpec spec;
  if (options_.reporter.empty())
    options_.reporter = find_playwright_reporter();
  if (options_.reporter.empty()) {
    setup_error_ = Error{"", "cannot find the Playwright reporter jsonl-reporter.cjs: set "
                             "SHARDLINE_PLAYWRIGHT_REPORTER to its path"};
    return spec;
  }
  std::error_code error;
  // Playwright would look for a relative reporter from its config's folder.
  options_.reporter = std::filesystem::absolute(options_.reporter, error).string();
  if (!std::filesystem::is_regular_file(options_.reporter, error)) {
    setup_error_ = Error{"", "the Playwright reporter \"" + options_.reporter + "\" is not a file"};
    return spec;
  }
  auto dir = std::filesystem::absolute(options_.dir.empty() ? "." : options_.dir, error);
  auto program = playwright_program(dir);
  if (!std::filesystem::exists(program, error)) {
    setup_error_ = Error{"", "no Playwright in \"" + dir.string() + "\": " + program.string() +
                                 " is missing (run npm ci there)"};
    return spec;
  }
  auto scratch = TemporaryDirectory::create("shardline-playwright-");
  if (!scratch) {
    setup_error_ = scratch.error();
    return spec;
  }
  scratch_.emplace(std::move(*scratch));

  spec.argv = {program.string(),
               "test",
               "--reporter=" + options_.reporter,
               "--test-list=" + (scratch_->path() / "tests.txt").string(),
               "--output=" + (scratch_->path() / "output").string(),
               "--workers=1",
               "--max-failures=0"};
  if (auto grep = playwright_title_grep(ledger_.tests()); !grep.empty())
    spec.argv.push_back("--grep=" + grep);
  if (options_.test_timeout.count() > 0)
    spec.argv.push_back("--timeout=" + std::to_string(options_.test_timeout.count()));
  auto extra_args = options_.extra_args;
  ConfigOverlay overlay;
  overlay.video_unavailable = playwright_video_unavailable(dir, options_.environment);
  overlay.without_web_servers = options_.without_web_servers;
  if (!overlay.empty()) {
    if (auto base = playwright_config_file(dir, extra_args)) {
      auto config = OverlayConfig::write(*base, overlay);
      if (config) {
        overlay_.emplace(std::move(*config));
        extra_args = without_config_option(extra_args);
        extra_args.push_back("--config=" + overlay_->path().string());
      } else if (overlay.video_unavailable) {
        overlay_problem_ = config.error().message + ": tests that record video will fail";
      } else {
        overlay_problem_ = config.error().message;
      }
    }
  }
  spec.argv.insert(spec.argv.end(), extra_args.begin(), extra_args.end());
  spec.working_dir = dir.string();
  if (!options_.project_root.empty()) {
    // Entered by descriptor, checked at the start: the program, by a path
    // relative to that folder, is the one in it even if the name now leads elsewhere.
    spec.confine_to = options_.project_root;
    spec.argv.front() = program.lexically_relative(dir).string();
  }
  spec.environment = options_.environment;
  bool colour_chosen =
      std::any_of(spec.environment.begin(), spec.environment.end(),
                  [](const auto& variable) { return variable.first == "FORCE_COLOR"; });
  if (!colour_chosen)
    spec.environment.emplace_back("FORCE_COLOR", "0");
  mark_ = new_batch_mark();
  spec.environment.emplace_back(std::string(playwright_batch_marker), mark_);
  spec.timeout = options_.timeout;
  spec.kill_grace = options_.kill_grace;
  spec.tail_limit = 4096; // the batch keeps its own tail of what is not a reporter line
  spec.on_line = [this](std::string_view line) { on_line(line); };
  return spec;
}

void PlaywrightBatch::cancel() {
  cancel_requested_.store(true);
  process_.cancel();
}

bool PlaywrightBatch::stopping() const {
  return cancel_requested_.load() || hung_.load();
}

void PlaywrightBatch::problem(std::string text) {
  if (outcome_.problems.size() < max_problems)
    outcome_.problems.push_back(std::move(text));
}

// The watchdog's thread: stops Playwright once the deadline passes, however
// quiet the process is (a hung one prints nothing that would wake run()).
void PlaywrightBatch::watch_deadline() {
  std::unique_lock lock(deadline_mutex_);
  while (!watch_over_) {
    auto at = deadline_->at();
    if (at == SteadyClock::time_point::max()) {
      deadline_moved_.wait(lock);
      continue;
    }
    if (deadline_moved_.wait_until(lock, at) == std::cv_status::timeout && !watch_over_ &&
        SteadyClock::now() >= deadline_->at()) {
      hung_.store(true);
      lock.unlock();
      process_.cancel();
      return;
    }
  }
}

void PlaywrightBatch::move_deadline(const std::function<void(PlaywrightDeadline&)>& change) {
  {
    std::lock_guard lock(deadline_mutex_);
    if (!deadline_)
      return;
    change(*deadline_);
  }
  deadline_moved_.notify_all();
}

PlaywrightBatchOutcome PlaywrightBatch::run(const ResultCallback& on_result) {
  on_result_ = &on_result;
  if (ledger_.tests().empty())
    return {};
  if (setup_error_) {
    finish(*setup_error_);
    return std::move(outcome_);
  }
  if (overlay_problem_)
    outcome_.problems.push_back(*overlay_problem_);
  {
    std::ofstream list(scratch_->path() / "tests.txt", std::ios::binary);
    list << playwright_test_list(ledger_.tests());
    if (!list.flush()) {
      finish(Error{"", "cannot write the test list in " + scratch_->path().string()});
      return std::move(outcome_);
    }
  }
  deadline_.emplace(SteadyClock::now(), options_.timeout);
  std::thread watchdog([this] { watch_deadline(); });
  auto process = process_.run();
  {
    std::lock_guard lock(deadline_mutex_);
    watch_over_ = true;
  }
  deadline_moved_.notify_all();
  watchdog.join();
  finish(process);
  // Whatever Playwright started and left behind: its webServer above all.
  for (const auto& left : kill_marked_processes(mark_, options_.kill_grace))
    problem("killed a process the batch left running (pid " + std::to_string(left.pid) +
            "): " + left.command);
  scratch_.reset(); // Playwright's output folder: the attachments are copied by now
  overlay_.reset();
  return std::move(outcome_);
}

void PlaywrightBatch::on_line(std::string_view line) {
  auto event = parse_playwright_event(line);
  if (!event) {
    noise_.append(line);
    noise_.append("\n");
    return;
  }
  if (!*event) {
    if (outcome_.problems.size() < max_problems)
      outcome_.problems.push_back("unreadable reporter line: " + event->error().to_string());
    return;
  }
  std::visit(
      [this](const auto& e) {
        using Event = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<Event, PlaywrightConfigure>) {
          move_deadline([&](PlaywrightDeadline& deadline) {
            deadline.configured(SteadyClock::now(), e.setup_timeout_ms);
          });
        } else if constexpr (std::is_same_v<Event, PlaywrightBegin>) {
          move_deadline([&](PlaywrightDeadline& deadline) {
            deadline.began(SteadyClock::now(), e.time_budget_ms);
          });
        } else if constexpr (std::is_same_v<Event, PlaywrightTestBegin>) {
          if (stopping())
            return;
          if (auto index = ledger_.begin(e))
            began_at_.emplace(*index, now());
        } else if constexpr (std::is_same_v<Event, PlaywrightTestEnd>) {
          on_test_end(e);
        } else if constexpr (std::is_same_v<Event, PlaywrightRunError>) {
          auto message = first_plain_line(e.error.message);
          run_errors_.push_back(message);
          if (outcome_.problems.size() < max_problems)
            outcome_.problems.push_back("Playwright: " + message);
        } else if constexpr (std::is_same_v<Event, PlaywrightEnd>) {
          ended_ = true;
          end_status_ = e.status;
          if (!stopping())
            settle_held();
        }
      },
      **event);
}

void PlaywrightBatch::on_test_end(const PlaywrightTestEnd& end) {
  // Once the group is being killed, its dying workers make tests fail: such
  // a verdict is not the test's. finish() accounts for these tests.
  if (stopping())
    return;
  // A try Playwright retries is not the test's last: keep it and wait.
  auto retried = end.will_retry && !no_verdict_reason(end);
  auto index = retried ? ledger_.locate(end) : ledger_.claim(end);
  if (!index) {
    problem("Playwright reported a test not asked for, or once more after its last try (" +
            end.status + ", retry " + std::to_string(end.retry) + "): " + describe_test(end));
    return;
  }
  const auto& test = ledger_.tests()[*index];
  if (auto reason = no_verdict_reason(end)) {
    // Its earlier tries are dropped with it: the test runs again from scratch.
    if (auto tries = held_.find(*index); tries != held_.end()) {
      problem("dropped " + std::to_string(tries->second.size()) + " earlier tries of " +
              describe_test(end) + ": its last one got no verdict");
      held_.erase(tries);
    }
    saw_no_verdict_ = true;
    outcome_.not_run.push_back({test, std::move(*reason)});
    return;
  }
  auto result = to_test_result(test, end, options_.tail_limit);
  if (!result->started_at) {
    result->finished_at = now();
    result->started_at = *result->finished_at - std::chrono::milliseconds(result->duration_ms);
  }
  for (auto& text : keep_attachments(end.attachments, options_.artifacts, *result))
    problem(std::move(text));
  if (retried) {
    held_[*index].push_back({end.retry, std::move(*result)});
    return;
  }
  report_final(*index, std::move(*result));
}

void PlaywrightBatch::report_final(std::size_t index, TestResult result) {
  if (auto tries = held_.find(index); tries != held_.end()) {
    for (const auto& [retry, earlier] : tries->second)
      result.runner_attempts.push_back(to_runner_attempt(earlier, retry));
    held_.erase(tries);
  }
  outcome_.results.push_back(std::move(result));
  if (*on_result_)
    (*on_result_)(outcome_.results.back());
}

// Playwright ended without the try it might have made (a serial group
// whose tests all passed is not retried): the last try held is the verdict.
void PlaywrightBatch::settle_held() {
  std::vector<std::size_t> indexes;
  for (const auto& [index, tries] : held_)
    indexes.push_back(index);
  std::sort(indexes.begin(), indexes.end());
  for (auto index : indexes) {
    auto last = std::move(held_[index].back());
    held_[index].pop_back();
    if (held_[index].empty())
      held_.erase(index);
    ledger_.mark_reported(index);
    report_final(index, std::move(last.second));
  }
}

std::string PlaywrightBatch::unreported_reason(const ProcessOutcome& process) const {
  if (cancel_requested_.load())
    return "cancelled";
  if (process.timed_out || hung_.load())
    return "Playwright had not ended within " + deadline_->explain() +
           " and was stopped before this test ran";
  if (process.signal)
    return "the Playwright process was killed by " + signal_text(*process.signal) +
           " before this test reported";
  if (!run_errors_.empty())
    return "Playwright could not run it: " + run_errors_.front();
  std::string reason = "Playwright exited with code " +
                       std::to_string(process.exit_code.value_or(0)) + " before this test reported";
  if (auto said = first_plain_line(noise_.str()); !said.empty())
    reason += ": " + said;
  return reason;
}

void PlaywrightBatch::finish(const Result<ProcessOutcome>& process) {
  outcome_.output = noise_.str();
  if (!process) {
    outcome_.problems.push_back(process.error().to_string());
    for (auto index : ledger_.unreported())
      outcome_.not_run.push_back({ledger_.tests()[index], process.error().to_string()});
    return;
  }
  outcome_.exit_code = process->exit_code;
  outcome_.signal = process->signal;
  auto hung = hung_.load() && !cancel_requested_.load();
  outcome_.timed_out = process->timed_out || hung;
  outcome_.cancelled = cancel_requested_.load() || (process->cancelled && !hung);

  auto left = ledger_.unreported();
  if (outcome_.timed_out && !outcome_.cancelled) {
    for (auto index : ledger_.in_flight()) {
      const auto& test = ledger_.tests()[index];
      TestResult result;
      result.test_id = test.id;
      result.test_path = test.path;
      result.test_name = test.title;
      result.status = TestStatus::timed_out;
      result.project = test.project;
      result.error = "Playwright had not ended within " + deadline_->explain() +
                     " and was stopped while this test ran";
      result.finished_at = now();
      result.started_at = began_at_.contains(index) ? began_at_[index] : *result.finished_at;
      result.duration_ms = (*result.finished_at - *result.started_at).count();
      std::erase(left, index);
      outcome_.results.push_back(std::move(result));
      if (*on_result_)
        (*on_result_)(outcome_.results.back());
    }
  }
  // Playwright ended as it should and did not run them: running them again
  // would not find them either. Said in those words, as a failure.
  // An interrupted run (Ctrl-C in a terminal, a worker that died) leaves
  // tests out for another reason.
  bool unselectable = ended_ && (end_status_ == "passed" || end_status_ == "failed") &&
                      !saw_no_verdict_ && run_errors_.empty() && !outcome_.timed_out &&
                      !outcome_.cancelled && !process->signal;
  auto reason = unreported_reason(*process);
  for (auto index : left) {
    const auto& test = ledger_.tests()[index];
    if (!unselectable) {
      outcome_.not_run.push_back({test, reason});
      continue;
    }
    TestResult result;
    result.test_id = test.id;
    result.test_path = test.path;
    result.test_name = test.title;
    result.project = test.project;
    result.status = TestStatus::failed;
    result.error = playwright_unselectable_reason(test).value_or(
        "cannot be selected: Playwright found no test with this project, file and title "
        "(changed since the tests were listed?)");
    result.finished_at = now();
    result.started_at = result.finished_at;
    outcome_.results.push_back(std::move(result));
    if (*on_result_)
      (*on_result_)(outcome_.results.back());
  }
}

} // namespace shardline
