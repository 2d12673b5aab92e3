#include "http/actor_call.hpp"

#include "actors/failure.hpp"

#include <caf/sec.hpp>

namespace shardline::http {

Response error_for(const caf::error& error, std::chrono::milliseconds waited) {
  auto message = message_of(error);
  if (auto ours = failure_of(error)) {
    switch (*ours) {
    case failure::unknown_session:
    case failure::unknown_worker:
      return error_response(404, "not_found", message);
    case failure::session_finished:
      return error_response(409, "conflict", message);
    case failure::invalid_request: {
      // "config.workerCount: must be ..." names its field before the colon.
      auto colon = message.find(": ");
      if (colon != std::string::npos && message.find(' ') > colon)
        return error_response(400, "invalid_argument", message, message.substr(0, colon));
      return error_response(400, "invalid_argument", message);
    }
    case failure::cancelled:
      return error_response(409, "conflict", message);
    case failure::full:
      return error_response(503, "unavailable", message);
    case failure::not_resumable:
      return error_response(409, "conflict", message);
    case failure::store_failed:
      return error_response(500, "internal", message);
    }
  }
  if (error == caf::sec::request_timeout) {
    std::string text = "the runtime did not answer within ";
    text.append(std::to_string(waited.count())).append(" ms; try again");
    return error_response(503, "unavailable", text);
  }
  return error_response(503, "unavailable", "the runtime could not answer: " + message);
}

} // namespace shardline::http
