#include "store/history_db.hpp"

#include <system_error>

namespace shardline {

namespace {

constexpr std::string_view run_key = "history_run";
constexpr std::string_view imported_key = "history_json_imported";

std::optional<std::int64_t> meta(sqlite::Database& db, std::string_view key,
                                 std::optional<Error>& error) {
  auto statement = db.prepare("SELECT value FROM meta WHERE key = ?1");
  if (!statement) {
    error = statement.error();
    return std::nullopt;
  }
  statement->bind(1, key);
  auto row = statement->step();
  if (!row) {
    error = row.error();
    return std::nullopt;
  }
  return *row ? std::optional(statement->integer(0)) : std::nullopt;
}

std::optional<Error> set_meta(sqlite::Database& db, std::string_view key, std::int64_t value) {
  auto statement = db.prepare("INSERT INTO meta (key, value) VALUES (?1, ?2) "
                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  if (!statement)
    return statement.error();
  return statement->bind(1, key).bind(2, value).run();
}

// Writes `after` over `before`: the entries that changed or came, and the
// deletion of those that went, then the run counter.
std::optional<Error> write_changes(sqlite::Database& db, const History& before,
                                   const History& after) {
  auto upsert = db.prepare(
      "INSERT INTO test_history (test_id, estimated_duration_ms, last_status, runs, failures, "
      "flaky, last_seen_run) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (test_id) DO UPDATE "
      "SET estimated_duration_ms = excluded.estimated_duration_ms, last_status = "
      "excluded.last_status, runs = excluded.runs, failures = excluded.failures, flaky = "
      "excluded.flaky, last_seen_run = excluded.last_seen_run");
  if (!upsert)
    return upsert.error();
  for (const auto& [id, entry] : after.tests()) {
    const auto* old = before.find(id);
    if (old != nullptr && *old == entry)
      continue;
    std::optional<std::string> status;
    if (entry.last_status)
      status = std::string(to_string(*entry.last_status));
    upsert->bind(1, std::string_view(id))
        .bind(2, entry.estimated_duration_ms)
        .bind(3, status)
        .bind(4, entry.runs)
        .bind(5, entry.failures)
        .bind(6, entry.flaky)
        .bind(7, entry.last_seen_run);
    if (auto error = upsert->run())
      return error;
  }
  auto remove = db.prepare("DELETE FROM test_history WHERE test_id = ?1");
  if (!remove)
    return remove.error();
  for (const auto& [id, entry] : before.tests()) {
    if (after.find(id) != nullptr)
      continue;
    if (auto error = remove->bind(1, std::string_view(id)).run())
      return error;
  }
  return set_meta(db, run_key, after.run());
}

// Each reported test's path and name, as the run reported them.
std::optional<Error> write_names(sqlite::Database& db, std::span<const TestResult> results) {
  auto update =
      db.prepare("UPDATE test_history SET test_path = ?2, test_name = ?3 WHERE test_id = ?1");
  if (!update)
    return update.error();
  for (const auto& result : results) {
    if (result.test_path.empty() && result.test_name.empty())
      continue;
    update->bind(1, result.test_id).bind(2, result.test_path).bind(3, result.test_name);
    if (auto error = update->run())
      return error;
  }
  return std::nullopt;
}

} // namespace

Result<History> read_history(sqlite::Database& db, HistoryLimits limits) {
  History history(limits);
  std::optional<Error> error;
  history.set_run(meta(db, run_key, error).value_or(0));
  if (error)
    return *error;
  auto rows = db.prepare("SELECT test_id, estimated_duration_ms, last_status, runs, failures, "
                         "flaky, last_seen_run FROM test_history");
  if (!rows)
    return rows.error();
  while (true) {
    auto row = rows->step();
    if (!row)
      return row.error();
    if (!*row)
      break;
    TestHistory entry;
    entry.estimated_duration_ms = rows->optional_integer(1);
    if (auto status = rows->optional_text(2))
      entry.last_status = parse_test_status(*status);
    entry.runs = rows->integer(3);
    entry.failures = rows->integer(4);
    entry.flaky = rows->integer(5);
    entry.last_seen_run = rows->integer(6);
    history.put(rows->text(0), entry);
  }
  return history;
}

Result<History> record_history(sqlite::Database& db, std::span<const TestResult> results,
                               HistoryLimits limits) {
  auto transaction = sqlite::Transaction::begin(db);
  if (!transaction)
    return transaction.error();
  auto before = read_history(db, limits);
  if (!before)
    return before.error();
  History after = *before;
  after.record(results);
  if (auto error = write_changes(db, *before, after))
    return *error;
  if (auto error = write_names(db, results))
    return *error;
  if (auto error = transaction->commit())
    return *error;
  return after;
}

Result<HistoryImport> import_history_json(sqlite::Database& db, const std::filesystem::path& file) {
  std::error_code ignored;
  if (!std::filesystem::exists(file, ignored))
    return HistoryImport::nothing_there;
  auto transaction = sqlite::Transaction::begin(db);
  if (!transaction)
    return transaction.error();
  std::optional<Error> error;
  auto imported = meta(db, imported_key, error);
  if (error)
    return *error;
  if (imported)
    return HistoryImport::already_done;
  auto current = read_history(db);
  if (!current)
    return current.error();
  if (current->run() != 0 || current->size() != 0)
    return HistoryImport::database_knows;
  auto loaded = load_history(file);
  if (!loaded)
    return loaded.error();
  if (auto failed = write_changes(db, *current, *loaded))
    return *failed;
  if (auto failed = set_meta(db, imported_key, 1))
    return *failed;
  if (auto failed = transaction->commit())
    return *failed;
  return HistoryImport::imported;
}

} // namespace shardline
