#include "actors/command_executor.hpp"

namespace shardline {

CommandExecutor::CommandExecutor(CommandOptions options) : options_(std::move(options)) {}

CommandExecutor::~CommandExecutor() {
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> guard{mutex_};
    for (auto& [run_id, run] : runs_)
      run->cancel();
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

void CommandExecutor::start(std::uint64_t run_id, const TestAssignment& assignment, Done done) {
  join_finished();
  if (assignment.runner.kind != RunnerKind::command) {
    TestResult result;
    result.test_id = assignment.test.id;
    result.test_path = assignment.test.path;
    result.test_name = assignment.test.title;
    result.status = TestStatus::failed;
    result.error = "this worker runs only the command runner";
    done(std::move(result));
    return;
  }
  auto run =
      std::make_shared<CommandRun>(assignment.test, assignment.runner,
                                   std::chrono::milliseconds{assignment.test_timeout_ms}, options_);
  std::lock_guard<std::mutex> guard{mutex_};
  runs_.emplace(run_id, run);
  threads_.emplace(run_id, std::thread{[this, run_id, run, done = std::move(done)] {
                     auto result = run->run();
                     done(std::move(result));
                     std::lock_guard<std::mutex> guard{mutex_};
                     runs_.erase(run_id);
                     if (auto it = threads_.find(run_id); it != threads_.end()) {
                       finished_.push_back(std::move(it->second));
                       threads_.erase(it);
                     }
                   }});
}

void CommandExecutor::cancel(std::uint64_t run_id) {
  std::lock_guard<std::mutex> guard{mutex_};
  if (auto it = runs_.find(run_id); it != runs_.end())
    it->second->cancel();
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
