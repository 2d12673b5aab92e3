// The routes around the sessions: preview, artifacts, health, metrics, the
// contract itself and the placeholder dashboard.

#include "actors/runtime_metrics.hpp"
#include "http/api.hpp"
#include "http/artifact_path.hpp"
#include "http/json_body.hpp"
#include "http/openapi.hpp"
#include "http/request_counter.hpp"
#include "model/preview.hpp"
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

Response artifact_answer(const Api& api, const Params& params) {
  auto resolved =
      resolve_artifact_path(api.artifacts, param(params, "sessionId"), param(params, "*"));
  auto refuse = [](const ArtifactError& error) {
    switch (error.kind) {
    case ArtifactError::Kind::bad_request:
      return error_response(400, "invalid_argument", error.message, "path");
    case ArtifactError::Kind::too_large:
      return error_response(413, "payload_too_large", error.message);
    case ArtifactError::Kind::not_found:
      break;
    }
    return error_response(404, "not_found", error.message);
  };
  if (auto* error = std::get_if<ArtifactError>(&resolved))
    return refuse(*error);
  const auto& path = std::get<std::filesystem::path>(resolved);
  auto content = read_artifact(path, api.max_artifact_bytes);
  if (auto* error = std::get_if<ArtifactError>(&content))
    return refuse(*error);
  Response response;
  response.content_type = content_type_for(path);
  response.body = std::move(std::get<std::string>(content));
  return response;
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
               responder->reply(artifact_answer(*api, params));
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
        responder->reply(
            Response{200, "text/plain; version=0.0.4; charset=utf-8", std::move(text), {}});
      },
      false);
  router.add(
      "GET", "/healthz", "healthz",
      [](const Request&, const Params&, ResponderPtr responder) {
        responder->reply(json_response(200, R"({"status":"ok"})"));
      },
      false);
  router.add(
      "GET", "/", "dashboard",
      [](const Request&, const Params&, ResponderPtr responder) {
        responder->reply(
            Response{200, "text/html; charset=utf-8", std::string{placeholder_page}, {}});
      },
      false);
}

} // namespace shardline::http
