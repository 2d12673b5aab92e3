#pragma once

// Whether the store's writes go through, for /healthz: the store actor
// writes it, any thread reads it.

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

namespace shardline {

/// The state of the database writes. Degraded while a commit fails (a full
/// disk, a read-only file): the writes wait in memory and are retried.
class StoreHealth {
public:
  /// A commit failed, for this reason.
  void failing(std::string reason) {
    std::lock_guard lock(mutex_);
    reason_ = std::move(reason);
    ++failures_;
  }

  /// A commit went through.
  void committed(std::uint64_t writes) {
    std::lock_guard lock(mutex_);
    reason_.reset();
    ++commits_;
    writes_ += writes;
  }

  /// Why writes fail now; empty while they go through.
  std::optional<std::string> degraded() const {
    std::lock_guard lock(mutex_);
    return reason_;
  }

  std::uint64_t failures() const {
    std::lock_guard lock(mutex_);
    return failures_;
  }

  std::uint64_t commits() const {
    std::lock_guard lock(mutex_);
    return commits_;
  }

  std::uint64_t writes() const {
    std::lock_guard lock(mutex_);
    return writes_;
  }

private:
  mutable std::mutex mutex_;
  std::optional<std::string> reason_;
  std::uint64_t failures_ = 0;
  std::uint64_t commits_ = 0;
  std::uint64_t writes_ = 0;
};

} // namespace shardline
