#include "model/preview.hpp"

#include "model/json_fields.hpp"

#include <nlohmann/json.hpp>

namespace shardline {

using namespace detail;

Result<PreviewRequest> decode_preview_request(const nlohmann::json& json) {
  PreviewRequest request;
  ObjectReader in(json, "");
  in.read(required("tests"), request.tests, decode_test_files);
  in.read("strategy", request.strategy);
  in.read("workerCount", request.worker_count, within(ranges::worker_count));
  in.read("tagMode", request.tag_mode, tag_mode_names);
  if (!in.ok())
    return in.error();
  return request;
}

nlohmann::json encode(const Preview& preview) {
  nlohmann::json allocations = nlohmann::json::array();
  for (const auto& allocation : preview.allocations)
    allocations.push_back(encode(allocation));
  nlohmann::json split_groups = nlohmann::json::array();
  for (const auto& split : preview.split_groups)
    split_groups.push_back({{"group", split.group}, {"shards", split.shards}});
  nlohmann::json json = nlohmann::json::object();
  json["allocations"] = std::move(allocations);
  json["estimatedMakespanMs"] = preview.estimated_makespan_ms;
  json["lowerBoundMs"] = preview.lower_bound_ms;
  json["ratio"] = preview.ratio;
  json["splitGroups"] = std::move(split_groups);
  return json;
}

} // namespace shardline
