#include "model/worker.hpp"

#include "model/json_fields.hpp"

#include <nlohmann/json.hpp>

namespace shardline {

using namespace detail;

std::string_view to_string(WorkerType type) {
  return name_of(worker_type_names, type);
}

std::optional<WorkerType> parse_worker_type(std::string_view text) {
  return value_of(worker_type_names, text);
}

std::string_view to_string(WorkerState state) {
  return name_of(worker_state_names, state);
}

std::optional<WorkerState> parse_worker_state(std::string_view text) {
  return value_of(worker_state_names, text);
}

namespace {

constexpr IntRange port_range = between(0, 65535); // 0: not listening
constexpr IntRange vnc_port_range = between(1, 65535);

} // namespace

nlohmann::json encode(const WorkerCapabilities& capabilities) {
  nlohmann::json json = nlohmann::json::object();
  json["browsers"] = capabilities.browsers;
  json["maxConcurrent"] = capabilities.max_concurrent;
  json["tags"] = capabilities.tags;
  json["memory"] = capabilities.memory;
  json["cpu"] = capabilities.cpu;
  return json;
}

Result<WorkerCapabilities> decode_worker_capabilities(const nlohmann::json& json,
                                                      const std::string& at) {
  WorkerCapabilities capabilities;
  ObjectReader in(json, at);
  in.read("browsers", capabilities.browsers);
  in.read("maxConcurrent", capabilities.max_concurrent, positive);
  in.read("tags", capabilities.tags);
  in.read("memory", capabilities.memory, non_negative);
  in.read("cpu", capabilities.cpu, positive);
  if (!in.ok())
    return in.error();
  return capabilities;
}

nlohmann::json encode(const Worker& worker) {
  nlohmann::json json = nlohmann::json::object();
  json["id"] = worker.id;
  json["name"] = worker.name;
  json["type"] = to_string(worker.type);
  json["status"] = to_string(worker.status);
  json["host"] = worker.host;
  json["port"] = worker.port;
  json["capabilities"] = encode(worker.capabilities);
  json["lastHeartbeat"] = or_null(worker.last_heartbeat);
  json["currentTests"] = worker.current_tests;
  json["vncPort"] = or_null(worker.vnc_port);
  json["vncUrl"] = or_null(worker.vnc_url);
  return json;
}

Result<Worker> decode_worker(const nlohmann::json& json, const std::string& at) {
  // Every field is optional: the register body has no id and no status yet.
  Worker worker;
  ObjectReader in(json, at);
  in.read("id", worker.id);
  in.read("name", worker.name);
  in.read("type", worker.type, worker_type_names);
  in.read("status", worker.status, worker_state_names);
  in.read("host", worker.host);
  in.read("port", worker.port, port_range);
  in.read("capabilities", worker.capabilities, decode_worker_capabilities);
  in.read("lastHeartbeat", worker.last_heartbeat);
  in.read("currentTests", worker.current_tests);
  in.read("vncPort", worker.vnc_port, vnc_port_range);
  in.read("vncUrl", worker.vnc_url);
  if (!in.ok())
    return in.error();
  return worker;
}

} // namespace shardline
