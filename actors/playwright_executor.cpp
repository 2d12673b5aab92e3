#include "actors/playwright_executor.hpp"

#include "runners/playwright_batch.hpp"
#include "runners/playwright_web_servers.hpp"

#include <memory>
#include <mutex>
#include <stop_token>
#include <unordered_map>

namespace shardline {

PlaywrightExecutor::PlaywrightExecutor(PlaywrightExecutorOptions options)
    : options_(std::move(options)) {}

namespace {

// A batch between start() and its end, seen by the thread that runs it and
// by whoever stops it: stopping may come while it waits for the session's
// web servers, before the batch exists.
struct PlaywrightRun {
  std::stop_source stop;
  std::mutex mutex;
  std::shared_ptr<PlaywrightBatch> batch;

  void cancel() {
    stop.request_stop();
    std::lock_guard lock(mutex);
    if (batch)
      batch->cancel();
  }
};

// The session's web-server host for the batch's project, when its config
// names a webServer; null when there is none to share.
std::shared_ptr<PlaywrightWebServerHost> web_servers_for(PlaywrightWebServers* web_servers,
                                                         const std::string& session,
                                                         const PlaywrightBatchOptions& batch) {
  if (web_servers == nullptr)
    return nullptr;
  std::error_code error;
  auto dir = std::filesystem::absolute(batch.dir.empty() ? "." : batch.dir, error);
  auto config = playwright_config_file(dir, batch.extra_args);
  auto hold_script = playwright_web_server_hold_script(batch.reporter);
  if (!config || hold_script.empty() || !playwright_config_names_web_server(*config))
    return nullptr;
  PlaywrightWebServerOptions options;
  options.dir = dir.string();
  options.config = *config;
  options.hold_script = std::move(hold_script);
  options.environment = batch.environment;
  options.project_root = batch.project_root;
  options.kill_grace = batch.kill_grace;
  return web_servers->acquire(session, std::move(options));
}

} // namespace

void PlaywrightExecutor::start(std::uint64_t run_id, std::vector<TestAssignment> batch,
                               Report report, Done done) {
  if (batch.empty()) {
    done({});
    return;
  }
  const auto& first = batch.front();
  PlaywrightBatchOptions options;
  options.dir = first.runner.dir;
  options.reporter = options_.reporter.empty() ? find_playwright_reporter() : options_.reporter;
  options.artifacts = ArtifactStore{options_.artifacts, first.session_id};
  // Zero: the config's timeouts stand. The batch's deadline derives from the
  // timeouts Playwright reports (runners/playwright_deadline.hpp).
  options.test_timeout = std::chrono::milliseconds{first.test_timeout_ms};
  options.kill_grace = options_.kill_grace;
  options.extra_args = options_.extra_args;
  options.project_root = options_.project_root;
  std::vector<TestFile> tests;
  std::unordered_map<std::string, std::uint64_t> epochs; // by test id
  for (const auto& assignment : batch) {
    tests.push_back(assignment.test);
    epochs.emplace(assignment.test.id, assignment.epoch);
  }
  auto run = std::make_shared<PlaywrightRun>();
  auto work = [run, web_servers = options_.web_servers, session = first.session_id,
               tests = std::move(tests), options = std::move(options), epochs = std::move(epochs),
               report = std::move(report), done = std::move(done)]() mutable {
    // Blocks this batch's thread, never the worker's, while the session's
    // web servers come up.
    auto host = web_servers_for(web_servers.get(), session, options);
    if (host && host->wait_ready(run->stop.get_token())) {
      options.without_web_servers = true;
      auto added = host->environment();
      options.environment.insert(options.environment.end(), added.begin(), added.end());
    }
    auto playwright = std::make_shared<PlaywrightBatch>(std::move(tests), std::move(options));
    {
      std::lock_guard lock(run->mutex);
      run->batch = playwright;
    }
    if (run->stop.stop_requested())
      playwright->cancel();
    auto outcome = playwright->run([&](const TestResult& result) {
      if (auto it = epochs.find(result.test_id); it != epochs.end())
        report(it->second, result);
    });
    host.reset();
    if (web_servers)
      web_servers->prune();
    std::vector<std::uint64_t> not_run;
    for (const auto& missing : outcome.not_run)
      if (auto it = epochs.find(missing.test.id); it != epochs.end())
        not_run.push_back(it->second);
    done(std::move(not_run));
  };
  threads_.start(
      run_id, [run] { run->cancel(); }, std::move(work));
}

void PlaywrightExecutor::session_over(const std::string& session_id) {
  if (options_.web_servers)
    options_.web_servers->release(session_id);
}

void RunnerExecutor::start(std::uint64_t run_id, std::vector<TestAssignment> batch, Report report,
                           Done done) {
  bool playwright = !batch.empty() && batch.front().runner.kind == RunnerKind::playwright;
  (playwright ? playwright_ : command_)
      ->start(run_id, std::move(batch), std::move(report), std::move(done));
}

void RunnerExecutor::session_over(const std::string& session_id) {
  command_->session_over(session_id);
  playwright_->session_over(session_id);
}

void RunnerExecutor::cancel(std::uint64_t run_id) {
  // Run ids come from the one worker that owns this executor: unique across both.
  command_->cancel(run_id);
  playwright_->cancel(run_id);
}

} // namespace shardline
