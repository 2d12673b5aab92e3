#include "model/execution_session.hpp"

#include "tests/model/failure.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace shardline {
namespace {

using model_test::Failure;
using model_test::failure_of;
using nlohmann::json;
using namespace nlohmann::literals;
using namespace std::chrono_literals;

const TimePoint started = TimePoint{1'795'710'661'123ms}; // 2026-11-26T16:31:01.123Z

ExecutionSession every_field_set() {
  return {.session_id = "s-1",
          .status = SessionStatus::running,
          .strategy = "duration",
          .progress = {.total = 8,
                       .completed = 3,
                       .passed = 2,
                       .failed = 1,
                       .skipped = 0,
                       .running = 2,
                       .pending = 3},
          .shards = {{.shard_index = 0,
                      .worker_id = "w-1",
                      .status = ShardState::running,
                      .progress = {.total = 3, .completed = 1},
                      .estimated_duration_ms = 2400},
                     {.shard_index = 1,
                      .worker_id = "w-2",
                      .status = ShardState::lost,
                      .progress = {.total = 5, .completed = 2},
                      .estimated_duration_ms = 4000}},
          .dropped = {.stale = 4, .duplicate = 1},
          .waiting_for = "no worker available",
          .started_at = started,
          .finished_at = started + 60s,
          .interrupted = true};
}

ExecutionSession no_optional_set() {
  ExecutionSession session;
  session.session_id = "s-2";
  return session;
}

Failure session_failure(const json& session) {
  return failure_of(decode_execution_session(session, "session"));
}

// -- names and progress ---------------------------------------------------------------

TEST(ExecutionSessionNames, session_statuses_use_their_wire_names) {
  const std::pair<SessionStatus, const char*> names[] = {{SessionStatus::pending, "pending"},
                                                         {SessionStatus::running, "running"},
                                                         {SessionStatus::completed, "completed"},
                                                         {SessionStatus::cancelled, "cancelled"},
                                                         {SessionStatus::failed, "failed"}};
  for (auto [status, name] : names) {
    EXPECT_EQ(to_string(status), name);
    EXPECT_EQ(parse_session_status(name), status);
  }
  EXPECT_EQ(parse_session_status("canceled"), std::nullopt);
}

TEST(ExecutionSessionNames, shard_states_use_their_wire_names) {
  const std::pair<ShardState, const char*> names[] = {{ShardState::pending, "pending"},
                                                      {ShardState::running, "running"},
                                                      {ShardState::completed, "completed"},
                                                      {ShardState::cancelled, "cancelled"},
                                                      {ShardState::lost, "lost"}};
  for (auto [state, name] : names) {
    EXPECT_EQ(to_string(state), name);
    EXPECT_EQ(parse_shard_state(name), state);
  }
  EXPECT_EQ(parse_shard_state("failed"), std::nullopt);
}

TEST(ExecutionProgressPercentage, is_completed_over_total) {
  EXPECT_DOUBLE_EQ((ExecutionProgress{.total = 8, .completed = 3}.percentage()), 37.5);
  EXPECT_DOUBLE_EQ((ExecutionProgress{.total = 3, .completed = 3}.percentage()), 100.0);
  EXPECT_DOUBLE_EQ((ExecutionProgress{.total = 3, .completed = 0}.percentage()), 0.0);
}

TEST(ExecutionProgressPercentage, is_100_for_an_empty_session) {
  EXPECT_DOUBLE_EQ(ExecutionProgress{}.percentage(), 100.0);
}

// -- encoding and round trips ----------------------------------------------------------

TEST(ExecutionSessionCodec, encodes_the_status_body) {
  EXPECT_EQ(encode(every_field_set()), R"({"sessionId": "s-1", "status": "running",
    "strategy": "duration",
    "progress": {"total": 8, "completed": 3, "passed": 2, "failed": 1, "skipped": 0,
                 "running": 2, "pending": 3, "percentage": 37.5},
    "shards": [{"shardIndex": 0, "workerId": "w-1", "status": "running",
                "progress": {"total": 3, "completed": 1}, "estimatedDurationMs": 2400},
               {"shardIndex": 1, "workerId": "w-2", "status": "lost",
                "progress": {"total": 5, "completed": 2}, "estimatedDurationMs": 4000}],
    "dropped": {"stale": 4, "duplicate": 1}, "waitingFor": "no worker available",
    "startedAt": "2026-11-26T16:31:01.123Z", "finishedAt": "2026-11-26T16:32:01.123Z",
    "interrupted": true})"_json);
}

TEST(ExecutionSessionCodec, absent_optionals_encode_as_null) {
  EXPECT_EQ(encode(no_optional_set()), R"({"sessionId": "s-2", "status": "pending",
    "strategy": "",
    "progress": {"total": 0, "completed": 0, "passed": 0, "failed": 0, "skipped": 0,
                 "running": 0, "pending": 0, "percentage": 100.0},
    "shards": [], "dropped": {"stale": 0, "duplicate": 0}, "waitingFor": null,
    "startedAt": null, "finishedAt": null, "interrupted": false})"_json);
}

