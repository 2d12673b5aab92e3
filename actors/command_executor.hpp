#pragma once

#include "actors/batch_threads.hpp"
#include "actors/test_executor.hpp"
#include "runners/command_runner.hpp"

namespace shardline {

/// Runs each batch through the command runner (runners/) on a thread of its
/// own, one test after the other, each test its own process group, killed on
/// timeout or cancel. A cancelled test is handed back, never reported.
class CommandExecutor final : public TestExecutor {
public:
  explicit CommandExecutor(CommandOptions options = {});

  void start(std::uint64_t run_id, std::vector<TestAssignment> batch, Report report,
             Done done) override;
  void cancel(std::uint64_t run_id) override { threads_.stop(run_id); }

private:
  CommandOptions options_;
  BatchThreads threads_; // last: stopped and joined before the rest goes
};

} // namespace shardline
