#pragma once

// What `shardline serve` takes from its database at start: the file opened
// (or refused), sessions that were running when the last process died marked
// `interrupted`, and the sessions it serves again.

#include "model/execution_session.hpp"
#include "model/result.hpp"
#include "store/sqlite.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace shardline::cli {

struct ServeStore {
  std::shared_ptr<sqlite::Database> db;   // the writer's connection
  std::vector<ExecutionSession> restored; // served again, oldest first
  std::vector<std::string> expired;       // older than --keep-days: their rows go
  std::size_t interrupted = 0;            // sessions the last process left running
};

/// Opens (or creates) the database at `path` for serve. A file that is not
/// shardline's, newer, or damaged is an Error naming it and what to do.
/// `keep_days` > 0: sessions started longer ago are not restored but
/// listed in `expired`.
Result<ServeStore> open_serve_store(const std::filesystem::path& path, int keep_days);

} // namespace shardline::cli
