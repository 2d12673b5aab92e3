#include "model/test_allocation.hpp"

#include "model/json_fields.hpp"

#include <nlohmann/json.hpp>

namespace shardline {

using namespace detail;

nlohmann::json encode(const TestAllocation& allocation) {
  nlohmann::json tests = nlohmann::json::array();
  for (const auto& test : allocation.tests)
    tests.push_back(encode(test));
  nlohmann::json json = nlohmann::json::object();
  json["shardIndex"] = allocation.shard_index;
  json["tests"] = std::move(tests);
  json["estimatedDurationMs"] = allocation.estimated_duration_ms;
  return json;
}

Result<TestAllocation> decode_test_allocation(const nlohmann::json& json, const std::string& at) {
  TestAllocation allocation;
  ObjectReader in(json, at);
  in.read(required("shardIndex"), allocation.shard_index, non_negative);
  in.read("tests", allocation.tests, decode_test_files);
  in.read("estimatedDurationMs", allocation.estimated_duration_ms, non_negative);
  if (!in.ok())
    return in.error();
  return allocation;
}

} // namespace shardline
