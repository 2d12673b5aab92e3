#pragma once

// Internal to model/: the wire name of every value of every model enum, in
// declaration order. to_string, parse_* and the "allowed: ..." part of decoding
// errors all read these tables, so a name can never differ between them.

#include "model/execution_config.hpp"
#include "model/execution_session.hpp"
#include "model/test_status.hpp"
#include "model/worker.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace shardline::detail {

template <class E>
struct EnumName {
  E value;
  std::string_view name;
};

inline constexpr EnumName<TestStatus> test_status_names[] = {
    {TestStatus::passed, "passed"},
    {TestStatus::failed, "failed"},
    {TestStatus::skipped, "skipped"},
    {TestStatus::timed_out, "timedOut"},
};

inline constexpr EnumName<TagMode> tag_mode_names[] = {
    {TagMode::group, "group"},
    {TagMode::distribute, "distribute"},
};

inline constexpr EnumName<RunnerKind> runner_kind_names[] = {
    {RunnerKind::command, "command"},
    {RunnerKind::playwright, "playwright"},
};

inline constexpr EnumName<SessionStatus> session_status_names[] = {
    {SessionStatus::pending, "pending"},     {SessionStatus::running, "running"},
    {SessionStatus::completed, "completed"}, {SessionStatus::cancelled, "cancelled"},
    {SessionStatus::failed, "failed"},       {SessionStatus::interrupted, "interrupted"},
};

inline constexpr EnumName<ShardState> shard_state_names[] = {
    {ShardState::pending, "pending"},     {ShardState::running, "running"},
    {ShardState::completed, "completed"}, {ShardState::cancelled, "cancelled"},
    {ShardState::lost, "lost"},
};

inline constexpr EnumName<WorkerType> worker_type_names[] = {
    {WorkerType::local, "local"},
    {WorkerType::remote, "remote"},
};

inline constexpr EnumName<WorkerState> worker_state_names[] = {
    {WorkerState::idle, "idle"},
    {WorkerState::busy, "busy"},
    {WorkerState::offline, "offline"},
    {WorkerState::draining, "draining"},
};

/// The wire name of `value`; "unknown" for a value outside the enum (a cast
/// gone wrong), so encoding never reads out of bounds.
template <class E, std::size_t N>
constexpr std::string_view name_of(const EnumName<E> (&names)[N], E value) {
  for (const auto& entry : names)
    if (entry.value == value)
      return entry.name;
  return "unknown";
}

/// The value named `text` (exact, case-sensitive), if any.
template <class E, std::size_t N>
constexpr std::optional<E> value_of(const EnumName<E> (&names)[N], std::string_view text) {
  for (const auto& entry : names)
    if (entry.name == text)
      return entry.value;
  return std::nullopt;
}

/// `passed, failed, skipped, timedOut`: what an error lists as allowed.
template <class E, std::size_t N>
std::string allowed_names(const EnumName<E> (&names)[N]) {
  std::string list;
  for (const auto& entry : names) {
    if (!list.empty())
      list += ", ";
    list += entry.name;
  }
  return list;
}

} // namespace shardline::detail
