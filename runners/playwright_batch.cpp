#include "runners/playwright_batch.hpp"

#include "model/time.hpp"
#include "runners/ansi.hpp"
#include "runners/playwright_discovery.hpp"

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
               "--retries=0",
               "--workers=1",
               "--max-failures=0"};
  if (options_.test_timeout.count() > 0)
    spec.argv.push_back("--timeout=" + std::to_string(options_.test_timeout.count()));
  auto extra_args = options_.extra_args;
  if (auto reason = playwright_video_unavailable(dir, options_.environment)) {
    if (auto base = playwright_config_file(dir, extra_args)) {
      auto config = VideoOffConfig::write(*base, *reason);
      if (config) {
        video_off_.emplace(std::move(*config));
        extra_args = without_config_option(extra_args);
        extra_args.push_back("--config=" + video_off_->path().string());
      } else {
        video_off_problem_ = config.error().message + ": tests that record video will fail";
      }
    }
  }
  spec.argv.insert(spec.argv.end(), extra_args.begin(), extra_args.end());
  spec.working_dir = dir.string();
  spec.environment = options_.environment;
  bool colour_chosen =
      std::any_of(spec.environment.begin(), spec.environment.end(),
                  [](const auto& variable) { return variable.first == "FORCE_COLOR"; });
  if (!colour_chosen)
    spec.environment.emplace_back("FORCE_COLOR", "0");
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
  return cancel_requested_.load() || SteadyClock::now() >= deadline_;
}

PlaywrightBatchOutcome PlaywrightBatch::run(const ResultCallback& on_result) {
  on_result_ = &on_result;
  if (ledger_.tests().empty())
    return {};
  if (setup_error_) {
    finish(*setup_error_);
    return std::move(outcome_);
  }
  if (video_off_problem_)
    outcome_.problems.push_back(*video_off_problem_);
  {
    std::ofstream list(scratch_->path() / "tests.txt", std::ios::binary);
    list << playwright_test_list(ledger_.tests());
    if (!list.flush()) {
      finish(Error{"", "cannot write the test list in " + scratch_->path().string()});
      return std::move(outcome_);
    }
  }
  if (options_.timeout.count() > 0)
    deadline_ = SteadyClock::now() + options_.timeout;
  auto process = process_.run();
  finish(process);
  scratch_.reset(); // Playwright's output folder: the attachments are copied by now
  video_off_.reset();
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
        if constexpr (std::is_same_v<Event, PlaywrightTestBegin>) {
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
        }
      },
      **event);
}

void PlaywrightBatch::on_test_end(const PlaywrightTestEnd& end) {
  // Once the group is being killed, its dying workers make tests fail: such
  // a verdict is not the test's. finish() accounts for these tests.
  if (stopping())
    return;
  auto index = ledger_.claim(end);
  if (!index) {
    if (outcome_.problems.size() < max_problems)
      outcome_.problems.push_back("Playwright reported a test not asked for, or twice: " +
                                  describe_test(end));
    return;
  }
  const auto& test = ledger_.tests()[*index];
  if (auto reason = no_verdict_reason(end)) {
    outcome_.not_run.push_back({test, std::move(*reason)});
    return;
  }
  auto result = to_test_result(test, end, options_.tail_limit);
  if (!result->started_at) {
    result->finished_at = now();
    result->started_at = *result->finished_at - std::chrono::milliseconds(result->duration_ms);
  }
  for (auto& problem : keep_attachments(end.attachments, options_.artifacts, *result))
    if (outcome_.problems.size() < max_problems)
      outcome_.problems.push_back(std::move(problem));
  outcome_.results.push_back(std::move(*result));
  if (*on_result_)
    (*on_result_)(outcome_.results.back());
}

std::string PlaywrightBatch::unreported_reason(const ProcessOutcome& process) const {
  if (process.cancelled)
    return "cancelled";
  if (process.timed_out)
    return "the batch timed out after " + std::to_string(options_.timeout.count()) +
           " ms before this test ran";
  if (process.signal)
    return "the Playwright process was killed by " + signal_text(*process.signal) +
           " before this test reported";
  if (!run_errors_.empty())
    return "Playwright could not run it: " + run_errors_.front();
  if (ended_)
    return "Playwright did not find it: no test with this project, file and title (changed "
           "since the tests were listed?)";
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
  outcome_.timed_out = process->timed_out;
  outcome_.cancelled = process->cancelled || cancel_requested_.load();

  auto left = ledger_.unreported();
  if (process->timed_out && !process->cancelled) {
    for (auto index : ledger_.in_flight()) {
      const auto& test = ledger_.tests()[index];
      TestResult result;
      result.test_id = test.id;
      result.test_path = test.path;
      result.test_name = test.title;
      result.status = TestStatus::timed_out;
      result.error = "the batch timed out after " + std::to_string(options_.timeout.count()) +
                     " ms while this test ran";
      result.finished_at = now();
      result.started_at = began_at_.contains(index) ? began_at_[index] : *result.finished_at;
      result.duration_ms = (*result.finished_at - *result.started_at).count();
      std::erase(left, index);
      outcome_.results.push_back(std::move(result));
      if (*on_result_)
        (*on_result_)(outcome_.results.back());
    }
  }
  auto reason = unreported_reason(*process);
  for (auto index : left)
    outcome_.not_run.push_back({ledger_.tests()[index], reason});
}

} // namespace shardline
