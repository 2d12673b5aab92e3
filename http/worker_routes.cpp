// The worker routes: the list the live view shows, and the HTTP worker
// agents' protocol (register, heartbeat, result) and drain. An agent's own
// routes carry the secret its registration answered (AgentSecrets).

#include "actors/agent_json.hpp"
#include "actors/failure.hpp"
#include "http/actor_call.hpp"
#include "http/agent_secrets.hpp"
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

// Whether the request may speak for `worker_id`: an HTTP agent's routes need
// the secret its registration answered; otherwise answers 401 or 403.
bool speaks_for(const ApiPtr& api, const Request& request, const std::string& worker_id,
                const ResponderPtr& responder) {
  auto check = api->agent_secrets->check(worker_id, request.header(AgentSecrets::header));
  if (check == AgentSecrets::Check::accepted || check == AgentSecrets::Check::not_an_agent)
    return true;
  responder->reply(AgentSecrets::refusal(check, worker_id));
  return false;
}

// An error from the directory; an agent it no longer knows loses its secret.
auto agent_error(const ApiPtr& api, const std::string& worker_id, const ResponderPtr& responder) {
  return [api, worker_id, responder](const caf::error& error) {
    if (failure_of(error) == failure::unknown_worker)
      api->agent_secrets->forget(worker_id);
    responder->reply(error_for(error, api->actor_timeout));
  };
}

void on_drain(const ApiPtr& api, const Request& request, const Params& params,
              const ResponderPtr& responder) {
  auto id = param(params, "workerId");
  if (!speaks_for(api, request, id, responder))
    return;
  call(
      api, api->coordinator, responder,
      [responder](const Worker& worker) { responder->reply(json_answer(200, encode(worker))); },
      atom::drain::value, id);
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

// The secrets of agents the runtime has forgotten go once they outnumber
// the agents a server keeps: the workers list names those still known.
void forget_gone_agents(const ApiPtr& api) {
  if (api->agent_secrets->size() <= api->max_agents)
    return;
  auto mark = api->agent_secrets->issued();
  call(
      api->system, api->coordinator, api->actor_timeout,
      [api, mark](const std::vector<Worker>& workers) {
        std::vector<std::string> live;
        for (const auto& worker : workers)
          live.push_back(worker.id);
        api->agent_secrets->retain(live, mark);
      },
      [](const caf::error&) {}, atom::workers::value);
}

void on_register(const ApiPtr& api, const Request& request, const ResponderPtr& responder) {
  auto profile = decoded_body(request, responder, decode_worker_registration);
  if (!profile)
    return;
  call(
      api, api->agents, responder,
      [api, responder](const std::string& id, std::int64_t interval_ms, std::int64_t timeout_ms) {
        auto secret = api->agent_secrets->issue(id);
        responder->reply(json_answer(201, {{"workerId", id},
                                           {"agentSecret", std::move(secret)},
                                           {"heartbeatIntervalMs", interval_ms},
                                           {"heartbeatTimeoutMs", timeout_ms}}));
        forget_gone_agents(api);
      },
      atom::register_::value, std::move(*profile));
}

void on_heartbeat(const ApiPtr& api, const Request& request, const Params& params,
                  const ResponderPtr& responder) {
  auto id = param(params, "workerId");
  if (!speaks_for(api, request, id, responder))
    return;
  call(
      api->system, api->agents, api->actor_timeout,
      [responder](const AgentPoll& poll) { responder->reply(json_answer(200, encode(poll))); },
      agent_error(api, id, responder), atom::poll::value, id);
}

void on_result(const ApiPtr& api, const Request& request, const Params& params,
               const ResponderPtr& responder) {
  auto id = param(params, "workerId");
  if (!speaks_for(api, request, id, responder))
    return;
  auto report = decoded_body(request, responder, decode_agent_report);
  if (!report)
    return;
  call(
      api->system, api->agents, api->actor_timeout,
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
      agent_error(api, id, responder), atom::report::value, id, std::move(report->session_id),
      report->epoch, std::move(report->result));
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
             [api](const Request& request, const Params& params, ResponderPtr responder) {
               on_heartbeat(api, request, params, responder);
             });
  router.add("POST", "/api/workers/:workerId/result", "result",
             [api](const Request& request, const Params& params, ResponderPtr responder) {
               on_result(api, request, params, responder);
             });
  router.add("DELETE", "/api/workers/:workerId", "drain",
             [api](const Request& request, const Params& params, ResponderPtr responder) {
               on_drain(api, request, params, responder);
             });
}

} // namespace shardline::http