TEST(ExecutionSessionCodec, percentage_is_a_number) {
  auto progress = encode(ExecutionProgress{.total = 3, .completed = 1, .pending = 2});
  ASSERT_TRUE(progress["percentage"].is_number_float());
  EXPECT_DOUBLE_EQ(progress["percentage"].get<double>(), 100.0 / 3);
}

TEST(ExecutionSessionCodec, round_trips_with_every_field_set) {
  auto decoded = decode_execution_session(encode(every_field_set()), "session");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(*decoded, every_field_set());
}

TEST(ExecutionSessionCodec, round_trips_with_no_optional_set) {
  auto decoded = decode_execution_session(encode(no_optional_set()), "session");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(*decoded, no_optional_set());
}

TEST(ExecutionSessionCodec, progress_and_shard_round_trip_on_their_own) {
  const auto session = every_field_set();
  auto progress = decode_execution_progress(encode(session.progress), "progress");
  ASSERT_TRUE(progress) << progress.error().to_string();
  EXPECT_EQ(*progress, session.progress);
  auto shard = decode_shard_status(encode(session.shards[1]), "shards[1]");
  ASSERT_TRUE(shard) << shard.error().to_string();
  EXPECT_EQ(*shard, session.shards[1]);
}

TEST(ExecutionSessionCodec, ignores_unknown_fields_and_the_sent_percentage) {
  auto decoded = decode_execution_session(R"({"sessionId": "s", "status": "completed",
      "progress": {"total": 2, "completed": 2, "passed": 2, "percentage": 12, "eta": 5},
      "owner": "ci"})"_json,
                                          "");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(decoded->progress, (ExecutionProgress{.total = 2, .completed = 2, .passed = 2}));
}

// -- errors -------------------------------------------------------------------------------

TEST(ExecutionSessionCodec, session_id_and_status_are_required) {
  EXPECT_EQ(session_failure(R"({"status": "running"})"_json),
            (Failure{"session.sessionId", "is required"}));
  EXPECT_EQ(session_failure(R"({"sessionId": "s"})"_json),
            (Failure{"session.status", "is required"}));
}

TEST(ExecutionSessionCodec, unknown_status_lists_the_allowed_values) {
  EXPECT_EQ(session_failure(R"({"sessionId": "s", "status": "done"})"_json),
            (Failure{"session.status", R"(unknown value "done"; allowed: pending, running, )"
                                       R"(completed, cancelled, failed, interrupted)"}));
}

TEST(ExecutionSessionCodec, names_a_bad_shard_field_by_its_full_path) {
  EXPECT_EQ(session_failure(R"({"sessionId": "s", "status": "running",
      "shards": [{"shardIndex": 0}, {"shardIndex": 1, "status": "gone"}]})"_json),
            (Failure{"session.shards[1].status", R"(unknown value "gone"; allowed: pending, )"
                                                 R"(running, completed, cancelled, lost)"}));
  EXPECT_EQ(session_failure(R"({"sessionId": "s", "status": "running",
      "shards": [{"shardIndex": 0, "progress": {"total": -1}}]})"_json),
            (Failure{"session.shards[0].progress.total", "expected a non-negative integer"}));
}

TEST(ExecutionSessionCodec, shards_must_be_an_array_of_objects) {
  EXPECT_EQ(session_failure(R"({"sessionId": "s", "status": "running", "shards": {}})"_json),
            (Failure{"session.shards", "expected an array"}));
  EXPECT_EQ(session_failure(R"({"sessionId": "s", "status": "running", "shards": [1]})"_json),
            (Failure{"session.shards[0]", "expected an object"}));
}

TEST(ExecutionSessionCodec, a_shard_needs_its_index) {
  EXPECT_EQ(failure_of(decode_shard_status(R"({"workerId": "w"})"_json, "shards[4]")),
            (Failure{"shards[4].shardIndex", "is required"}));
}

TEST(ExecutionSessionCodec, dropped_counts_are_non_negative) {
  EXPECT_EQ(session_failure(R"({"sessionId": "s", "status": "running",
      "dropped": {"stale": 0, "duplicate": -2}})"_json),
            (Failure{"session.dropped.duplicate", "expected a non-negative integer"}));
}

TEST(ExecutionSessionCodec, waiting_for_must_be_a_string_or_null) {
  EXPECT_EQ(session_failure(R"({"sessionId": "s", "status": "running", "waitingFor": 1})"_json),
            (Failure{"session.waitingFor", "expected a string"}));
}

TEST(ExecutionSessionCodec, times_must_be_iso_8601_utc) {
  EXPECT_EQ(session_failure(R"({"sessionId": "s", "status": "running",
      "finishedAt": "2026-13-01T00:00:00Z"})"_json),
            (Failure{"session.finishedAt",
                     "expected an ISO-8601 UTC time like 2026-11-26T16:31:01.123Z"}));
}

TEST(ExecutionSessionCodec, progress_must_be_an_object) {
  EXPECT_EQ(session_failure(R"({"sessionId": "s", "status": "running", "progress": 37.5})"_json),
            (Failure{"session.progress", "expected an object"}));
}

} // namespace
} // namespace shardline
