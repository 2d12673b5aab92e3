#include "actors/agent_json.hpp"

#include "actors/agent_bounds.hpp"

#include <nlohmann/json.hpp>

namespace shardline {

namespace {

// Whether a JSON integer lies in [low, high]: a parsed 5901 is unsigned, a
// negative number signed.
bool integer_between(const nlohmann::json& value, std::int64_t low, std::int64_t high) {
  if (value.is_number_unsigned())
    return value.get<std::uint64_t>() <= static_cast<std::uint64_t>(high) &&
           static_cast<std::int64_t>(value.get<std::uint64_t>()) >= low;
  return value.is_number_integer() && value.get<std::int64_t>() >= low &&
         value.get<std::int64_t>() <= high;
}

} // namespace

nlohmann::json encode(const TestAssignment& assignment) {
  nlohmann::json json = nlohmann::json::object();
  json["sessionId"] = assignment.session_id;
  json["testId"] = assignment.test.id;
  json["attempt"] = assignment.attempt;
  json["epoch"] = assignment.epoch;
  json["test"] = encode(assignment.test);
  json["runner"] = encode(assignment.runner);
  json["testTimeoutMs"] = assignment.test_timeout_ms == runner_own_timeouts
                              ? nlohmann::json(nullptr)
                              : nlohmann::json(assignment.test_timeout_ms);
  return json;
}

nlohmann::json encode(const AgentPoll& poll) {
  nlohmann::json json = nlohmann::json::object();
  json["status"] = to_string(poll.status);
  json["assignments"] = nlohmann::json::array();
  for (const auto& assignment : poll.assignments)
    json["assignments"].push_back(encode(assignment));
  return json;
}

Result<AgentReport> decode_agent_report(const nlohmann::json& json) {
  if (!json.is_object())
    return Error{"", "expected an object"};
  AgentReport report;
  auto session = json.find("sessionId");
  if (session == json.end() || session->is_null())
    return Error{"sessionId", "is required"};
  if (!session->is_string() || session->get_ref<const std::string&>().empty())
    return Error{"sessionId", "expected a non-empty string"};
  report.session_id = session->get<std::string>();
  if (report.session_id.size() > agent_bounds::name_bytes)
    return Error{"sessionId", "is longer than " + std::to_string(agent_bounds::name_bytes) +
                                  " bytes; no session has such an id"};
  auto epoch = json.find("epoch");
  if (epoch == json.end() || epoch->is_null())
    return Error{"epoch", "is required"};
  if (epoch->is_number_unsigned())
    report.epoch = epoch->get<std::uint64_t>();
  else if (!epoch->is_number_integer()) // a float, a string, a bool
    return Error{"epoch", "expected a non-negative integer"};
  else
    return Error{"epoch", "expected a non-negative integer, not " + epoch->dump()};
  auto result = json.find("result");
  if (result == json.end() || result->is_null())
    return Error{"result", "is required"};
  auto decoded = decode_test_result(*result, "result");
  if (!decoded)
    return decoded.error();
  report.result = std::move(*decoded);
  if (auto error = agent_bounds::bound_result(report.result, report.session_id))
    return *error;
  return report;
}

Result<WorkerProfile> decode_worker_registration(const nlohmann::json& json) {
  if (!json.is_object())
    return Error{"", "expected an object"};
  WorkerProfile profile;
  profile.type = WorkerType::remote;
  auto text = [&](const char* name, std::string& out) -> std::optional<Error> {
    auto it = json.find(name);
    if (it == json.end() || it->is_null())
      return std::nullopt;
    if (!it->is_string())
      return Error{name, "expected a string"};
    out = it->get<std::string>();
    return std::nullopt;
  };
  if (auto error = text("name", profile.name))
    return *error;
  if (auto error = text("host", profile.host))
    return *error;
  std::string type;
  if (auto error = text("type", type))
    return *error;
  if (!type.empty()) {
    auto parsed = parse_worker_type(type);
    if (!parsed)
      return Error{"type", "unknown value \"" + type + "\"; allowed: local, remote"};
    profile.type = *parsed;
  }
  if (auto port = json.find("port"); port != json.end() && !port->is_null()) {
    if (!port->is_number_integer() || port->get<std::int64_t>() < 0 ||
        port->get<std::int64_t>() > 65535)
      return Error{"port", "expected an integer from 0 to 65535"};
    profile.port = port->get<int>();
  }
  if (auto vnc_port = json.find("vncPort"); vnc_port != json.end() && !vnc_port->is_null()) {
    if (!vnc_port->is_number_integer())
      return Error{"vncPort", "expected an integer from 1 to 65535"};
    if (!integer_between(*vnc_port, 1, 65535))
      return Error{"vncPort", "expected an integer from 1 to 65535, not " + vnc_port->dump()};
    profile.vnc_port = vnc_port->get<int>();
  }
  if (auto vnc_url = json.find("vncUrl"); vnc_url != json.end() && !vnc_url->is_null()) {
    if (!vnc_url->is_string() || vnc_url->get_ref<const std::string&>().empty())
      return Error{"vncUrl", "expected a non-empty string"};
    profile.vnc_url = vnc_url->get<std::string>();
  }
  if (auto capabilities = json.find("capabilities");
      capabilities != json.end() && !capabilities->is_null()) {
    auto decoded = decode_worker_capabilities(*capabilities, "capabilities");
    if (!decoded)
      return decoded.error();
    profile.capabilities = std::move(*decoded);
  }
  if (auto error = agent_bounds::check_profile(profile))
    return *error;
  return profile;
}

} // namespace shardline
