// The worker routes: the list the live view shows, and the HTTP worker
// agents' protocol (register, heartbeat, result) and drain.

#include "http/actor_call.hpp"
#include "http/api.hpp"
#include "http/json_body.hpp"

#include <nlohmann/json.hpp>

namespace shardline::http {

namespace {

void on_workers(const ApiPtr& api, const ResponderPtr& responder) {
  call(
      api->system, api->coordinator, responder,
      [responder](const std::vector<Worker>& workers) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& worker : workers)
          list.push_back(encode(worker));
        responder->reply(json_answer(200, list));
      },
      atom::workers::value);
}

void on_drain(const ApiPtr& api, const Params& params, const ResponderPtr& responder) {
  call(
      api->system, api->coordinator, responder,
      [responder](const Worker& worker) { responder->reply(json_answer(200, encode(worker))); },
      atom::drain::value, param(params, "workerId"));
}

} // namespace

void add_worker_routes(Router& router, const ApiPtr& api) {
  router.add(
      "GET", "/api/sharding/workers", "workers",
      [api](const Request&, const Params&, ResponderPtr responder) { on_workers(api, responder); });
  router.add("DELETE", "/api/workers/:workerId", "drain",
             [api](const Request&, const Params& params, ResponderPtr responder) {
               on_drain(api, params, responder);
             });
}

} // namespace shardline::http
