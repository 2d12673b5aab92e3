#pragma once

// The message types of the actor protocol and the CAF inspectors of every
// model type that crosses an actor boundary. Each type is registered under the
// name in its inspector (registered in actors/actor_config.cpp), so it can cross to another
// node; the names must match on every node.

#include "actors/worker_activity.hpp"
#include "model/execution_config.hpp"
#include "model/execution_session.hpp"
#include "model/test_allocation.hpp"
#include "model/test_file.hpp"
#include "model/test_result.hpp"
#include "model/worker.hpp"
#include "store/session_records.hpp"

#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace shardline {

// -- messages -------------------------------------------------------------------

/// One test handed to a worker: what docs/API.md calls an assignment.
struct TestAssignment {
  std::string session_id;
  TestFile test;
  int attempt = 1;
  std::uint64_t epoch = 0;
  RunnerConfig runner;
  std::int64_t test_timeout_ms = 30000;
  int shard_index = 0;
  std::uint64_t test_index = 0; // the test's index in its session, echoed back
};

/// A test a shard hands back to its session: its hand-over (by epoch) ended
/// without a result (its batch ended first, or the run request failed). A
/// batch's tests come back in one message, in their order, so a unit's
/// unfinished tests are queued again together.
struct HandedBack {
  std::uint64_t epoch = 0;
  std::uint64_t test = 0; // the test's index in its session (TestIndex)

  friend bool operator==(const HandedBack&, const HandedBack&) = default;
};

/// What a worker tells the coordinator about itself when it registers.
struct WorkerProfile {
  std::string name;
  WorkerType type = WorkerType::local;
  std::string host;
  int port = 0;
  WorkerCapabilities capabilities;
  std::optional<int> vnc_port;        // its live view, when it has one
  std::optional<std::string> vnc_url; // as it gave it; the workers list and streams show it
};

/// What starting a session answers.
struct SessionStarted {
  std::string session_id;
  SessionStatus status = SessionStatus::running;
  std::vector<TestAllocation> allocations;
};

/// The request to start a session.
struct SessionRequest {
  std::vector<TestFile> tests;
  ParallelExecutionConfig config;
  std::string origin = {};                      // who asks, as the store keeps it
  std::optional<std::string> resumed_from = {}; // the session this one resumes
  /// Final results of `tests` from the session this one resumes: those
  /// tests do not run again, and these results count in this session.
  std::vector<TestResult> carried = {};
};

/// What an HTTP agent's reported result turned out to be; the REST layer
/// answers 202, 200 `{"duplicate": true}` and 409.
enum class ReportVerdict : std::uint8_t {
  accepted,  // new: forwarded to its session
  duplicate, // this hand-over's result was accepted before: dropped
  stale,     // the agent does not hold that hand-over (any more): dropped
};

/// The HTTP agent's answer to a reported result.
struct ResultReceipt {
  ReportVerdict verdict = ReportVerdict::stale;
  std::string detail; // why, for people; empty when accepted
};

/// The HTTP agent's answer to its heartbeat: its status and the tests it
/// should run now (each handed out once).
struct AgentPoll {
  WorkerState status = WorkerState::idle; // idle or busy
  std::vector<TestAssignment> assignments;
};

// -- std::optional --------------------------------------------------------------

/// CAF 0.17 has no inspector for std::optional: fields go through this view,
/// written as a presence flag and the value.
template <class T>
struct optional_field {
  std::optional<T>& value;
};

template <class T>
optional_field<T> optional(std::optional<T>& value) {
  return {value};
}

template <class Inspector, class T>
typename Inspector::result_type inspect(Inspector& f, optional_field<T> x) {
  bool engaged = x.value.has_value();
  T content = engaged ? *x.value : T{};
  if constexpr (Inspector::writes_state) {
    auto result = f(engaged, content);
    if (engaged)
      x.value = std::move(content);
    else
      x.value.reset();
    return result;
  } else {
    return f(engaged, content);
  }
}

