#pragma once

// The JSON of the HTTP agent's exchanges (docs/API.md, "Workers"), without any
// HTTP: what a heartbeat answers and what a posted result carries.

#include "actors/messages.hpp"
#include "model/result.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>

namespace shardline {

/// `{"sessionId", "testId", "attempt", "epoch", "test": TestFile, "runner":
/// RunnerConfig, "testTimeoutMs"}`.
nlohmann::json encode(const TestAssignment& assignment);

/// `{"status": "idle"|"busy", "assignments": [...]}`.
nlohmann::json encode(const AgentPoll& poll);

/// The body of POST /api/workers/:id/result.
struct AgentReport {
  std::string session_id;
  std::uint64_t epoch = 0;
  TestResult result;
};

/// `{"sessionId", "epoch", "result": TestResult}`; errors name the field.
/// The result is bounded as agent_bounds::bound_result says (its output
/// tail, error and stack cut; links and lengths checked).
Result<AgentReport> decode_agent_report(const nlohmann::json& json);

/// The body of POST /api/workers/register: `{"name", "type": "local"|"remote",
/// "host", "port", "capabilities": {...}, "vncPort", "vncUrl"}`, every field
/// optional (an agent is `remote` by default); errors name the field.
/// `vncPort` is 1 to 65535, `vncUrl` an http(s) URL, both kept as given;
/// names, lists and counts within agent_bounds::check_profile's bounds.
Result<WorkerProfile> decode_worker_registration(const nlohmann::json& json);

} // namespace shardline
