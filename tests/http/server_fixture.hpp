#pragma once

// A server started on an ephemeral port of 127.0.0.1 for one test, stopped
// at its end, and handlers that answer a fixed response.

#include "http/server.hpp"

#include <chrono>
#include <string>
#include <utility>

namespace shardline::test_support {

using namespace std::chrono_literals;

/// Test settings: generous enough for a loaded two-core machine, short
/// enough that a test never waits long for a timeout it expects.
inline http::ServerSettings test_server_settings() {
  http::ServerSettings settings;
  settings.port = 0;
  settings.threads = 2;
  settings.read_timeout = 2s;
  settings.write_timeout = 5s;
  return settings;
}

class RunningServer {
public:
  explicit RunningServer(http::Router router,
                         http::ServerSettings settings = test_server_settings())
      : server_(std::move(settings), std::move(router)) {
    server_.start();
  }

  std::uint16_t port() const { return server_.port(); }
  http::Server& server() { return server_; }

private:
  http::Server server_;
};

/// The Host header line a browser or curl sends to that port of 127.0.0.1.
inline std::string host_line(std::uint16_t port) {
  return "Host: 127.0.0.1:" + std::to_string(port) + "\r\n";
}

/// A handler that answers `status` with that JSON body at once.
inline http::Handler answer(int status, std::string body = "{}") {
  return [status, body](const http::Request&, const http::Params&, http::ResponderPtr responder) {
    responder->reply(http::json_response(status, body));
  };
}

} // namespace shardline::test_support
