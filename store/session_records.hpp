#pragma once

// Sessions, their results and the workers seen, in shardline's database file
// (store/store_file.hpp): what `shardline serve` knows, kept across restarts.
// Plain functions over one connection; the store actor (actors/store.hpp)
// calls the writers on its own thread, in batches (group commit).

#include "model/execution_config.hpp"
#include "model/execution_session.hpp"
#include "model/result.hpp"
#include "model/test_file.hpp"
#include "model/test_result.hpp"
#include "model/worker.hpp"
#include "store/sqlite.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace shardline {

/// What started a session: the suite and the config, kept to resume it.
struct SessionOpening {
  std::vector<TestFile> tests;
  ParallelExecutionConfig config;
  std::string origin; // who started it ("POST from 127.0.0.1", "shardline run")
  std::optional<std::string> resumed_from; // the session it resumes
};

/// A session's row: its latest state, and once, what started it.
struct SessionRecord {
  ExecutionSession summary;
  std::optional<SessionOpening> opening; // only in the first record of a session
};

/// An attempt's result, the `seq`-th a session recorded (0-based).
struct ResultRecord {
  std::string session_id;
  std::uint64_t seq = 0;
  TestResult result;
  bool final = true; // the test's final result when recorded (not one to retry)
};

/// What one transaction writes.
struct StoreBatch {
  std::vector<SessionRecord> sessions;
  std::vector<ResultRecord> results;
  std::vector<Worker> workers;

  bool empty() const { return sessions.empty() && results.empty() && workers.empty(); }
  std::size_t size() const { return sessions.size() + results.size() + workers.size(); }
  void clear();
};

/// Writes the batch in one transaction: all of it or nothing. A session
/// record replaces the session's state (its opening only when it has one);
/// a result record with a seq the session has already is written again.
std::optional<Error> write_batch(sqlite::Database& db, const StoreBatch& batch);

/// A kept session as the database holds it.
struct StoredSession {
  ExecutionSession summary;
  std::string origin;
  std::optional<std::string> resumed_from;
};

/// Every kept session, oldest first (the order they were first written).
Result<std::vector<StoredSession>> read_sessions(sqlite::Database& db);

/// What started a session; an Error when the session is unknown or was kept
/// without it.
Result<SessionOpening> read_opening(sqlite::Database& db, const std::string& session_id);

/// Every result of a session, in the order it recorded them.
Result<std::vector<TestResult>> read_results(sqlite::Database& db, const std::string& session_id);

/// The tests of a session whose latest recorded result is final (the rest
/// have none: they ran not at all, not to the end, or are to be retried).
Result<std::vector<std::string>> read_finished_tests(sqlite::Database& db,
                                                     const std::string& session_id);

/// What resuming a session starts from: what started it, its status, and
/// the final result of each of its tests that has one (in the order the
/// session recorded them).
struct ResumePlan {
  SessionOpening opening;
  SessionStatus status = SessionStatus::interrupted;
  std::vector<TestResult> finished;
};

/// The resume plan of a kept session; an Error when it is unknown, kept
/// without its tests, or damaged.
Result<ResumePlan> read_resume_plan(sqlite::Database& db, const std::string& session_id);

/// Every worker ever seen, by id.
Result<std::vector<Worker>> read_workers(sqlite::Database& db);

/// Deletes up to `limit` rows of a session that is no longer kept (its
/// results first, its own row last), in one short transaction; true once
/// nothing of it is left. Small steps keep the writer free for new results.
Result<bool> forget_session_part(sqlite::Database& db, const std::string& session_id,
                                 std::int64_t limit);

/// The ids of the kept sessions that started before `cutoff`, oldest first
/// (`--keep-days`).
Result<std::vector<std::string>> sessions_started_before(sqlite::Database& db, TimePoint cutoff);

/// Sessions that were running (or pending) when the process that wrote them
/// died become `interrupted`, their progress counted again from the results
/// that were committed: what a restarted server shows. Returns how many.
Result<std::size_t> interrupt_unfinished(sqlite::Database& db);

} // namespace shardline
