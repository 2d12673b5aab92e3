// The worker routes: the list the live view shows, and the HTTP worker
// agents' protocol (register, heartbeat, result) and drain.

#include "actors/agent_json.hpp"
#include "http/actor_call.hpp"
#include "http/api.hpp"
#include "http/json_body.hpp"

#include <nlohmann/json.hpp>

namespace shardline::http {

namespace {

void on_workers(const ApiPtr& api, const ResponderPtr& responder) {
  call(
      api, api->coordinator, responder,
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
      api, api->coordinator, responder,
      [responder](const Worker& worker) { responder->reply(json_answer(200, encode(worker))); },
      atom::drain::value, param(params, "workerId"));
}

// Decodes the JSON body with `decode`, or answers 400 and returns nullopt.
template <class T>
std::optional<T> decoded_body(const Request& request, const ResponderPtr& responder,
                              Result<T> (*decode)(const nlohmann::json&)) {
  auto body = json_body(request);
  if (auto* error = std::get_if<Response>(&body)) {
    responder->reply(std::move(*error));
    return std::nullopt;
  }
  auto decoded = decode(std::get<nlohmann::json>(body));
  if (!decoded) {
    responder->reply(invalid_argument(decoded.error()));
    return std::nullopt;
  }
  return std::move(*decoded);
}

void on_register(const ApiPtr& api, const Request& request, const ResponderPtr& responder) {
  auto profile = decoded_body(request, responder, decode_worker_registration);
  if (!profile)
    return;
  call(
      api, api->agents, responder,
      [responder](const std::string& id, std::int64_t interval_ms, std::int64_t timeout_ms) {
        responder->reply(json_answer(201, {{"workerId", id},
                                           {"heartbeatIntervalMs", interval_ms},
                                           {"heartbeatTimeoutMs", timeout_ms}}));
      },
      atom::register_::value, std::move(*profile));
}

void on_heartbeat(const ApiPtr& api, const Params& params, const ResponderPtr& responder) {
  call(
      api, api->agents, responder,
      [responder](const AgentPoll& poll) { responder->reply(json_answer(200, encode(poll))); },
      atom::poll::value, param(params, "workerId"));
}

void on_result(const ApiPtr& api, const Request& request, const Params& params,
               const ResponderPtr& responder) {
  auto report = decoded_body(request, responder, decode_agent_report);
  if (!report)
    return;
  call(
      api, api->agents, responder,
      [responder](const ResultReceipt& receipt) {
        switch (receipt.verdict) {
        case ReportVerdict::accepted:
          return responder->reply(json_answer(202, {{"accepted", true}}));
        case ReportVerdict::duplicate:
          return responder->reply(json_answer(200, {{"duplicate", true}}));
        case ReportVerdict::stale:
          break;
        }
        responder->reply(error_response(
            409, "conflict", "this worker no longer holds that test: " + receipt.detail));
      },
      atom::report::value, param(params, "workerId"), std::move(report->session_id), report->epoch,
      std::move(report->result));
}

} // namespace

void add_worker_routes(Router& router, const ApiPtr& api) {
  router.add(
      "GET", "/api/sharding/workers", "workers",
      [api](const Request&, const Params&, ResponderPtr responder) { on_workers(api, responder); });
  router.add("POST", "/api/workers/register", "register",
             [api](const Request& request, const Params&, ResponderPtr responder) {
               on_register(api, request, responder);
             });
  router.add("POST", "/api/workers/:workerId/heartbeat", "heartbeat",
             [api](const Request&, const Params& params, ResponderPtr responder) {
               on_heartbeat(api, params, responder);
             });
  router.add("POST", "/api/workers/:workerId/result", "result",
             [api](const Request& request, const Params& params, ResponderPtr responder) {
               on_result(api, request, params, responder);
             });
  router.add("DELETE", "/api/workers/:workerId", "drain",
             [api](const Request&, const Params& params, ResponderPtr responder) {
               on_drain(api, params, responder);
             });
}

} // namespace shardline::http
