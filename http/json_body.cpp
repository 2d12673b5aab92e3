#include "http/json_body.hpp"

#include "model/json_text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <string_view>

namespace shardline::http {

namespace {

// The media type of a Content-Type value, lower case, without parameters.
std::string media_type(std::string_view value) {
  value = value.substr(0, value.find(';'));
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
    value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
    value.remove_suffix(1);
  std::string type(value);
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return type;
}

} // namespace

std::variant<nlohmann::json, Response> json_body(const Request& request) {
  // A web page can send text/plain, form and multipart bodies to any site
  // without asking first (no CORS preflight); application/json it cannot.
  auto content_type = request.header("content-type");
  bool empty = request.body.find_first_not_of(" \t\r\n") == std::string::npos;
  if (content_type ? media_type(*content_type) != "application/json" : !empty)
    return error_response(
        415, "unsupported_media_type",
        "this route reads a JSON body: send Content-Type: application/json (the request " +
            (content_type ? "sent " + *content_type : std::string("had no Content-Type")) + ")");
  if (empty)
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
