#pragma once

#include <atomic>
#include <functional>
#include <thread>

namespace shardline::cli {

/// Turns SIGINT and SIGTERM into calls of `on_signal` on a thread of its own,
/// where it may take locks and send messages (a signal handler may do
/// neither). Construct it before any other thread starts: it blocks both
/// signals in the constructing thread, and threads started later inherit that
/// mask, so only its own thread ever receives them. Child processes do not:
/// the runners reset the mask of every process they spawn. The destructor
/// stops the thread and restores the mask.
class InterruptWatch {
public:
  /// `on_signal(signal, count)`: count is 1 for the first signal, 2 for the
  /// second, and so on.
  explicit InterruptWatch(std::function<void(int signal, int count)> on_signal);
  ~InterruptWatch();

  InterruptWatch(const InterruptWatch&) = delete;
  InterruptWatch& operator=(const InterruptWatch&) = delete;

  /// The first signal received, or 0.
  int signal() const { return first_signal_.load(); }

private:
  void watch();

  std::function<void(int, int)> on_signal_;
  std::atomic<int> first_signal_{0};
  int signal_fd_ = -1;
  int stop_fd_ = -1; // an eventfd the destructor writes to wake the thread
  bool restore_mask_ = false;
  std::thread thread_;
};

/// The conventional exit code of a process ended by `signal` (130 for SIGINT).
constexpr int exit_code_for_signal(int signal) {
  return 128 + signal;
}

} // namespace shardline::cli
