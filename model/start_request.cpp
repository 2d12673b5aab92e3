#include "model/start_request.hpp"

#include "model/json_fields.hpp"

#include <nlohmann/json.hpp>

namespace shardline {

using namespace detail;

namespace {

Result<DiscoverRequest> decode_discover(const nlohmann::json& json, const std::string& at) {
  DiscoverRequest discover;
  ObjectReader in(json, at);
  in.read(required("runner"), discover.runner, runner_kind_names);
  in.read(required("dir"), discover.dir, non_empty);
  in.read("grep", discover.grep);
  if (!in.ok())
    return in.error();
  if (discover.runner != RunnerKind::playwright)
    return Error{join_path(at, "runner"),
                 "only the playwright runner can list tests; give `tests` for the command runner"};
  return discover;
}

} // namespace

Result<StartRequest> decode_start_request(const nlohmann::json& json) {
  StartRequest request;
  ObjectReader in(json, "");
  bool has_tests = in.find("tests") != nullptr;
  if (has_tests)
    in.read("tests", request.tests, decode_test_files);
  DiscoverRequest discover;
  bool has_discover = in.find("discover") != nullptr;
  if (has_discover) {
    in.read("discover", discover, decode_discover);
    request.discover = discover;
  }
  in.read("config", request.config, decode_execution_config);
  if (!in.ok())
    return in.error();
  if (has_tests && has_discover)
    return Error{"tests", "give either tests or discover, not both"};
  if (!has_tests && !has_discover)
    return Error{"tests", "is required (or discover, to have the server list the tests)"};
  return request;
}

} // namespace shardline
