// The `shardline` command line: maps flags onto the commands in tools/.
// CLI11 is heavy to compile, so it is included here only.

#include "strategies/strategy.hpp"
#include "tools/exit_code.hpp"
#include "tools/history_command.hpp"
#include "tools/preview_command.hpp"
#include "tools/run_command.hpp"
#include "tools/serve_command.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <unistd.h>

namespace {

std::string strategy_names() {
  std::string names;
  for (auto name : shardline::known_strategies())
    names += (names.empty() ? "" : ", ") + std::string{name};
  return names;
}

int default_workers() {
  auto cores = static_cast<int>(std::thread::hardware_concurrency());
  return cores > 0 ? cores : 1;
}

} // namespace

int main(int argc, char** argv) {
  using namespace shardline::cli;
  CLI::App app{"shardline: runs a test suite in parallel across workers and machines"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "shardline 0.1.0");

  PreviewOptions preview;
  preview.workers = default_workers();
  auto* preview_cmd = app.add_subcommand(
      "preview", "Show how a strategy would split a suite into shards, without running it");
  preview_cmd->add_option("--strategy,-s", preview.strategy, "One of: " + strategy_names())
      ->capture_default_str();
  preview_cmd->add_option("--workers,-w", preview.workers, "Number of shards")
      ->capture_default_str();
  preview_cmd
      ->add_option("--tag-mode", preview.tag_mode,
                   "For strategy tag: group (each tag on its own shards) or distribute (each tag "
                   "spread over all shards)")
      ->capture_default_str();
  preview_cmd->add_flag("--json", preview.json,
                        "Print the body POST /api/execution/parallel/strategies/preview answers");
  preview_cmd->add_flag("--tests", preview.list_tests, "List each shard's tests");
  preview_cmd->add_option("--db", preview.db,
                          "Plan with the durations and last results `shardline run` learnt "
                          "in this database file");
  preview_cmd
      ->add_option("suite", preview.input,
                   "A JSON file with {\"tests\": [...]} or an array of tests; - for stdin")
      ->required();

  RunOptions run;
  run.workers = default_workers();
  auto* run_cmd =
      app.add_subcommand("run", "Run a suite in parallel on local workers (Playwright by default)");
  run_cmd
      ->add_option("--runner", run.runner,
                   "playwright (the project in --dir) or command (an argv template after --)")
      ->capture_default_str();
  run_cmd->add_option("--tests", run.tests_file,
                      "A JSON suite ({\"tests\": [...]} or an array; - for stdin); for "
                      "Playwright, default: the project's tests");
  run_cmd->add_option("--workers,-w", run.workers, "Local workers")->capture_default_str();
  run_cmd->add_option("--strategy,-s", run.strategy, "One of: " + strategy_names())
      ->capture_default_str();
  run_cmd->add_option("--retries", run.retries, "Runs again a failed or timed-out test")
      ->capture_default_str();
  run_cmd->add_option("--timeout", run.timeout_ms,
                      "Per-test timeout in milliseconds (default: 30000 for commands; for "
                      "Playwright the config's, test.slow() and test.setTimeout() included)");
  run_cmd
      ->add_option("--max-failures", run.max_failures,
                   "Stop after this many failed tests; the rest are skipped (0: never)")
      ->capture_default_str();
  run_cmd->add_flag("!--no-steal", run.steal,
                    "Keep the planned shards: an idle worker does not take queued tests");
  run_cmd->add_option("--dir", run.dir,
                      "The Playwright project (default: here), or the commands' folder");
  run_cmd->add_option("--grep,-g", run.grep, "Playwright: only tests whose title matches");
  run_cmd->add_option("--project", run.projects,
                      "Playwright: only the tests of this project (repeatable, as Playwright's "
                      "--project: a name or a wildcard)");
  run_cmd->add_option("--artifacts", run.artifacts, "Where screenshots, traces and videos go")
      ->capture_default_str();
  run_cmd->add_option("--db", run.db,
                      "The database of each test's duration and last result, learnt run after "
                      "run (default: shardline.db in the project folder)");
  run_cmd->add_flag("!--no-db,!--no-history", run.use_history,
                    "Neither read nor update the database");
  run_cmd->add_option("--history", run.history,
                      "Deprecated: a JSON history of an earlier version, imported into the "
                      "database once (history.json in --artifacts is looked for anyway)");
  run_cmd->add_option("--json", run.json_file, "Write the session and every result here");
  run_cmd->add_option("--junit", run.junit_file, "Write a JUnit XML report here");
  run_cmd->add_flag("--quiet,-q", run.quiet, "No live progress, only the summary");
  run_cmd->add_option("command", run.command,
                      "After --: the argv template, with {path} {title} {id} {line}");

  ServeOptions serve;
  serve.local_workers = default_workers();
  auto* serve_cmd = app.add_subcommand(
      "serve", "Serve the REST API with a coordinator and local workers, until SIGINT or SIGTERM");
  serve_cmd->add_option("--http", serve.http, "HOST:PORT to listen on (port 0: any free one)")
      ->capture_default_str();
  serve_cmd->add_option("--local-workers", serve.local_workers, "Workers in this process")
      ->capture_default_str();
  serve_cmd->add_option("--slots", serve.slots, "Tests at once per local worker")
      ->capture_default_str();
  serve_cmd->add_option("--token", serve.token,
                        "Bearer token every request but /healthz and /metrics must carry "
                        "(default: SHARDLINE_TOKEN; without either, a random one is made, "
                        "printed once and written to --token-file)");
  serve_cmd->add_option("--token-file", serve.token_file,
                        "Where a generated token is written, readable by this user only "
                        "(default: $XDG_RUNTIME_DIR/shardline/token, else "
                        "~/.config/shardline/token)");
  serve_cmd->add_flag("--no-token", serve.no_token,
                      "No token at all: anyone who can connect runs commands as this user; "
                      "loopback addresses only");
  serve_cmd->add_option("--allowed-host", serve.allowed_hosts,
                        "A Host name accepted besides the listening address and localhost, "
                        "127.0.0.1, [::1] (NAME for any port, or NAME:PORT; repeatable)");
  serve_cmd->add_option("--allowed-origin", serve.allowed_origins,
                        "A web origin (http://NAME:PORT) whose pages may call the API, answered "
                        "with CORS headers and preflight (repeatable); other sites are refused");
  serve_cmd->add_option("--artifacts", serve.artifacts, "Where screenshots, traces and videos go")
      ->capture_default_str();
  serve_cmd
      ->add_option("--heartbeat-interval", serve.heartbeat_interval_ms,
                   "How often workers heartbeat, in ms")
      ->capture_default_str();
  serve_cmd
      ->add_option("--heartbeat-timeout", serve.heartbeat_timeout_ms,
                   "Silence after which a worker is lost, in ms")
      ->capture_default_str();
  serve_cmd->add_option("--log-level", serve.log_level, "trace, debug, info, warn, error, off")
      ->capture_default_str();
  serve_cmd
      ->add_option("--keep-sessions", serve.keep_sessions,
                   "Finished sessions kept for their status and results (in memory and in the "
                   "database); older ones are forgotten")
      ->capture_default_str();
  serve_cmd->add_option("--keep-days", serve.keep_days,
                        "Sessions started longer ago than this are forgotten at start "
                        "(default: kept until --keep-sessions drops them)");
  serve_cmd->add_option("--db", serve.db,
                        "The database of sessions, results and test history; it survives a "
                        "restart (default: shardline.db in the current folder)");
  serve_cmd->add_flag("!--no-db", serve.use_db,
                      "No database: what serve knows is lost when it stops");
  serve_cmd->add_option("--project-root", serve.project_root,
                        "The folder every dir a client names must lie in (discover.dir, "
                        "config.runner.dir; default: the current folder)");
  serve_cmd
      ->add_option("--max-agents", serve.max_agents,
                   "HTTP worker agents registered at once; one more is answered 503")
      ->capture_default_str();
  serve_cmd
      ->add_option("--http-nice", serve.http_nice,
                   "Nice value of the HTTP threads (0-19): serving yields the CPU to the tests")
      ->capture_default_str();

  HistoryOptions history;
  auto* history_cmd = app.add_subcommand(
      "history", "What the runs recorded in the database say about the tests, or import a "
                 "report of a run without shardline into it");
  history_cmd
      ->add_option("question", history.question,
                   "slowest (by duration), flaky (by share of runs that passed only on a "
                   "retry), failing (last verdict failed, most failures first), or import "
                   "(record a report of a run without shardline as one run, so the first "
                   "shardline run is already balanced)")
      ->required();
  history_cmd->add_option(
      "file", history.file,
      "import: a report of Playwright's JSON reporter (--reporter=json), or JUnit XML from any "
      "CI (Playwright's --reporter=junit, pytest, surefire, jest-junit...); told apart by the "
      "first character, { or <");
  history_cmd->add_option("--db", history.db,
                          "The database file `shardline run` writes (default: shardline.db in "
                          "--dir, or here)");
  history_cmd->add_option("--dir", history.dir,
                          "The project folder, as for `shardline run` (default: here); a JUnit "
                          "import keys its testcases as shardline lists this Playwright "
                          "project's tests");
  history_cmd->add_option("--tests", history.tests_file,
                          "import of JUnit XML: key its testcases as the tests of this suite "
                          "file (as `shardline run --tests`) instead of a Playwright project");
  history_cmd->add_option("--project", history.projects,
                          "import of JUnit XML: the Playwright projects `shardline run "
                          "--project` names (repeatable)");
  history_cmd->add_option("--limit,-n", history.limit, "How many tests at most (1 to 100000)")
      ->capture_default_str();
  history_cmd->add_flag("--json", history.json, "A JSON array instead of the table");

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e); // --help, --version
  } catch (const CLI::ParseError& e) {
    auto* where = app.get_subcommands().empty() ? &app : app.get_subcommands().front();
    std::cerr << "shardline" << (where == &app ? "" : " " + where->get_name()) << ": " << e.what()
              << " (see --help)\n";
    return exit_usage;
  }

  try {
    if (preview_cmd->parsed())
      return run_preview(preview, std::cout, std::cerr);
    if (history_cmd->parsed())
      return run_history(history, std::cout, std::cerr);
    if (serve_cmd->parsed())
      return run_serve(serve, std::cout, std::cerr);
    if (run_cmd->parsed()) {
      run.view.terminal = ::isatty(STDOUT_FILENO) == 1;
      run.view.colour = run.view.terminal && std::getenv("NO_COLOR") == nullptr;
      return run_tests(run, std::cout, std::cerr);
    }
  } catch (const std::exception& e) {
    std::cerr << "shardline: internal error: " << e.what() << '\n';
    return exit_usage;
  }
  return exit_usage;
}
