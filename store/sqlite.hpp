#pragma once

// A thin RAII wrapper of SQLite's C API: a connection, a prepared statement,
// a transaction. Errors are values (Result, Error) that say which database
// file and what SQLite said; nothing here throws.

#include "model/result.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

struct sqlite3;
struct sqlite3_stmt;

namespace shardline::sqlite {

class Statement;

/// How a database is opened.
enum class OpenMode {
  read_write_create, // the writer: creates the file when it is missing
  read_write,        // the file must exist
  read_only,         // a reader
};

/// One connection. Moves, never copies; closed when it goes.
class Database {
public:
  /// Opens (or creates) `path`. A busy database is waited for up to
  /// `busy_timeout_ms` before a statement fails with "database is locked".
  static Result<Database> open(const std::filesystem::path& path, OpenMode mode,
                               int busy_timeout_ms = 5000);

  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  /// Runs one or more statements that return no rows.
  std::optional<Error> exec(std::string_view sql);

  /// Prepares one statement.
  Result<Statement> prepare(std::string_view sql);

  /// The single integer a query such as `PRAGMA user_version` answers.
  Result<std::int64_t> integer(std::string_view sql);

  /// An Error for the last failure on this connection: `<file>: <what>:
  /// <SQLite's message>`.
  Error error(std::string_view what) const;

  /// SQLite's primary result code of the last failure (SQLITE_NOTADB...).
  int last_code() const;

  std::int64_t changes() const;
  const std::filesystem::path& path() const { return path_; }
  sqlite3* handle() const { return db_; }

private:
  Database(sqlite3* db, std::filesystem::path path) : db_(db), path_(std::move(path)) {}

  sqlite3* db_ = nullptr;
  std::filesystem::path path_;
};

/// One prepared statement of a Database that outlives it. Parameters are
/// numbered from 1, columns from 0, as in SQLite.
class Statement {
public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, const std::string& text) {
    return bind(index, std::string_view(text));
  }
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, std::nullopt_t);
  Statement& bind(int index, const std::optional<std::int64_t>& value);
  Statement& bind(int index, const std::optional<std::string>& value);

  /// The next row (true), the end (false), or an Error.
  Result<bool> step();

  /// Runs a statement that returns no rows, then resets it for the next use.
  std::optional<Error> run();

  /// Ready for the next use with new parameters.
  void reset();

  bool is_null(int column) const;
  std::int64_t integer(int column) const;
  std::string text(int column) const;
  std::optional<std::int64_t> optional_integer(int column) const;
  std::optional<std::string> optional_text(int column) const;

private:
  friend class Database;
  Statement(sqlite3_stmt* statement, const Database* database)
      : statement_(statement), database_(database) {}

  sqlite3_stmt* statement_ = nullptr;
  const Database* database_ = nullptr;
  std::optional<Error> bind_error_; // the first failed bind, reported by step()
};

/// BEGIN IMMEDIATE (the write lock at once, so a read-then-write transaction
/// cannot fail halfway on a lock) ... COMMIT; rolled back when it goes
/// uncommitted.
class Transaction {
public:
  static Result<Transaction> begin(Database& database);

  Transaction(Transaction&& other) noexcept : database_(std::exchange(other.database_, nullptr)) {}
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  std::optional<Error> commit();

private:
  explicit Transaction(Database* database) : database_(database) {}
  Database* database_ = nullptr; // null once committed or moved from
};

} // namespace shardline::sqlite
