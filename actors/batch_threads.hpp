#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace shardline {

/// The threads of an executor's running batches: each batch runs on a thread
/// of its own, with the way to stop it early. A thread whose batch has ended
/// waits `linger` for the next one before it exits, so a worker that runs
/// one short test after another (the command runner's batches are single
/// tests) does not pay a thread's creation per test. Destroying it stops
/// every batch and waits for every thread, so nothing outlives the executor.
class BatchThreads {
public:
  static constexpr std::chrono::milliseconds default_linger{10000};

  explicit BatchThreads(std::chrono::milliseconds linger = default_linger) : linger_(linger) {}
  BatchThreads(const BatchThreads&) = delete;
  BatchThreads& operator=(const BatchThreads&) = delete;
  ~BatchThreads();

  /// Runs `work` on a thread that runs nothing else meanwhile: an idle one
  /// if there is one, else a new one. `stop` ends it early and may be called
  /// from any thread, also after `work` has returned.
  void start(std::uint64_t run_id, std::function<void()> stop, std::function<void()> work);

  /// Stops a running batch; nothing when it has ended.
  void stop(std::uint64_t run_id);

  /// Threads alive now: running a batch or waiting for one.
  std::size_t threads();

  /// Threads waiting for a batch.
  std::size_t idle_threads();

private:
  struct Batch {
    std::uint64_t run_id;
    std::function<void()> work;
  };

  void serve();
  void join_exited();

  std::chrono::milliseconds linger_;
  std::mutex mutex_;
  std::condition_variable batch_waiting_;
  std::deque<Batch> waiting_;                            // started, no thread yet
  std::map<std::uint64_t, std::function<void()>> stops_; // started, not ended
  std::size_t idle_ = 0;                                 // threads waiting for a batch
  bool closing_ = false;
  std::map<std::thread::id, std::thread> threads_;
  std::vector<std::thread> exited_; // lingered out, to join
};

} // namespace shardline
