#pragma once

// The store reader: answers what only the database file still holds (the
// results of a session kept from before a restart), on a thread and a
// connection of its own, so neither the writer nor any other actor waits.

#include "actors/interfaces.hpp"

#include <caf/fwd.hpp>

#include <filesystem>

namespace shardline {

/// Spawns a reader of the database at `path` (opened read-only at its first
/// request). `detached`: on a thread of its own (false in deterministic
/// actor tests).
store_reader_actor spawn_store_reader(caf::actor_system& system, std::filesystem::path path,
                                      bool detached = true);

} // namespace shardline
