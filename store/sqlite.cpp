#include "store/sqlite.hpp"

#include <sqlite3.h>

#include <climits>

namespace shardline::sqlite {

namespace {

int flags_for(OpenMode mode) {
  int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  switch (mode) {
  case OpenMode::read_write_create:
    return flags | SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  case OpenMode::read_write:
    return flags | SQLITE_OPEN_READWRITE;
  case OpenMode::read_only:
    return flags | SQLITE_OPEN_READONLY;
  }
  return flags | SQLITE_OPEN_READONLY;
}

int length_of(std::string_view text) {
  return text.size() > static_cast<std::size_t>(INT_MAX) ? -1 : static_cast<int>(text.size());
}

} // namespace

Result<Database> Database::open(const std::filesystem::path& path, OpenMode mode,
                                int busy_timeout_ms) {
  sqlite3* db = nullptr;
  int code = sqlite3_open_v2(path.c_str(), &db, flags_for(mode), nullptr);
  if (code != SQLITE_OK) {
    std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    sqlite3_close_v2(db);
    return Error{"", path.string() + ": cannot open the database: " + message};
  }
  sqlite3_busy_timeout(db, busy_timeout_ms);
  return Database(db, path);
}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
  }
  return *this;
}

Database::~Database() {
  sqlite3_close_v2(db_);
}

std::optional<Error> Database::exec(std::string_view sql) {
  std::string text(sql);
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
    return error("cannot run \"" + text.substr(0, 60) + "\"");
  return std::nullopt;
}

Result<Statement> Database::prepare(std::string_view sql) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db_, sql.data(), length_of(sql), &statement, nullptr) != SQLITE_OK) {
    sqlite3_finalize(statement);
    return error("cannot prepare \"" + std::string(sql.substr(0, 60)) + "\"");
  }
  return Statement(statement, this);
}

Result<std::int64_t> Database::integer(std::string_view sql) {
  auto statement = prepare(sql);
  if (!statement)
    return statement.error();
  auto row = statement->step();
  if (!row)
    return row.error();
  if (!*row)
    return Error{"", path_.string() + ": \"" + std::string(sql) + "\" returned no row"};
  return statement->integer(0);
}

Error Database::error(std::string_view what) const {
  return Error{"", path_.string() + ": " + std::string(what) + ": " + sqlite3_errmsg(db_)};
}

int Database::last_code() const {
  return sqlite3_errcode(db_) & 0xff;
}

std::int64_t Database::changes() const {
  return sqlite3_changes64(db_);
}

// -- statements ----------------------------------------------------------------------

Statement::Statement(Statement&& other) noexcept
    : statement_(std::exchange(other.statement_, nullptr)),
      database_(std::exchange(other.database_, nullptr)),
      bind_error_(std::move(other.bind_error_)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(statement_);
    statement_ = std::exchange(other.statement_, nullptr);
    database_ = std::exchange(other.database_, nullptr);
    bind_error_ = std::move(other.bind_error_);
  }
  return *this;
}

Statement::~Statement() {
  sqlite3_finalize(statement_);
}

Statement& Statement::bind(int index, std::int64_t value) {
  if (sqlite3_bind_int64(statement_, index, value) != SQLITE_OK && !bind_error_)
    bind_error_ = database_->error("cannot bind parameter " + std::to_string(index));
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  int length = length_of(text);
  if ((length < 0 ||
       sqlite3_bind_text(statement_, index, text.data(), length, SQLITE_TRANSIENT) != SQLITE_OK) &&
      !bind_error_)
    bind_error_ = database_->error("cannot bind parameter " + std::to_string(index));
  return *this;
}

Statement& Statement::bind(int index, std::nullopt_t) {
  if (sqlite3_bind_null(statement_, index) != SQLITE_OK && !bind_error_)
    bind_error_ = database_->error("cannot bind parameter " + std::to_string(index));
  return *this;
}

Statement& Statement::bind(int index, const std::optional<std::int64_t>& value) {
  return value ? bind(index, *value) : bind(index, std::nullopt);
}

Statement& Statement::bind(int index, const std::optional<std::string>& value) {
  return value ? bind(index, std::string_view(*value)) : bind(index, std::nullopt);
}

Result<bool> Statement::step() {
  if (bind_error_) {
    auto error = std::move(*bind_error_);
    bind_error_.reset();
    sqlite3_reset(statement_);
    return error;
  }
  switch (sqlite3_step(statement_)) {
  case SQLITE_ROW:
    return true;
  case SQLITE_DONE:
    return false;
  default: {
    auto error = database_->error("cannot run \"" +
                                  std::string(sqlite3_sql(statement_)).substr(0, 60) + "\"");
    sqlite3_reset(statement_);
    return error;
  }
  }
}

std::optional<Error> Statement::run() {
  auto done = step();
  reset();
  if (!done)
    return done.error();
  return std::nullopt;
}

void Statement::reset() {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

std::int64_t Statement::integer(int column) const {
  return sqlite3_column_int64(statement_, column);
}

std::string Statement::text(int column) const {
  const auto* bytes = sqlite3_column_text(statement_, column);
  int size = sqlite3_column_bytes(statement_, column);
  return bytes == nullptr
             ? std::string()
             : std::string(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size));
}

std::optional<std::int64_t> Statement::optional_integer(int column) const {
  if (is_null(column))
    return std::nullopt;
  return integer(column);
}

std::optional<std::string> Statement::optional_text(int column) const {
  if (is_null(column))
    return std::nullopt;
  return text(column);
}

// -- transactions --------------------------------------------------------------------

Result<Transaction> Transaction::begin(Database& database) {
  if (auto error = database.exec("BEGIN IMMEDIATE"))
    return *error;
  return Transaction(&database);
}

Transaction::~Transaction() {
  if (database_ != nullptr)
    database_->exec("ROLLBACK");
}

std::optional<Error> Transaction::commit() {
  if (database_ == nullptr)
    return Error{"", "the transaction is over"};
  auto error = database_->exec("COMMIT");
  if (!error)
    database_ = nullptr;
  return error;
}

} // namespace shardline::sqlite
