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

/// Runs each batch through the command runner (runners/) on a thread of its
/// own, one test after the other, each test its own process group, killed
/// on timeout or cancel.
class CommandExecutor final : public TestExecutor {
public:
  explicit CommandExecutor(CommandOptions options = {});

  /// Cancels what still runs and waits for every thread.
  ~CommandExecutor() override;

  void start(std::uint64_t run_id, std::vector<TestAssignment> batch, Report report,
             Done done) override;
  void cancel(std::uint64_t run_id) override;

private:
  /// What another thread needs to stop a batch: its current process and a
  /// flag for the tests not started yet.
  struct Control {
    std::mutex mutex;
    bool cancelled = false;
    std::shared_ptr<CommandRun> current;
  };

  void run_batch(std::uint64_t run_id, std::vector<TestAssignment> batch, Report report, Done done,
                 std::shared_ptr<Control> control);
  void join_finished();

  CommandOptions options_;
  std::mutex mutex_;
  std::map<std::uint64_t, std::shared_ptr<Control>> controls_; // running
  std::map<std::uint64_t, std::thread> threads_;               // running
  std::vector<std::thread> finished_;                          // ended, to join
};

} // namespace shardline
