#pragma once

// Reading a request body as JSON and writing JSON answers, with the error
// answers of docs/API.md: 400 invalid_json for text that is not JSON, 400
// invalid_argument naming the field a decoder refused.

#include "http/exchange.hpp"
#include "model/result.hpp"

#include <nlohmann/json_fwd.hpp>

#include <variant>

namespace shardline::http {

/// The body as JSON, or the 400 invalid_json answer (line and column). An
/// empty body is `{}`: every field of it is then missing or defaulted. A
/// Content-Type other than application/json, or none with a body, is 415
/// unsupported_media_type naming what was sent: the kinds of body a web page
/// may send cross-site without a preflight never reach a handler.
std::variant<nlohmann::json, Response> json_body(const Request& request);

/// A decoder's error as 400 invalid_argument with its field.
Response invalid_argument(const Error& error);

/// `json` serialised (never throws) with that status.
Response json_answer(int status, const nlohmann::json& json);

} // namespace shardline::http
