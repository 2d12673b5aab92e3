#pragma once

// Where sessions publish their latest state for fast reads: a status request
// reads it from any thread without an actor round trip.

#include "model/execution_session.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace shardline {

/// The latest published state of every session, thread-safe. A published
/// state is immutable: readers keep the pointer as long as they like while
/// the session publishes newer ones. Sessions publish when their progress,
/// status or shards change (at most every few tens of milliseconds while
/// running, and always their final state).
class SessionBoard {
public:
  using Snapshot = std::shared_ptr<const ExecutionSession>;

  /// Replaces the state of `session.session_id`; a new id goes first in the
  /// list.
  void publish(Snapshot session);

  /// Forgets a session.
  void remove(std::string_view session_id);

  /// The latest state of a session; null when unknown.
  Snapshot find(std::string_view session_id) const;

  /// Every session's latest state, newest first (the order they were first
  /// published).
  std::vector<Snapshot> sessions() const;

  /// Every session id, newest first.
  std::vector<std::string> ids() const;

  std::size_t size() const;

private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept {
      return std::hash<std::string_view>{}(text);
    }
  };

  // Publications are rare next to reads and each holds the lock for a
  // pointer copy: a plain mutex is cheaper here than anything cleverer.
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Snapshot, Hash, std::equal_to<>> latest_;
  std::vector<std::string> order_; // oldest first
};

} // namespace shardline
