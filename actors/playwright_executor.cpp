#include "actors/playwright_executor.hpp"

#include "runners/playwright_batch.hpp"

#include <memory>
#include <unordered_map>

namespace shardline {

PlaywrightExecutor::PlaywrightExecutor(PlaywrightExecutorOptions options)
    : options_(std::move(options)) {}

void PlaywrightExecutor::start(std::uint64_t run_id, std::vector<TestAssignment> batch,
                               Report report, Done done) {
  if (batch.empty()) {
    done({});
    return;
  }
  const auto& first = batch.front();
  PlaywrightBatchOptions options;
  options.dir = first.runner.dir;
  options.reporter = options_.reporter;
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
  auto playwright = std::make_shared<PlaywrightBatch>(std::move(tests), std::move(options));
  auto work = [playwright, epochs = std::move(epochs), report = std::move(report),
               done = std::move(done)] {
    auto outcome = playwright->run([&](const TestResult& result) {
      if (auto it = epochs.find(result.test_id); it != epochs.end())
        report(it->second, result);
    });
    std::vector<std::uint64_t> not_run;
    for (const auto& missing : outcome.not_run)
      if (auto it = epochs.find(missing.test.id); it != epochs.end())
        not_run.push_back(it->second);
    done(std::move(not_run));
  };
  threads_.start(
      run_id, [playwright] { playwright->cancel(); }, std::move(work));
}

void RunnerExecutor::start(std::uint64_t run_id, std::vector<TestAssignment> batch, Report report,
                           Done done) {
  bool playwright = !batch.empty() && batch.front().runner.kind == RunnerKind::playwright;
  (playwright ? playwright_ : command_)
      ->start(run_id, std::move(batch), std::move(report), std::move(done));
}

void RunnerExecutor::cancel(std::uint64_t run_id) {
  // Run ids come from the one worker that owns this executor: unique across both.
  command_->cancel(run_id);
  playwright_->cancel(run_id);
}

} // namespace shardline
