#pragma once

#include "model/result.hpp"
#include "model/time.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shardline {

enum class WorkerType { local, remote };
enum class WorkerState { idle, busy, offline, draining };

std::string_view to_string(WorkerType type);
std::optional<WorkerType> parse_worker_type(std::string_view text);
std::string_view to_string(WorkerState state);
std::optional<WorkerState> parse_worker_state(std::string_view text);

struct WorkerCapabilities {
  std::vector<std::string> browsers;
  int max_concurrent = 1;
  std::vector<std::string> tags;
  std::int64_t memory = 0; // MiB
  int cpu = 1;

  friend bool operator==(const WorkerCapabilities&, const WorkerCapabilities&) = default;
};

/// A worker as GET /api/sharding/workers lists it.
struct Worker {
  std::string id;
  std::string name;
  WorkerType type = WorkerType::local;
  WorkerState status = WorkerState::idle;
  std::string host;
  int port = 0;
  WorkerCapabilities capabilities;
  std::optional<TimePoint> last_heartbeat;
  std::vector<std::string> current_tests; // test ids in flight
  std::optional<int> vnc_port;
  std::optional<std::string> vnc_url;

  friend bool operator==(const Worker&, const Worker&) = default;
};

nlohmann::json encode(const WorkerCapabilities& capabilities);
Result<WorkerCapabilities> decode_worker_capabilities(const nlohmann::json& json,
                                                      const std::string& at);
nlohmann::json encode(const Worker& worker);
Result<Worker> decode_worker(const nlohmann::json& json, const std::string& at);

} // namespace shardline
