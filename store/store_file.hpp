#pragma once

// shardline's database file: SQLite in WAL mode, marked as ours by its
// application_id, its schema versioned by `PRAGMA user_version` and brought
// up to date at open, one migration a version. A file that is not ours, not
// a database, damaged, or written by a newer shardline is refused with one
// line naming the file and what to do: nothing ever starts empty over it.
//
// Durability: synchronous=FULL in WAL mode. A committed transaction survives
// a crash of the process and a loss of power (the WAL is synced at every
// commit); writers batch their writes into few transactions, so the sync is
// paid per batch, not per row.

#include "model/result.hpp"
#include "store/sqlite.hpp"

#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>

namespace shardline {

/// `PRAGMA application_id` of a shardline database: "SHLN".
inline constexpr std::int64_t store_application_id = 0x53484c4e;

/// The migrations, in order: migration i brings the schema from version i to
/// version i + 1. The schema version this shardline writes is their count.
std::span<const std::string_view> store_migrations();

/// The schema version this shardline writes and reads.
std::int64_t store_schema_version();

/// Opens the database at `path` for writing, creating it when it is
/// missing, and migrates it to store_schema_version(). `migrate_to` (tests)
/// stops at an earlier version. The Error is one line for the user.
Result<sqlite::Database> open_store(const std::filesystem::path& path);
Result<sqlite::Database> open_store(const std::filesystem::path& path, std::int64_t migrate_to);

/// open_store for a reader that must not create the file: a missing one is
/// an Error for the `--db` flag that named it.
Result<sqlite::Database> open_existing_store(const std::filesystem::path& path);

} // namespace shardline
