#pragma once

#include "actors/batch_threads.hpp"
#include "actors/test_executor.hpp"

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

namespace shardline {

class PlaywrightWebServers;

struct PlaywrightExecutorOptions {
  std::filesystem::path artifacts; // <artifacts>/<session>/<test>/...; empty: not kept
  std::string reporter;            // the JSON-lines reporter; empty: found next to the binary
  std::chrono::milliseconds kill_grace{5000};
  std::vector<std::string> extra_args; // e.g. {"--headed"}
  std::string project_root;            // serve's: see PlaywrightBatchOptions::project_root
  /// The machine's web-server hosts, shared by all its executors: a config's
  /// webServer runs once per session (runners/playwright_web_servers.hpp).
  /// Null: each batch starts the config's web servers itself.
  std::shared_ptr<PlaywrightWebServers> web_servers;
};

/// Runs each batch as one `playwright test` invocation (runners/
/// playwright_batch.hpp) on a thread of its own, in the project folder the
/// assignments' runner names. Each result is reported as its test ends;
/// tests without a verdict (Playwright killed, interrupted, cancelled) are
/// handed back to run again. A session's first batch in a project whose
/// config names a webServer starts the session's web-server host first;
/// every batch of the session waits for it and runs without the config's
/// webServer entries, until the session is over.
class PlaywrightExecutor final : public TestExecutor {
public:
  explicit PlaywrightExecutor(PlaywrightExecutorOptions options = {});

  void start(std::uint64_t run_id, std::vector<TestAssignment> batch, Report report,
             Done done) override;
  void cancel(std::uint64_t run_id) override { threads_.stop(run_id); }
  void session_over(const std::string& session_id) override;

private:
  PlaywrightExecutorOptions options_;
  BatchThreads threads_; // last: stopped and joined before the rest goes
};

/// Routes each batch to the executor of the runner its assignments name:
/// what a worker that serves both kinds of session uses.
class RunnerExecutor final : public TestExecutor {
public:
  RunnerExecutor(std::shared_ptr<TestExecutor> command, std::shared_ptr<TestExecutor> playwright)
      : command_(std::move(command)), playwright_(std::move(playwright)) {}

  void start(std::uint64_t run_id, std::vector<TestAssignment> batch, Report report,
             Done done) override;
  void cancel(std::uint64_t run_id) override;
  void session_over(const std::string& session_id) override;

private:
  std::shared_ptr<TestExecutor> command_;
  std::shared_ptr<TestExecutor> playwright_;
};

} // namespace shardline
