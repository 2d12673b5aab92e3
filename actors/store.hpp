#pragma once

// The store actor: the one writer of shardline's database file
// (store/session_records.hpp), on a thread of its own so that no SQLite call
// ever runs on a session's, shard's or worker's thread.

#include "actors/interfaces.hpp"

#include <caf/fwd.hpp>

#include <chrono>
#include <memory>

namespace shardline {

class StoreHealth;
namespace sqlite {
class Database;
}

struct StoreSettings {
  /// The first retry of a failed commit comes after this; each next one
  /// waits twice as long, up to `longest_retry`.
  std::chrono::milliseconds first_retry{100};
  std::chrono::milliseconds longest_retry{5000};
  /// On a thread of its own (the product); false in deterministic actor
  /// tests, whose scheduler runs every actor.
  bool detached = true;
};

/// Spawns the store over an open database (store/store_file.hpp), which it
/// then owns. `health` says whether commits go through.
store_actor spawn_store(caf::actor_system& system, std::shared_ptr<sqlite::Database> db,
                        std::shared_ptr<StoreHealth> health, StoreSettings settings = {});

} // namespace shardline
