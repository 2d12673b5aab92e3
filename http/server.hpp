#pragma once

// The HTTP/1.1 server: a Boost.Beast listener and one connection per client
// on an io_context of its own, run by a few threads. It reads a request within
// the limits below, finds its route, checks the token and hands it to the
// route's handler; the handler answers through its Responder from any thread.
// No Beast in this header: code that starts a server does not parse Beast.

#include "http/request_counter.hpp"
#include "http/router.hpp"
#include "http/server_counters.hpp"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace shardline::http {

struct ServerSettings {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0; // 0: any free port (Server::port() tells which)
  unsigned threads = 2;
  std::size_t body_limit = 8 * 1024 * 1024; // over it: 413 payload_too_large
  std::size_t header_limit = 16 * 1024;     // over it: 431 request_header_fields_too_large
  /// The whole request (headers and body) must arrive within this time, and an
  /// idle keep-alive connection is closed after it: a client trickling bytes
  /// (slowloris) is disconnected.
  std::chrono::milliseconds read_timeout{10'000};
  /// A response, or a batch of events, must be taken by the client within this time.
  std::chrono::milliseconds write_timeout{30'000};
  /// At most this many connections are served. When a new one would pass it,
  /// the connection that has waited longest for a request is closed to make
  /// room; from 7/8 of it on, every connection that has waited longer than
  /// header_timeout for a whole request is closed first.
  std::size_t max_connections = 512;
  /// At most this many connections from one client address; past it, that
  /// client's longest-waiting connection is closed to make room.
  std::size_t max_connections_per_client = 256;
  /// A connection waiting longer than this for a whole request is the first
  /// to be closed when the cap is near (see max_connections).
  std::chrono::milliseconds header_timeout{2'000};
  /// Connections over a cap that cannot make room: this many may still ask
  /// for one of priority_paths (the request must arrive within header_timeout);
  /// anything else is answered 503 unavailable. Beyond them, closed at once.
  std::size_t reserve_connections = 32;
  /// Answered even over the connection caps.
  std::vector<std::string> priority_paths{"/healthz", "/metrics"};
  /// Answered whatever the Host and Origin: they reveal and change nothing.
  std::vector<std::string> any_site_paths{"/healthz"};
  /// Host names accepted besides the listening address and the loopback
  /// names (`name` for any port, or `name:port`); see SitePolicy.
  std::vector<std::string> allowed_hosts;
  /// Origins (`http://name:port`) whose pages may call the API, answered with
  /// CORS headers and preflight; other origins but the server's own are refused.
  std::vector<std::string> allowed_origins;
  /// When set, routes that need a token answer 401 without `Authorization: Bearer <token>`.
  std::optional<std::string> token;
  /// Per event stream: events buffered for a slow client, and their bytes.
  std::size_t sse_max_events = 256;
  std::size_t sse_max_bytes = 1024 * 1024;
  /// A `: keep-alive` comment on an event stream this often.
  std::chrono::milliseconds sse_keep_alive{15'000};
  /// The I/O threads' nice value (0..19), at least: a process already nicer
  /// keeps its own. Above 0, serving yields the CPU to the tests and their
  /// dispatch when both want it.
  int nice = 0;
  /// Connections turned away and warnings held back are counted here: pass the
  /// one the /metrics handler renders (Api::server_counters); null, the server
  /// keeps its own (Server::counters()).
  std::shared_ptr<ServerCounters> counters;
};

class Server {
public:
  /// `requests` counts answers by route and status; pass the one the /metrics
  /// handler renders (a fresh one when null).
  Server(ServerSettings settings, Router router,
         std::shared_ptr<RequestCounter> requests = nullptr);
  /// Stops the server if it runs.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds, listens and starts the threads. Throws std::runtime_error when the
  /// address cannot be bound (the message names it) and std::logic_error when
  /// called twice.
  void start();

  /// Closes the listener and every connection (event streams too: their
  /// on_close callbacks fire), then joins the threads. Returns within about
  /// two seconds whatever the clients do. Idempotent.
  void stop();

  /// The port bound by start(): the ephemeral one when the settings said 0.
  std::uint16_t port() const;

  const ServerSettings& settings() const;
  const std::shared_ptr<RequestCounter>& requests() const;
  /// Waiting connections closed to make room for new ones (see max_connections).
  std::size_t connections_closed_for_room() const;
  /// Connections waiting for a request now (answered, or just accepted).
  std::size_t connections_waiting() const;
  /// What the server turned away and held back (settings().counters when given).
  const std::shared_ptr<ServerCounters>& counters() const;

  struct State; // shared with connections; defined in server_state.hpp

private:
  class Listener;

  std::shared_ptr<State> state_;
  std::shared_ptr<Listener> listener_;
  std::shared_ptr<void> work_guard_;
  std::vector<std::thread> threads_;
  std::uint16_t port_ = 0;
  bool started_ = false;
  bool stopped_ = false;

  std::mutex running_mutex_;
  std::condition_variable running_changed_;
  unsigned running_ = 0;
};

} // namespace shardline::http
