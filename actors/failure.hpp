#pragma once

#include <caf/error.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace shardline {

/// Why an actor request failed, in terms a REST handler or the command line
/// can map to an answer (404, 409, 400, 503 ...).
enum class failure : std::uint8_t {
  unknown_session = 1, // no session with that id
  session_finished,    // cancel of a session that already ended
  invalid_request,     // a field of the request is out of range
  cancelled,           // the test's session was cancelled before it ran
  unknown_worker,      // no worker with that id
  full,                // a limit is reached (registered agents): try again later
  store_failed,        // the database file could not be read
  not_resumable,       // resume of a session that runs, or has nothing left to run
};

/// An error of category "shardline" whose context is a message for people.
caf::error make_error(failure code, std::string message);

/// The failure an error carries, if it is one of ours.
std::optional<failure> failure_of(const caf::error& error);

/// The message for people an error carries (ours or CAF's).
std::string message_of(const caf::error& error);

} // namespace shardline
