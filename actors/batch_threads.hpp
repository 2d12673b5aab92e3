#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace shardline {

/// The threads of an executor's running batches: one per batch, each with
/// the way to stop it early. Destroying it stops every batch and waits for
/// its thread, so nothing outlives the executor.
class BatchThreads {
public:
  BatchThreads() = default;
  BatchThreads(const BatchThreads&) = delete;
  BatchThreads& operator=(const BatchThreads&) = delete;
  ~BatchThreads();

  /// Runs `work` on a thread of its own; `stop` ends it early and may be
  /// called from any thread, also after `work` has returned.
  void start(std::uint64_t run_id, std::function<void()> stop, std::function<void()> work);

  /// Stops a running batch; nothing when it has ended.
  void stop(std::uint64_t run_id);

private:
  void join_finished();

  struct Running {
    std::function<void()> stop;
    std::thread thread;
  };

  std::mutex mutex_;
  std::map<std::uint64_t, Running> running_;
  std::vector<std::thread> finished_; // ended, to join
};

} // namespace shardline
