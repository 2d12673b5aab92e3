#pragma once

// The REST API of docs/API.md: every route, as one table. The handlers
// turn a request into an actor request (never blocking an I/O thread) or read
// what the runtime publishes for fast reads.

#include "actors/agent_directory.hpp"
#include "actors/interfaces.hpp"
#include "http/agent_secrets.hpp"
#include "http/discoveries.hpp"
#include "http/event_feed.hpp"
#include "http/router.hpp"

#include <caf/fwd.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>

namespace shardline {
class StoreHealth;
class SessionBoard;
class RuntimeMetrics;
} // namespace shardline

namespace shardline::http {

class RequestCounter;
class ServerCounters;

/// How long a handler waits for an actor, by default, before answering 503.
inline constexpr std::chrono::seconds default_actor_timeout{10};

/// What the handlers work with; shared by all of them, alive as long as the server.
struct Api {
  Api(caf::actor_system& system, coordinator_actor coordinator)
      : system(system), coordinator(std::move(coordinator)) {}

  caf::actor_system& system;
  coordinator_actor coordinator;
  agent_directory_actor agents;             // the HTTP worker agents (spawn_agent_directory)
  std::shared_ptr<SessionBoard> board;      // session snapshots, for status without a round trip
  std::shared_ptr<RuntimeMetrics> metrics;  // sessions, tests, workers, dispatch latency
  std::shared_ptr<RequestCounter> requests; // HTTP answers by route and code
  /// Connections the server turned away and warnings it held back: the same
  /// object as ServerSettings::counters.
  std::shared_ptr<ServerCounters> server_counters;
  /// Log lines the process's logger lost so far (serve passes its
  /// asynchronous logger's count); unset: not shown.
  std::function<std::uint64_t()> log_lines_dropped;
  std::filesystem::path artifacts; // <artifacts>/<sessionId>/... served read-only
  /// The secret of each registered HTTP agent (its routes check it).
  std::shared_ptr<AgentSecrets> agent_secrets = std::make_shared<AgentSecrets>();
  /// As given to spawn_agent_directory: past it, secrets of gone agents are pruned.
  std::size_t max_agents = default_max_agents;
  /// The folder every `dir` a client names must lie in (folder_inside,
  /// http/project_root.hpp); empty: the folder the server runs in.
  std::filesystem::path project_root;
  /// The `discover` listings in flight; stop them before the actor system goes.
  std::shared_ptr<Discoveries> discoveries = std::make_shared<Discoveries>();
  /// The event hubs of the sessions whose events are streamed.
  std::shared_ptr<EventFeeds> feeds = std::make_shared<EventFeeds>();
  /// How long a handler waits for an actor's answer before it answers 503
  /// `unavailable` (call() with the Api).
  std::chrono::milliseconds actor_timeout = default_actor_timeout;
  /// Whether the database's writes go through (/healthz says `degraded`
  /// while they fail); null: no database.
  std::shared_ptr<const StoreHealth> store_health;
  /// Reads what only the database holds (resume); null: no database.
  store_reader_actor reader;
};

using ApiPtr = std::shared_ptr<Api>;

/// Every route of the API.
Router make_router(const ApiPtr& api);

// One file each; make_router calls them all.
void add_session_routes(Router& router, const ApiPtr& api);
void add_worker_routes(Router& router, const ApiPtr& api);
void add_service_routes(Router& router, const ApiPtr& api);

} // namespace shardline::http
