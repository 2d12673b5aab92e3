// The routes around the sessions: preview, artifacts, health, metrics, the
// contract itself and the placeholder dashboard.

#include "actors/failure.hpp"
#include "actors/runtime_metrics.hpp"
#include "actors/session_board.hpp"
#include "http/actor_call.hpp"
#include "http/api.hpp"
#include "http/artifact_path.hpp"
#include "http/json_body.hpp"
#include "http/openapi.hpp"
#include "http/request_counter.hpp"
#include "http/server_counters.hpp"
#include "model/preview.hpp"
#include "store/store_health.hpp"
#include "strategies/preview.hpp"

#include <nlohmann/json.hpp>

namespace shardline::http {

namespace {

Response preview_answer(const Request& request) {
  auto body = json_body(request);
  if (auto* error = std::get_if<Response>(&body))
    return std::move(*error);
  auto decoded = decode_preview_request(std::get<nlohmann::json>(body));
  if (!decoded)
    return invalid_argument(decoded.error());
  auto planned = preview(std::move(*decoded));
  if (!planned)
    return invalid_argument(planned.error());
  return json_answer(200, encode(*planned));
}

// Every artifact answer, refusals included: the browser takes the type as
// given, and a page never runs with the API's authority.
void harden(Response& response) {
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("Content-Security-Policy", "sandbox");
}

Response artifact_refusal(const ArtifactError& error) {
  auto response = error.kind == ArtifactError::Kind::bad_request
                      ? error_response(400, "invalid_argument", error.message, "path")
                      : error_response(404, "not_found", error.message);
  harden(response);
  return response;
}

// The file is opened here, on the I/O thread (a few syscalls, no read): the
// transport streams it from the descriptor in chunks.
Response artifact_answer(const Api& api, const Params& params) {
  auto opened = open_artifact(api.artifacts, param(params, "sessionId"), param(params, "*"));
  if (auto* error = std::get_if<ArtifactError>(&opened))
    return artifact_refusal(*error);
  auto& file = std::get<ArtifactFile>(opened);
  Response response;
  response.content_type = content_type_for(file.name);
  response.file = std::move(file.body);
  harden(response);
  if (runs_script(file.name))
    response.headers.emplace_back("Content-Disposition", "attachment");
  return response;
}

// Only the folders of sessions the server knows are served: not any folder
// that happens to lie under the artifact root.
void on_artifact(const ApiPtr& api, const Params& params, const ResponderPtr& responder) {
  auto id = param(params, "sessionId");
  static const ArtifactError unknown{ArtifactError::Kind::not_found,
                                     "no such artifact in this session"};
  if (api->board)
    return responder->reply(api->board->find(id) ? artifact_answer(*api, params)
                                                 : artifact_refusal(unknown));
  call(
      api->system, api->coordinator, api->actor_timeout,
      [api, params, responder](const session_actor&) {
        responder->reply(artifact_answer(*api, params));
      },
      [responder, timeout = api->actor_timeout](const caf::error& error) {
        responder->reply(failure_of(error) == failure::unknown_session ? artifact_refusal(unknown)
                                                                       : error_for(error, timeout));
      },
      atom::session::value, id);
}

constexpr std::string_view placeholder_page =
    "<!doctype html><title>shardline</title><h1>shardline</h1>"
    "<p>The dashboard comes later. The API: <a href=\"/api/openapi.json\">/api/openapi.json</a>; "
    "sessions: <a href=\"/api/execution/parallel\">/api/execution/parallel</a>.</p>";

} // namespace

void add_service_routes(Router& router, const ApiPtr& api) {
  router.add("POST", "/api/execution/parallel/strategies/preview", "preview",
             [](const Request& request, const Params&, ResponderPtr responder) {
               responder->reply(preview_answer(request));
             });
  router.add("GET", "/api/artifacts/:sessionId/*", "artifact",
             [api](const Request&, const Params& params, ResponderPtr responder) {
               on_artifact(api, params, responder);
             });
  router.add("GET", "/api/openapi.json", "openapi",
             [](const Request&, const Params&, ResponderPtr responder) {
               responder->reply(json_response(200, std::string{openapi_document()}));
             });
  router.add(
      "GET", "/metrics", "metrics",
      [api](const Request&, const Params&, ResponderPtr responder) {
        std::string text;
        if (api->metrics)
          text = api->metrics->render_prometheus();
        if (api->requests)
          text.append(api->requests->prometheus_text());
        if (api->server_counters)
          text.append(api->server_counters->prometheus_text());
        if (api->log_lines_dropped)
          text.append(log_lines_dropped_text(api->log_lines_dropped()));
        responder->reply(
            Response{200, "text/plain; version=0.0.4; charset=utf-8", std::move(text), {}, {}});
      },
      false);
  router.add(
      "GET", "/healthz", "healthz",
      [api](const Request&, const Params&, ResponderPtr responder) {
        // Alive either way; `degraded` while the database's writes fail
        // (they are kept in memory and retried meanwhile).
        auto degraded = api->store_health ? api->store_health->degraded() : std::nullopt;
        if (!degraded) {
          responder->reply(json_response(200, R"({"status":"ok"})"));
          return;
        }
        nlohmann::json body = {{"status", "degraded"},
                               {"reason", "database writes fail: " + *degraded}};
        responder->reply(json_response(200, body.dump()));
      },
      false);
  router.add(
      "GET", "/", "dashboard",
      [](const Request&, const Params&, ResponderPtr responder) {
        responder->reply(
            Response{200, "text/html; charset=utf-8", std::string{placeholder_page}, {}, {}});
      },
      false);
}

} // namespace shardline::http
