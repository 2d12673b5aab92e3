#pragma once

#include "actors/test_executor.hpp"
#include "runners/command_runner.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace shardline {

/// Runs each assignment through the command runner (runners/) on a thread
/// of its own: one process group per test, killed on timeout or cancel.
class CommandExecutor final : public TestExecutor {
public:
  explicit CommandExecutor(CommandOptions options = {});

  /// Cancels what still runs and waits for every thread.
  ~CommandExecutor() override;

  void start(std::uint64_t run_id, const TestAssignment& assignment, Done done) override;
  void cancel(std::uint64_t run_id) override;

private:
  void join_finished();

  CommandOptions options_;
  std::mutex mutex_;
  std::map<std::uint64_t, std::shared_ptr<CommandRun>> runs_; // running
  std::map<std::uint64_t, std::thread> threads_;              // running
  std::vector<std::thread> finished_;                         // ended, to join
};

} // namespace shardline
