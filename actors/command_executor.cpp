#include "actors/command_executor.hpp"

#include <memory>
#include <mutex>

namespace shardline {

namespace {

/// How another thread stops a batch: a flag for the tests not started yet
/// and the process of the one running.
struct Control {
  std::mutex mutex;
  bool cancelled = false;
  std::shared_ptr<CommandRun> current;

  void stop() {
    std::lock_guard<std::mutex> guard{mutex};
    cancelled = true;
    if (current)
      current->cancel();
  }
};

} // namespace

CommandExecutor::CommandExecutor(CommandOptions options) : options_(std::move(options)) {}

void CommandExecutor::start(std::uint64_t run_id, std::vector<TestAssignment> batch, Report report,
                            Done done) {
  auto control = std::make_shared<Control>();
  auto work = [this, control, batch = std::move(batch), report = std::move(report),
               done = std::move(done)] {
    std::vector<std::uint64_t> not_run;
    for (const auto& assignment : batch) {
      std::shared_ptr<CommandRun> run;
      {
        std::lock_guard<std::mutex> guard{control->mutex};
        if (control->cancelled) {
          not_run.push_back(assignment.epoch);
          continue;
        }
        run = std::make_shared<CommandRun>(assignment.test, assignment.runner,
                                           std::chrono::milliseconds{assignment.test_timeout_ms},
                                           options_);
        control->current = run;
      }
      auto result = run->run();
      std::lock_guard<std::mutex> guard{control->mutex};
      // A cancelled test has no verdict: it is handed back, never reported.
      if (control->cancelled)
        not_run.push_back(assignment.epoch);
      else
        report(assignment.epoch, std::move(result));
    }
    done(std::move(not_run));
  };
  threads_.start(
      run_id, [control] { control->stop(); }, std::move(work));
}

} // namespace shardline
