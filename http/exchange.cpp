#include "http/exchange.hpp"

#include <nlohmann/json.hpp>

#include <unistd.h>

namespace shardline::http {

namespace {

std::optional<std::string>
first_value(const std::vector<std::pair<std::string, std::string>>& pairs, std::string_view name) {
  for (const auto& [key, value] : pairs)
    if (key == name)
      return value;
  return std::nullopt;
}

} // namespace

std::optional<std::string> Request::query_value(std::string_view name) const {
  return first_value(query, name);
}

std::optional<std::string> Request::header(std::string_view name) const {
  return first_value(headers, name);
}

BodyFile::~BodyFile() {
  if (fd_ >= 0)
    ::close(fd_);
}

std::string param(const Params& params, std::string_view name) {
  return first_value(params, name).value_or(std::string{});
}

Response error_response(int status, std::string_view code, std::string_view message,
                        std::optional<std::string_view> field) {
  nlohmann::json error = {{"code", code}, {"message", message}};
  if (field)
    error["field"] = *field;
  // Messages may quote what a client sent: replace invalid UTF-8 rather than throw.
  nlohmann::json body = {{"error", std::move(error)}};
  return json_response(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

Response json_response(int status, std::string body) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

} // namespace shardline::http
