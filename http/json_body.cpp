#include "http/json_body.hpp"

#include "model/json_text.hpp"

#include <nlohmann/json.hpp>

namespace shardline::http {

std::variant<nlohmann::json, Response> json_body(const Request& request) {
  if (request.body.find_first_not_of(" \t\r\n") == std::string::npos)
    return nlohmann::json::object();
  auto json = parse_json(request.body);
  if (!json)
    return error_response(400, "invalid_json", "the body is not JSON: " + json.error().message);
  return std::move(*json);
}

Response invalid_argument(const Error& error) {
  if (error.field.empty())
    return error_response(400, "invalid_argument", error.message);
  return error_response(400, "invalid_argument", error.to_string(), error.field);
}

Response json_answer(int status, const nlohmann::json& json) {
  return json_response(status, to_json_text(json));
}

} // namespace shardline::http
