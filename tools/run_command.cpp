#include "tools/run_command.hpp"

#include "actors/actor_config.hpp"
#include "actors/local_runtime.hpp"
#include "model/json_text.hpp"
#include "model/ranges.hpp"
#include "runners/command_template.hpp"
#include "runners/subreaper.hpp"
#include "store/history_db.hpp"
#include "store/store_file.hpp"
#include "strategies/strategy.hpp"
#include "tools/exit_code.hpp"
#include "tools/interrupt_watch.hpp"
#include "tools/junit_report.hpp"
#include "tools/progress_observer.hpp"
#include "tools/run_summary.hpp"
#include "tools/suite_source.hpp"

#include <caf/actor_system.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <string_view>

namespace shardline::cli {

namespace {

nlohmann::json report(const SessionOutcome& outcome) {
  auto json = encode(outcome.session);
  auto& results = json["results"] = nlohmann::json::array();
  for (const auto& result : outcome.results)
    results.push_back(encode(result));
  return json;
}

// Playwright runs in its project's folder, named absolutely so workers in
// other folders find it; commands run where they were asked to.
std::string runner_dir(const RunOptions& options, RunnerKind kind) {
  if (kind == RunnerKind::command)
    return options.dir;
  return std::filesystem::absolute(options.dir.empty() ? "." : options.dir).lexically_normal();
}

} // namespace

int run_tests(const RunOptions& options, std::ostream& out, std::ostream& err) {
  auto fail = [&](const std::string& what) {
    err << "shardline run: " << what << '\n';
    return exit_usage;
  };
  auto kind = parse_runner_kind(options.runner);
  if (!kind)
    return fail("--runner: unknown value \"" + options.runner + "\"; allowed: playwright, command");
  if (*kind == RunnerKind::command && options.command.empty())
    return fail("--runner command needs a command template after --, e.g. -- ./run-one {path}");
  if (*kind == RunnerKind::command && options.tests_file.empty())
    return fail("--tests: a suite file is required with --runner command");
  if (*kind == RunnerKind::playwright && !options.command.empty())
    return fail("a command template after -- is only for --runner command");
  if (*kind == RunnerKind::command)
    if (auto problem = validate_template(options.command, "command template"))
      err << "shardline run: warning: " << problem->to_string() << '\n';
  if (auto strategy = make_strategy(options.strategy); !strategy)
    return fail("--strategy: " + strategy.error().message);
  if (options.workers < 1 || options.workers > max_worker_count)
    return fail("--workers: must be between 1 and " + std::to_string(max_worker_count) + " (got " +
                std::to_string(options.workers) + ")");
  // The ranges of the REST contract's retries, maxFailures and testTimeoutMs.
  if (!ranges::retries.contains(options.retries))
    return fail("--retries: " +
                out_of_range_message(std::to_string(options.retries), ranges::retries));
  if (!ranges::max_failures.contains(options.max_failures))
    return fail("--max-failures: " +
                out_of_range_message(std::to_string(options.max_failures), ranges::max_failures));
  if (options.timeout_ms && !ranges::test_timeout_ms.contains(*options.timeout_ms))
    return fail("--timeout: " +
                out_of_range_message(std::to_string(*options.timeout_ms), ranges::test_timeout_ms));
  if (*kind == RunnerKind::command && !options.projects.empty())
    return fail("--project is only for --runner playwright");

  // Ctrl-C (or SIGTERM) cancels the session: its tests are stopped, what
  // finished is reported, and the exit code says it was interrupted. A second
  // one leaves at once.
  SessionCancel cancel;
  InterruptWatch interrupts([&](int signal, int count) {
    if (count > 1)
      std::_Exit(exit_code_for_signal(signal));
    err << "\nshardline run: interrupted: stopping the tests (again to leave at once)" << std::endl;
    cancel.cancel();
  });

  // What earlier runs learnt: each test's duration (longest first) and last
  // result (fail-first), in the project's database file. A file shardline
  // cannot trust is refused before anything runs: it is never started over.
  std::optional<sqlite::Database> db;
  if (options.use_history) {
    auto db_file = options.db.empty()
                       ? std::filesystem::path(runner_dir(options, *kind)) / "shardline.db"
                       : std::filesystem::path(options.db);
    auto opened = open_store(db_file);
    if (!opened)
      return fail(opened.error().to_string());
    db.emplace(std::move(*opened));
    // The JSON history of earlier versions moves into the database once.
    auto json_file = options.history.empty()
                         ? std::filesystem::path(options.artifacts) / "history.json"
                         : std::filesystem::path(options.history);
    if (!options.history.empty())
      err << "shardline run: warning: --history is deprecated: the history lives in "
          << db_file.string() << " (--db); " << json_file.string() << " is imported into it once\n";
    auto imported = import_history_json(*db, json_file);
    if (!imported)
      err << "shardline run: warning: " << imported.error().to_string() << "; it is not imported\n";
    else if (*imported == HistoryImport::imported)
      out << "shardline: imported the history in " << json_file.string() << " into "
          << db_file.string() << std::endl;
  }

  auto tests = load_suite({options.tests_file, options.dir, options.grep, options.projects});
  if (!tests)
    return fail(tests.error().to_string());
  if (interrupts.signal() != 0)
    return exit_code_for_signal(interrupts.signal());

  if (db) {
    auto history = read_history(*db);
    if (history)
      history->apply(*tests);
    else
      err << "shardline run: warning: " << history.error().to_string()
          << "; going on without the history\n";
  }

  if (auto error = become_subreaper())
    err << "shardline run: warning: " << error->to_string() << '\n';

  ParallelExecutionConfig config;
  config.strategy = options.strategy;
  config.worker_count = options.workers;
  config.retries = options.retries;
  // Playwright's config timeouts stand unless --timeout is given.
  config.test_timeout_ms = options.timeout_ms.value_or(default_test_timeout_ms(*kind));
  config.max_failures = options.max_failures;
  config.steal = options.steal;
  config.runner = RunnerConfig{*kind, options.command, runner_dir(options, *kind)};

  out << "shardline: " << tests->size() << " tests on " << options.workers << " workers, strategy "
      << options.strategy << std::endl;
  auto started = std::chrono::steady_clock::now();
  Result<SessionOutcome> outcome = Error{"", "not run"};
  {
    ActorConfig actor_config;
    caf::actor_system system{actor_config};
    LocalRuntime::Settings settings;
    settings.workers = options.workers;
    settings.playwright.artifacts = std::filesystem::absolute(options.artifacts);
    LocalRuntime runtime{system, settings};
    session_observer_actor view;
    if (!options.quiet)
      view = spawn_progress_observer(system, out, options.view);
    outcome = runtime.run({std::move(*tests), config}, view, &cancel);
  }
  // Each test's leftovers died with it; this catches any a test that was
  // still starting when the run was stopped left behind.
  kill_all_leftovers();
  auto wall_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - started)
                     .count();
  if (!outcome) {
    err << "shardline run: " << outcome.error().to_string() << '\n';
    return exit_usage;
  }
  if (db) {
    if (auto recorded = record_history(*db, outcome->results); !recorded)
      err << "shardline run: warning: the history was not updated: " << recorded.error().to_string()
          << '\n';
  }
  SummaryOptions summary;
  summary.wall_ms = wall_ms;
  summary.artifacts = std::filesystem::absolute(options.artifacts);
  out << run_summary(*outcome, summary) << std::flush;
  if (!options.json_file.empty()) {
    std::ofstream file(options.json_file);
    file << to_json_text(report(*outcome), 2) << '\n';
    if (!file) {
      err << "shardline run: cannot write \"" << options.json_file << "\"\n";
      return exit_usage;
    }
  }
  if (!options.junit_file.empty()) {
    std::ofstream file(options.junit_file);
    file << junit_report(outcome->results);
    if (!file) {
      err << "shardline run: cannot write \"" << options.junit_file << "\"\n";
      return exit_usage;
    }
  }
  const auto& session = outcome->session;
  if (interrupts.signal() != 0)
    return exit_code_for_signal(interrupts.signal());
  return session.status == SessionStatus::completed && session.progress.failed == 0
             ? exit_ok
             : exit_tests_failed;
}

} // namespace shardline::cli
