#pragma once

// What the listener and every connection of one server share. It outlives the
// Server object when a handler keeps a Responder longer: the io_context a
// connection's socket belongs to must outlive the socket.

#include "http/bearer_token.hpp"
#include "http/connection_table.hpp"
#include "http/log_throttle.hpp"
#include "http/request_counter.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "http/server_counters.hpp"
#include "http/site_policy.hpp"

#include <boost/asio/io_context.hpp>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

namespace shardline::http {

class Connection;

struct Server::State {
  State(ServerSettings settings_, Router router_, std::shared_ptr<RequestCounter> requests_);

  boost::asio::io_context io_context;
  const ServerSettings settings;
  const Router router;
  const std::shared_ptr<RequestCounter> requests;
  /// Connections turned away and warnings held back (settings.counters, or one of its own).
  const std::shared_ptr<ServerCounters> counters;
  const std::optional<BearerToken> token;
  /// Set once by Server::stop(): no new work from then on.
  std::atomic<bool> stopping = false;

  /// Which Host and Origin headers are accepted: set by start() once the
  /// port is bound, before the first connection.
  std::optional<SitePolicy> site;
  /// Repeated warnings, one line per interval each.
  LogThrottle refusals_log{std::chrono::seconds{10}, &counters->log_lines_held_back()};
  LogThrottle errors_log{std::chrono::seconds{10}, &counters->log_lines_held_back()};

  /// Registers a new connection from `client`: whether it is served (see
  /// ConnectionTable), after closing the connections it makes room for.
  ConnectionTable::Admission enroll(const Connection* key, std::weak_ptr<Connection> connection,
                                    const std::string& client);
  void withdraw(const Connection* key);
  /// The connection waits for a request from now on / has a whole one.
  void waiting(const Connection* key);
  void working(const Connection* key);
  /// Every connection alive now.
  std::vector<std::shared_ptr<Connection>> connections();
  /// Connections closed to make room for others, since the start.
  std::size_t closed_for_room();
  std::size_t waiting_now();

private:
  std::mutex mutex_;
  std::unordered_map<const Connection*, std::weak_ptr<Connection>> connections_;
  ConnectionTable table_;
};

} // namespace shardline::http
