#include "store/store_file.hpp"

#include <sqlite3.h>

#include <array>
#include <string>
#include <system_error>

namespace shardline {

namespace {

constexpr std::array<std::string_view, 3> migrations = {
    // 0 -> 1: what `shardline run` learns between runs (store/history.hpp).
    R"sql(
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE test_history (
  test_id TEXT PRIMARY KEY,
  estimated_duration_ms INTEGER,
  last_status TEXT,
  runs INTEGER NOT NULL,
  failures INTEGER NOT NULL,
  flaky INTEGER NOT NULL,
  last_seen_run INTEGER NOT NULL
) WITHOUT ROWID;
)sql",
    // 1 -> 2: each test's path and name as last reported, for people to read
    // (`shardline history`): a Playwright test id is an opaque hash.
    R"sql(
ALTER TABLE test_history ADD COLUMN test_path TEXT;
ALTER TABLE test_history ADD COLUMN test_name TEXT;
)sql",
    // 2 -> 3: what `shardline serve` knows survives it (store/session_records.hpp):
    // every session, every attempt's result, every worker seen. Results are
    // kept as their API JSON, beside the columns queries select on.
    R"sql(
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  origin TEXT NOT NULL,
  resumed_from TEXT,
  started_at INTEGER,
  finished_at INTEGER,
  request TEXT,
  summary TEXT NOT NULL
);
CREATE TABLE results (
  session_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  test_id TEXT NOT NULL,
  status TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  final INTEGER NOT NULL,
  result TEXT NOT NULL,
  PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
CREATE TABLE workers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  host TEXT NOT NULL,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL
) WITHOUT ROWID;
)sql",
};

Error refused(const std::filesystem::path& path, const std::string& what) {
  return Error{"", path.string() + " " + what};
}

Error not_a_database(const std::filesystem::path& path) {
  return refused(path, "is not a SQLite database (a torn file, or another program's): shardline "
                       "will not start over it; move it away, or name another file with --db");
}

} // namespace

std::span<const std::string_view> store_migrations() {
  return migrations;
}

std::int64_t store_schema_version() {
  return static_cast<std::int64_t>(migrations.size());
}

Result<sqlite::Database> open_store(const std::filesystem::path& path) {
  return open_store(path, store_schema_version());
}

Result<sqlite::Database> open_existing_store(const std::filesystem::path& path) {
  std::error_code missing;
  if (!std::filesystem::exists(path, missing))
    return Error{"--db", path.string() + " does not exist (shardline run writes it)"};
  return open_store(path);
}

Result<sqlite::Database> open_store(const std::filesystem::path& path, std::int64_t migrate_to) {
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored))
    return refused(path, "is a folder: --db names a file");
  auto opened = sqlite::Database::open(path, sqlite::OpenMode::read_write_create);
  if (!opened)
    return opened.error();
  auto& db = *opened;

  auto application = db.integer("PRAGMA application_id");
  if (!application) {
    if (db.last_code() == SQLITE_NOTADB || db.last_code() == SQLITE_CORRUPT)
      return not_a_database(path);
    return application.error();
  }
  auto tables = db.integer("SELECT count(*) FROM sqlite_master");
  if (!tables)
    return db.last_code() == SQLITE_NOTADB || db.last_code() == SQLITE_CORRUPT
               ? not_a_database(path)
               : tables.error();
  if (*application != store_application_id && (*application != 0 || *tables != 0))
    return refused(path, "is not a shardline database (it holds another program's tables): "
                         "shardline will not write into it; name another file with --db");

  auto version = db.integer("PRAGMA user_version");
  if (!version)
    return version.error();
  if (*version > store_schema_version())
    return refused(path, "was written by a newer shardline (schema version " +
                             std::to_string(*version) + "; this one knows up to " +
                             std::to_string(store_schema_version()) +
                             "): use that shardline, or name another file with --db");

  {
    auto check = db.prepare("PRAGMA quick_check");
    if (!check)
      return db.last_code() == SQLITE_NOTADB ? not_a_database(path) : check.error();
    auto row = check->step();
    if (!row)
      return db.last_code() == SQLITE_NOTADB || db.last_code() == SQLITE_CORRUPT
                 ? refused(path, "is damaged (" + row.error().message +
                                     "): restore a copy, or move it away and start a new one")
                 : row.error();
    if (*row && check->text(0) != "ok")
      return refused(path, "is damaged (quick_check: " + check->text(0) +
                               "): restore a copy, or move it away and start a new one");
  } // the statement ends its read before the journal mode changes

  // WAL: readers never block the writer; FULL: a commit survives power loss.
  if (auto wal = db.integer("PRAGMA journal_mode=WAL"); !wal)
    return wal.error();
  if (auto error = db.exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON"))
    return *error;

  for (auto from = *version; from < migrate_to && from < store_schema_version(); ++from) {
    auto transaction = sqlite::Transaction::begin(db);
    if (!transaction)
      return transaction.error();
    if (auto error = db.exec(migrations[static_cast<std::size_t>(from)]))
      return refused(path, "could not be brought to schema version " + std::to_string(from + 1) +
                               ": " + error->message);
    if (auto error = db.exec("PRAGMA application_id=" + std::to_string(store_application_id) +
                             "; PRAGMA user_version=" + std::to_string(from + 1)))
      return *error;
    if (auto error = transaction->commit())
      return *error;
  }
  return std::move(*opened);
}

} // namespace shardline
