#include "store/session_records.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <string_view>

namespace shardline {

namespace {

std::optional<std::int64_t> millis(const std::optional<TimePoint>& time) {
  if (!time)
    return std::nullopt;
  return time->time_since_epoch().count();
}

std::string opening_json(const SessionOpening& opening) {
  nlohmann::json json;
  auto& tests = json["tests"] = nlohmann::json::array();
  for (const auto& test : opening.tests)
    tests.push_back(encode(test));
  json["config"] = encode(opening.config);
  return json.dump();
}

Error damaged(const std::string& what, const std::string& session_id, const std::string& why) {
  return Error{"", what + " of session " + session_id + " in the database is damaged: " + why};
}

Result<nlohmann::json> parse(const std::string& text, const std::string& what,
                             const std::string& session_id) {
  auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded())
    return damaged(what, session_id, "not JSON");
  return json;
}

std::optional<Error> write_sessions(sqlite::Database& db,
                                    const std::vector<SessionRecord>& sessions) {
  if (sessions.empty())
    return std::nullopt;
  auto upsert = db.prepare(
      "INSERT INTO sessions (id, status, origin, resumed_from, started_at, finished_at, request, "
      "summary) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (id) DO UPDATE SET status = "
      "excluded.status, started_at = excluded.started_at, finished_at = excluded.finished_at, "
      "summary = excluded.summary, request = coalesce(excluded.request, sessions.request), origin "
      "= CASE WHEN excluded.request IS NULL THEN sessions.origin ELSE excluded.origin END, "
      "resumed_from = coalesce(excluded.resumed_from, sessions.resumed_from)");
  if (!upsert)
    return upsert.error();
  for (const auto& record : sessions) {
    const auto& summary = record.summary;
    upsert->bind(1, summary.session_id)
        .bind(2, to_string(summary.status))
        .bind(3, record.opening ? std::string_view(record.opening->origin) : std::string_view(""))
        .bind(4, record.opening ? record.opening->resumed_from : std::nullopt)
        .bind(5, millis(summary.started_at))
        .bind(6, millis(summary.finished_at))
        .bind(7, record.opening ? std::optional(opening_json(*record.opening)) : std::nullopt)
        .bind(8, encode(summary).dump());
    if (auto error = upsert->run())
      return error;
  }
  return std::nullopt;
}

std::optional<Error> write_results(sqlite::Database& db, const std::vector<ResultRecord>& results) {
  if (results.empty())
    return std::nullopt;
  auto insert = db.prepare("INSERT OR REPLACE INTO results (session_id, seq, test_id, status, "
                           "attempt, final, result) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!insert)
    return insert.error();
  for (const auto& record : results) {
    insert->bind(1, record.session_id)
        .bind(2, static_cast<std::int64_t>(record.seq))
        .bind(3, record.result.test_id)
        .bind(4, to_string(record.result.status))
        .bind(5, std::int64_t{record.result.attempt})
        .bind(6, std::int64_t{record.final ? 1 : 0})
        .bind(7, encode(record.result).dump());
    if (auto error = insert->run())
      return error;
  }
  return std::nullopt;
}

std::optional<Error> write_workers(sqlite::Database& db, const std::vector<Worker>& workers) {
  if (workers.empty())
    return std::nullopt;
  auto upsert = db.prepare(
      "INSERT INTO workers (id, name, type, host, first_seen, last_seen) VALUES (?1, ?2, ?3, ?4, "
      "?5, ?5) ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type, host = "
      "excluded.host, last_seen = excluded.last_seen");
  if (!upsert)
    return upsert.error();
  for (const auto& worker : workers) {
    auto seen = millis(worker.last_heartbeat).value_or(0);
    upsert->bind(1, worker.id)
        .bind(2, worker.name)
        .bind(3, to_string(worker.type))
        .bind(4, worker.host)
        .bind(5, seen);
    if (auto error = upsert->run())
      return error;
  }
  return std::nullopt;
}

// The final results of a session by test: its latest result, when final.
Result<std::map<std::string, TestStatus>> finished_tests(sqlite::Database& db,
                                                         const std::string& session_id) {
  auto select =
      db.prepare("SELECT test_id, status, final FROM results WHERE session_id = ?1 ORDER BY seq");
  if (!select)
    return select.error();
  select->bind(1, session_id);
  std::map<std::string, TestStatus> finished;
  while (true) {
    auto row = select->step();
    if (!row)
      return row.error();
    if (!*row)
      break;
    auto test = select->text(0);
    auto status = parse_test_status(select->text(1));
    if (select->integer(2) != 0 && status)
      finished[test] = *status;
    else
      finished.erase(test);
  }
  return finished;
}

} // namespace

void StoreBatch::clear() {
  sessions.clear();
  results.clear();
  workers.clear();
}

std::optional<Error> write_batch(sqlite::Database& db, const StoreBatch& batch) {
  auto transaction = sqlite::Transaction::begin(db);
  if (!transaction)
    return transaction.error();
  if (auto error = write_sessions(db, batch.sessions))
    return error;
  if (auto error = write_results(db, batch.results))
    return error;
  if (auto error = write_workers(db, batch.workers))
    return error;
  return transaction->commit();
}

Result<std::vector<StoredSession>> read_sessions(sqlite::Database& db) {
  auto select = db.prepare("SELECT id, origin, resumed_from, summary FROM sessions ORDER BY rowid");
  if (!select)
    return select.error();
  std::vector<StoredSession> sessions;
  while (true) {
    auto row = select->step();
    if (!row)
      return row.error();
    if (!*row)
      break;
    auto id = select->text(0);
    auto json = parse(select->text(3), "the state", id);
    if (!json)
      return json.error();
    auto summary = decode_execution_session(*json, "summary");
    if (!summary)
      return damaged("the state", id, summary.error().to_string());
    sessions.push_back({std::move(*summary), select->text(1), select->optional_text(2)});
  }
  return sessions;
}

Result<SessionOpening> read_opening(sqlite::Database& db, const std::string& session_id) {
  auto select = db.prepare("SELECT request, origin, resumed_from FROM sessions WHERE id = ?1");
  if (!select)
    return select.error();
  select->bind(1, session_id);
  auto row = select->step();
  if (!row)
    return row.error();
  if (!*row)
    return Error{"", "no session \"" + session_id + "\""};
  auto text = select->optional_text(0);
  if (!text)
    return Error{"", "session " + session_id + " was kept without its tests"};
  SessionOpening opening;
  opening.origin = select->text(1);
  opening.resumed_from = select->optional_text(2);
  auto json = parse(*text, "the request", session_id);
  if (!json)
    return json.error();
  if (!json->is_object() || !json->contains("tests") || !json->contains("config"))
    return damaged("the request", session_id, "no tests or no config");
  auto tests = decode_test_files((*json)["tests"], "tests");
  if (!tests)
    return damaged("the request", session_id, tests.error().to_string());
  auto config = decode_execution_config((*json)["config"], "config");
  if (!config)
    return damaged("the request", session_id, config.error().to_string());
  opening.tests = std::move(*tests);
  opening.config = std::move(*config);
  return opening;
}

Result<std::vector<TestResult>> read_results(sqlite::Database& db, const std::string& session_id) {
  auto select = db.prepare("SELECT result FROM results WHERE session_id = ?1 ORDER BY seq");
  if (!select)
    return select.error();
  select->bind(1, session_id);
  std::vector<TestResult> results;
  while (true) {
    auto row = select->step();
    if (!row)
      return row.error();
    if (!*row)
      break;
    auto json = parse(select->text(0), "a result", session_id);
    if (!json)
      return json.error();
    auto result = decode_test_result(*json, "result");
    if (!result)
      return damaged("a result", session_id, result.error().to_string());
    results.push_back(std::move(*result));
  }
  return results;
}

Result<std::vector<std::string>> read_finished_tests(sqlite::Database& db,
                                                     const std::string& session_id) {
  auto finished = finished_tests(db, session_id);
  if (!finished)
    return finished.error();
  std::vector<std::string> ids;
  for (const auto& [id, status] : *finished)
    ids.push_back(id);
  return ids;
}

Result<ResumePlan> read_resume_plan(sqlite::Database& db, const std::string& session_id) {
  auto opening = read_opening(db, session_id);
  if (!opening)
    return opening.error();
  ResumePlan plan;
  plan.opening = std::move(*opening);
  auto status = db.prepare("SELECT status FROM sessions WHERE id = ?1");
  if (!status)
    return status.error();
  status->bind(1, session_id);
  auto row = status->step();
  if (!row)
    return row.error();
  if (!*row)
    return Error{"", "no session \"" + session_id + "\""};
  plan.status = parse_session_status(status->text(0)).value_or(SessionStatus::interrupted);

  auto select =
      db.prepare("SELECT test_id, final, result FROM results WHERE session_id = ?1 ORDER BY seq");
  if (!select)
    return select.error();
  select->bind(1, session_id);
  std::map<std::string, std::size_t> latest; // test -> index in plan.finished
  std::vector<bool> live;
  while (true) {
    auto next = select->step();
    if (!next)
      return next.error();
    if (!*next)
      break;
    auto test = select->text(0);
    if (auto known = latest.find(test); known != latest.end()) {
      live[known->second] = false;
      latest.erase(known);
    }
    if (select->integer(1) == 0)
      continue;
    auto json = parse(select->text(2), "a result", session_id);
    if (!json)
      return json.error();
    auto result = decode_test_result(*json, "result");
    if (!result)
      return damaged("a result", session_id, result.error().to_string());
    latest[test] = plan.finished.size();
    plan.finished.push_back(std::move(*result));
    live.push_back(true);
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < plan.finished.size(); ++i) {
    if (!live[i])
      continue;
    if (i != kept) // a self-move would empty it
      plan.finished[kept] = std::move(plan.finished[i]);
    ++kept;
  }
  plan.finished.resize(kept);
  return plan;
}

Result<std::vector<Worker>> read_workers(sqlite::Database& db) {
  auto select = db.prepare("SELECT id, name, type, host, last_seen FROM workers ORDER BY id");
  if (!select)
    return select.error();
  std::vector<Worker> workers;
  while (true) {
    auto row = select->step();
    if (!row)
      return row.error();
    if (!*row)
      break;
    Worker worker;
    worker.id = select->text(0);
    worker.name = select->text(1);
    worker.type = parse_worker_type(select->text(2)).value_or(WorkerType::local);
    worker.host = select->text(3);
    worker.status = WorkerState::offline;
    worker.last_heartbeat = TimePoint{std::chrono::milliseconds{select->integer(4)}};
    workers.push_back(std::move(worker));
  }
  return workers;
}

Result<bool> forget_session_part(sqlite::Database& db, const std::string& session_id,
                                 std::int64_t limit) {
  auto transaction = sqlite::Transaction::begin(db);
  if (!transaction)
    return transaction.error();
  auto results = db.prepare("DELETE FROM results WHERE session_id = ?1 AND seq IN (SELECT seq "
                            "FROM results WHERE session_id = ?1 ORDER BY seq LIMIT ?2)");
  if (!results)
    return results.error();
  if (auto error = results->bind(1, session_id).bind(2, limit).run())
    return *error;
  bool done = db.changes() < limit;
  if (done) {
    auto session = db.prepare("DELETE FROM sessions WHERE id = ?1");
    if (!session)
      return session.error();
    if (auto error = session->bind(1, session_id).run())
      return *error;
  }
  if (auto error = transaction->commit())
    return *error;
  return done;
}

Result<std::vector<std::string>> sessions_started_before(sqlite::Database& db, TimePoint cutoff) {
  auto select =
      db.prepare("SELECT id FROM sessions WHERE coalesce(started_at, 0) < ?1 ORDER BY rowid");
  if (!select)
    return select.error();
  select->bind(1, std::int64_t{cutoff.time_since_epoch().count()});
  std::vector<std::string> ids;
  while (true) {
    auto row = select->step();
    if (!row)
      return row.error();
    if (!*row)
      break;
    ids.push_back(select->text(0));
  }
  return ids;
}

Result<std::size_t> interrupt_unfinished(sqlite::Database& db) {
  auto sessions = read_sessions(db);
  if (!sessions)
    return sessions.error();
  StoreBatch batch;
  for (auto& stored : *sessions) {
    auto& summary = stored.summary;
    if (summary.status != SessionStatus::running && summary.status != SessionStatus::pending)
      continue;
    auto finished = finished_tests(db, summary.session_id);
    if (!finished)
      return finished.error();
    auto& progress = summary.progress;
    progress = ExecutionProgress{.total = progress.total};
    for (const auto& [id, status] : *finished) {
      ++progress.completed;
      if (status == TestStatus::passed)
        ++progress.passed;
      else if (status == TestStatus::skipped)
        ++progress.skipped;
      else
        ++progress.failed;
    }
    progress.total = std::max(progress.total, progress.completed);
    progress.pending = progress.total - progress.completed;
    for (auto& shard : summary.shards)
      if (shard.status == ShardState::running || shard.status == ShardState::pending)
        shard.status = ShardState::cancelled;
    summary.status = SessionStatus::interrupted;
    summary.interrupted = true;
    summary.waiting_for.reset(); // finishedAt stays unknown: nobody saw it end
    batch.sessions.push_back({std::move(summary), std::nullopt});
  }
  if (batch.sessions.empty())
    return std::size_t{0};
  if (auto error = write_batch(db, batch))
    return *error;
  return batch.sessions.size();
}

} // namespace shardline