// -- inspectors -----------------------------------------------------------------

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, TestFile& x) {
  return f(caf::meta::type_name("shardline.TestFile"), x.id, x.path, x.title, x.tags, x.project,
           optional(x.line), optional(x.estimated_duration_ms), optional(x.last_result), x.priority,
           x.unit, x.serial_group);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, TestAllocation& x) {
  return f(caf::meta::type_name("shardline.TestAllocation"), x.shard_index, x.tests,
           x.estimated_duration_ms);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, RunnerConfig& x) {
  return f(caf::meta::type_name("shardline.RunnerConfig"), x.kind, x.argv, x.dir);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, ParallelExecutionConfig& x) {
  return f(caf::meta::type_name("shardline.ParallelExecutionConfig"), x.strategy, x.worker_count,
           x.retries, x.test_timeout_ms, x.max_failures, x.steal, x.tag_mode, x.runner,
           x.heartbeat_interval_ms, x.heartbeat_timeout_ms);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, ResultAttachment& x) {
  return f(caf::meta::type_name("shardline.ResultAttachment"), x.name, x.content_type,
           optional(x.url));
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, ResultAnnotation& x) {
  return f(caf::meta::type_name("shardline.ResultAnnotation"), x.type, optional(x.description));
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, RunnerAttempt& x) {
  return f(caf::meta::type_name("shardline.RunnerAttempt"), x.retry, x.status, x.duration_ms,
           optional(x.error), optional(x.error_stack), optional(x.started_at), x.attachments);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, TestResult& x) {
  return f(caf::meta::type_name("shardline.TestResult"), x.test_id, x.test_path, x.test_name,
           x.worker_id, x.shard_index, x.status, x.duration_ms, optional(x.error),
           optional(x.error_stack), x.retry_count, x.attempt, x.flaky, x.screenshots,
           optional(x.trace_url), optional(x.video_url), optional(x.stdout_tail),
           optional(x.video_unavailable), x.project, x.attachments, x.annotations,
           optional(x.skip_reason), x.runner_attempts, optional(x.started_at),
           optional(x.finished_at));
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, ExecutionProgress& x) {
  return f(caf::meta::type_name("shardline.ExecutionProgress"), x.total, x.completed, x.passed,
           x.failed, x.skipped, x.running, x.pending);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, ShardStatus& x) {
  return f(caf::meta::type_name("shardline.ShardStatus"), x.shard_index, x.worker_id, x.status,
           x.progress.total, x.progress.completed, x.estimated_duration_ms);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, ExecutionSession& x) {
  return f(caf::meta::type_name("shardline.ExecutionSession"), x.session_id, x.status, x.strategy,
           x.progress, x.shards, x.dropped.stale, x.dropped.duplicate, optional(x.waiting_for),
           optional(x.started_at), optional(x.finished_at), x.interrupted,
           optional(x.resumed_from));
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, WorkerCapabilities& x) {
  return f(caf::meta::type_name("shardline.WorkerCapabilities"), x.browsers, x.max_concurrent,
           x.tags, x.memory, x.cpu);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, Worker& x) {
  return f(caf::meta::type_name("shardline.Worker"), x.id, x.name, x.type, x.status, x.host, x.port,
           x.capabilities, optional(x.last_heartbeat), x.current_tests, optional(x.vnc_port),
           optional(x.vnc_url));
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, TestAssignment& x) {
  return f(caf::meta::type_name("shardline.TestAssignment"), x.session_id, x.test, x.attempt,
           x.epoch, x.runner, x.test_timeout_ms, x.shard_index, x.test_index);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, HandedBack& x) {
  return f(caf::meta::type_name("shardline.HandedBack"), x.epoch, x.test);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, WorkerProfile& x) {
  return f(caf::meta::type_name("shardline.WorkerProfile"), x.name, x.type, x.host, x.port,
           x.capabilities, optional(x.vnc_port), optional(x.vnc_url));
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, SessionStarted& x) {
  return f(caf::meta::type_name("shardline.SessionStarted"), x.session_id, x.status, x.allocations);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, SessionRequest& x) {
  return f(caf::meta::type_name("shardline.SessionRequest"), x.tests, x.config, x.origin,
           optional(x.resumed_from), x.carried);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, ResultReceipt& x) {
  return f(caf::meta::type_name("shardline.ResultReceipt"), x.verdict, x.detail);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, HeldTests& x) {
  return f(caf::meta::type_name("shardline.HeldTests"), x.worker_id, x.test_ids);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, AgentPoll& x) {
  return f(caf::meta::type_name("shardline.AgentPoll"), x.status, x.assignments);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, SessionOpening& x) {
  return f(caf::meta::type_name("shardline.SessionOpening"), x.tests, x.config, x.origin,
           optional(x.resumed_from));
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, SessionRecord& x) {
  return f(caf::meta::type_name("shardline.SessionRecord"), x.summary, optional(x.opening));
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, ResultRecord& x) {
  return f(caf::meta::type_name("shardline.ResultRecord"), x.session_id, x.seq, x.result, x.final);
}

} // namespace shardline
