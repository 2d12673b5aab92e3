#include "actors/command_executor.hpp"

namespace shardline {

CommandExecutor::CommandExecutor(CommandOptions options) : options_(std::move(options)) {}

CommandExecutor::~CommandExecutor() {
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> guard{mutex_};
    for (auto& [run_id, control] : controls_) {
      std::lock_guard<std::mutex> stop{control->mutex};
      control->cancelled = true;
      if (control->current)
        control->current->cancel();
    }
    for (auto& [run_id, thread] : threads_)
      threads.push_back(std::move(thread));
    threads_.clear();
    for (auto& thread : finished_)
      threads.push_back(std::move(thread));
    finished_.clear();
  }
  for (auto& thread : threads)
    if (thread.joinable())
      thread.join();
}

void CommandExecutor::start(std::uint64_t run_id, std::vector<TestAssignment> batch, Report report,
                            Done done) {
  join_finished();
  auto control = std::make_shared<Control>();
  std::lock_guard<std::mutex> guard{mutex_};
  controls_.emplace(run_id, control);
  threads_.emplace(run_id, std::thread{&CommandExecutor::run_batch, this, run_id, std::move(batch),
                                       std::move(report), std::move(done), control});
}

void CommandExecutor::run_batch(std::uint64_t run_id, std::vector<TestAssignment> batch,
                                Report report, Done done, std::shared_ptr<Control> control) {
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
    bool cancelled = false;
    {
      std::lock_guard<std::mutex> guard{control->mutex};
      cancelled = control->cancelled;
    }
    // A cancelled test has no verdict: it is handed back, never reported.
    if (cancelled)
      not_run.push_back(assignment.epoch);
    else
      report(assignment.epoch, std::move(result));
  }
  done(std::move(not_run));
  std::lock_guard<std::mutex> guard{mutex_};
  controls_.erase(run_id);
  if (auto it = threads_.find(run_id); it != threads_.end()) {
    finished_.push_back(std::move(it->second));
    threads_.erase(it);
  }
}

void CommandExecutor::cancel(std::uint64_t run_id) {
  std::shared_ptr<Control> control;
  {
    std::lock_guard<std::mutex> guard{mutex_};
    if (auto it = controls_.find(run_id); it != controls_.end())
      control = it->second;
  }
  if (!control)
    return;
  std::lock_guard<std::mutex> guard{control->mutex};
  control->cancelled = true;
  if (control->current)
    control->current->cancel();
}

void CommandExecutor::join_finished() {
  std::vector<std::thread> ended;
  {
    std::lock_guard<std::mutex> guard{mutex_};
    ended.swap(finished_);
  }
  for (auto& thread : ended)
    thread.join();
}

} // namespace shardline
