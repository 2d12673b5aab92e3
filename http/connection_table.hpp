#pragma once

// Which connections the server serves, and which it closes to make room.
// Idle sockets cost a client nothing: without this, 512 of them took every
// slot and the server answered nothing else (not even /healthz) until they
// timed out. So a connection that is only waiting for a request can always be
// closed for a new one:
//
// - from 7/8 of the cap on, every connection that has waited longer than the
//   header timeout for a whole request is closed;
// - at the cap (all of them, or one client's), the connection that has
//   waited longest (of that client) is closed to make room;
// - a connection that cannot get a slot (every one is busy answering) gets a
//   reserve place, where it may still ask for /healthz or /metrics; beyond
//   the reserve it is closed at once.
//
// A connection waits from its accept and again after each answer, until a
// whole request has arrived. Plain bookkeeping, no sockets: the server keeps
// it under its mutex and closes what it says.

#include <chrono>
#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

namespace shardline::http {

class ConnectionTable {
public:
  using clock = std::chrono::steady_clock;
  using Key = const void*;

  struct Limits {
    std::size_t max_connections = 512;
    std::size_t max_per_client = 256;
    std::size_t reserve = 32;
    clock::duration header_timeout = std::chrono::seconds{2};
  };

  enum class Admission { admitted, reserve, refused };

  struct Decision {
    Admission admission = Admission::refused;
    std::vector<Key> to_close; // connections to close to make room
  };

  explicit ConnectionTable(Limits limits) : limits_(limits) {}

  /// A new connection from `client` (its address): whether it is served,
  /// and which waiting connections must be closed for it. A refused one is
  /// not kept.
  Decision enroll(Key key, const std::string& client, clock::time_point now);
  /// The connection waits for a request from `now` on.
  void waiting(Key key, clock::time_point now);
  /// The connection has sent a whole request: it is no longer closed for others.
  void working(Key key);
  /// The connection is gone. Unknown keys are ignored.
  void withdraw(Key key);

  std::size_t admitted() const { return admitted_; }
  std::size_t admitted_from(const std::string& client) const;
  std::size_t in_reserve() const { return reserve_; }
  /// Connections closed to make room, since the start.
  std::size_t closed_for_room() const { return closed_for_room_; }
  /// Admitted connections waiting for a request now.
  std::size_t waiting_now() const;

private:
  struct Entry {
    std::string client;
    Admission admission;
    bool waiting = true;
    clock::time_point since;
  };

  /// Stops counting an admitted entry (it is closed to make room).
  void release(Key key, Entry& entry, std::vector<Key>& to_close);
  /// The admitted connection (of `client`, when given) waiting longest.
  Key longest_waiting(const std::string* client) const;

  Limits limits_;
  std::unordered_map<Key, Entry> entries_;
  std::unordered_map<std::string, std::size_t> per_client_;
  std::size_t admitted_ = 0;
  std::size_t reserve_ = 0;
  std::size_t closed_for_room_ = 0;
};

} // namespace shardline::http
