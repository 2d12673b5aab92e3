#pragma once

#include "model/result.hpp"
#include "model/test_allocation.hpp"
#include "model/test_result.hpp"
#include "model/time.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shardline {

/// `interrupted`: the server stopped (a crash, a kill) while the session ran;
/// a restarted server shows it with every result it had acknowledged.
enum class SessionStatus { pending, running, completed, cancelled, failed, interrupted };

std::string_view to_string(SessionStatus status);
std::optional<SessionStatus> parse_session_status(std::string_view text);

/// Counts over a session's tests. `completed + running + pending == total`
/// always holds; `completed == passed + failed + skipped` (timedOut counts as
/// failed).
struct ExecutionProgress {
  std::int64_t total = 0;
  std::int64_t completed = 0;
  std::int64_t passed = 0;
  std::int64_t failed = 0;
  std::int64_t skipped = 0;
  std::int64_t running = 0;
  std::int64_t pending = 0;

  /// completed / total × 100, and 100 for an empty session.
  double percentage() const;

  friend bool operator==(const ExecutionProgress&, const ExecutionProgress&) = default;
};

enum class ShardState { pending, running, completed, cancelled, lost };

std::string_view to_string(ShardState state);
std::optional<ShardState> parse_shard_state(std::string_view text);

struct ShardProgress {
  std::int64_t total = 0;
  std::int64_t completed = 0;

  friend bool operator==(const ShardProgress&, const ShardProgress&) = default;
};

struct ShardStatus {
  int shard_index = 0;
  std::string worker_id;
  ShardState status = ShardState::pending;
  ShardProgress progress;
  std::int64_t estimated_duration_ms = 0;

  friend bool operator==(const ShardStatus&, const ShardStatus&) = default;
};

/// Results refused by fencing (stale) or seen before (duplicate).
struct DroppedResults {
  std::int64_t stale = 0;
  std::int64_t duplicate = 0;

  friend bool operator==(const DroppedResults&, const DroppedResults&) = default;
};

/// What GET .../status answers.
struct ExecutionSession {
  std::string session_id;
  SessionStatus status = SessionStatus::pending;
  std::string strategy;
  ExecutionProgress progress;
  std::vector<ShardStatus> shards;
  DroppedResults dropped;
  std::optional<std::string> waiting_for;
  std::optional<TimePoint> started_at;
  std::optional<TimePoint> finished_at;
  /// True for an `interrupted` session: the server stopped while it ran.
  bool interrupted = false;
  /// The session this one resumes (POST .../resume); omitted when none.
  std::optional<std::string> resumed_from = {};

  friend bool operator==(const ExecutionSession&, const ExecutionSession&) = default;
};

nlohmann::json encode(const ExecutionProgress& progress);
Result<ExecutionProgress> decode_execution_progress(const nlohmann::json& json,
                                                    const std::string& at);
nlohmann::json encode(const ShardStatus& shard);
Result<ShardStatus> decode_shard_status(const nlohmann::json& json, const std::string& at);
nlohmann::json encode(const ExecutionSession& session);
Result<ExecutionSession> decode_execution_session(const nlohmann::json& json,
                                                  const std::string& at);

} // namespace shardline
