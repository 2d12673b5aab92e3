#pragma once

// What the listener and every connection of one server share. It outlives the
// Server object when a handler keeps a Responder longer: the io_context a
// connection's socket belongs to must outlive the socket.

#include "http/bearer_token.hpp"
#include "http/request_counter.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

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
  const std::optional<BearerToken> token;
  /// Set once by Server::stop(): no new work from then on.
  std::atomic<bool> stopping = false;

  /// Registers a new connection; whether it is within max_connections.
  bool enroll(const Connection* key, std::weak_ptr<Connection> connection);
  void withdraw(const Connection* key, bool admitted);
  /// Every connection alive now.
  std::vector<std::shared_ptr<Connection>> connections();

private:
  std::mutex mutex_;
  std::unordered_map<const Connection*, std::weak_ptr<Connection>> connections_;
  std::size_t admitted_ = 0;
};

} // namespace shardline::http
