#pragma once

#include "runners/process.hpp"

#include <mutex>

namespace shardline {

/// Cancels, from any thread, the Process that another thread is running:
/// a listing in flight when a server shuts down. A cancel that comes before
/// the process is attached cancels it as soon as it is (Process::cancel
/// before run() makes run() start nothing).
class ProcessCanceller {
public:
  void cancel() {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
    if (process_ != nullptr)
      process_->cancel();
  }

  bool cancelled() const {
    std::lock_guard lock(mutex_);
    return cancelled_;
  }

  /// The process being run from now on; nullptr once its run() returned.
  void attach(Process* process) {
    std::lock_guard lock(mutex_);
    process_ = process;
    if (cancelled_ && process_ != nullptr)
      process_->cancel();
  }

private:
  mutable std::mutex mutex_;
  Process* process_ = nullptr;
  bool cancelled_ = false;
};

} // namespace shardline
