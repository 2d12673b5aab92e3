#pragma once

// A session kept in the database from before a restart (or one that ended
// in an earlier process): it answers as a finished session does, its
// results read from the database when asked.

#include "actors/interfaces.hpp"

namespace shardline {

/// The behavior of an archived SESSION actor: `summary` is its final state
/// (completed, cancelled, failed or interrupted); `results` come from
/// `reader`; it takes no worker
/// and no result (a late one is stale), and cancelling it fails with
/// `session_finished`.
session_actor::behavior_type archived_session(session_actor::pointer self, ExecutionSession summary,
                                              store_reader_actor reader);

} // namespace shardline
