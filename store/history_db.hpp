#pragma once

// The test history (store/history.hpp) in shardline's database file
// (store/store_file.hpp): what `shardline run` learns between runs, shared by
// every run that uses the file. A run reads it at its start and, at its end,
// records what it learnt inside one transaction that reads the history
// again first: two runs that end at once both count, neither overwrites the
// other.

#include "model/result.hpp"
#include "model/test_result.hpp"
#include "store/history.hpp"
#include "store/sqlite.hpp"

#include <filesystem>
#include <optional>
#include <span>

namespace shardline {

/// The history the database holds (empty in a new one).
Result<History> read_history(sqlite::Database& db, HistoryLimits limits = {});

/// Learns from one run's results (History::record) on top of what the
/// database holds now, and writes the changed, added and forgotten entries;
/// one transaction. Returns the history as written.
Result<History> record_history(sqlite::Database& db, std::span<const TestResult> results,
                               HistoryLimits limits = {});

/// What import_history_json did.
enum class HistoryImport {
  imported,       // the file's history is now the database's
  already_done,   // a file was imported into this database before
  nothing_there,  // no such file
  database_knows, // the database has a history of its own: it wins
};

/// Brings the JSON history file of earlier versions (`--history`,
/// `<artifacts>/history.json`) into the database once: only into a database
/// without a history and without an earlier import. A file that cannot be
/// read is an Error; the caller warns and goes on.
Result<HistoryImport> import_history_json(sqlite::Database& db, const std::filesystem::path& file);

} // namespace shardline
