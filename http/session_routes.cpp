// The session routes: start (with tests, or discovering them), list, status,
// results, cancel, streams. Status and the list are read from the snapshots
// sessions publish (no actor round trip); the rest asks the actors.

#include "actors/session_board.hpp"
#include "http/actor_call.hpp"
#include "http/api.hpp"
#include "http/event_feed.hpp"
#include "http/json_body.hpp"
#include "http/project_root.hpp"
#include "model/start_request.hpp"
#include "runners/playwright_discovery.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>

namespace shardline::http {

namespace {

void start_session(const ApiPtr& api, SessionRequest request, const ResponderPtr& responder) {
  if (request.origin.empty())
    request.origin = "POST /api/execution/parallel";
  call(
      api, api->coordinator, responder,
      [responder](SessionStarted& started, const session_actor&) {
        nlohmann::json allocations = nlohmann::json::array();
        for (const auto& allocation : started.allocations)
          allocations.push_back(encode(allocation));
        responder->reply(json_answer(201, {{"sessionId", started.session_id},
                                           {"status", to_string(started.status)},
                                           {"allocations", std::move(allocations)}}));
      },
      atom::start::value, std::move(request));
}

// Lists the tests of a Playwright project (Discoveries: on a thread of its
// own, a few at once), then starts the session.
void discover_and_start(const ApiPtr& api, StartRequest request, const ResponderPtr& responder) {
  std::filesystem::path dir = request.discover->dir; // a real path inside the root (on_start)
  PlaywrightListOptions list;
  list.dir = dir.string();
  list.project_root = real_project_root(api->project_root).string(); // checked again at the start
  if (!request.discover->grep.empty())
    list.extra_args = {"--grep", request.discover->grep};
  // The callback runs before Discoveries::stop() returns, which the server
  // calls before its actor system goes: `api` and its system are alive.
  auto started = api->discoveries->start(
      std::move(list), [api, request = std::move(request), dir,
                        responder](Result<std::vector<TestFile>> tests, bool stopping) mutable {
        if (stopping)
          return responder->reply(
              error_response(503, "unavailable", "the server is shutting down"));
        if (!tests)
          return responder->reply(
              error_response(400, "invalid_argument", tests.error().to_string(), "discover.dir"));
        auto config = request.config;
        config.runner.kind = RunnerKind::playwright;
        config.runner.dir = dir.string();
        start_session(api, SessionRequest{std::move(*tests), std::move(config)}, responder);
      });
  if (!started)
    responder->reply(error_response(503, "unavailable",
                                    "other sessions are listing their tests; try again shortly"));
}

void on_start(const ApiPtr& api, const Request& request, const ResponderPtr& responder) {
  auto body = json_body(request);
  if (auto* error = std::get_if<Response>(&body))
    return responder->reply(std::move(*error));
  auto decoded = decode_start_request(std::get<nlohmann::json>(body));
  if (!decoded)
    return responder->reply(invalid_argument(decoded.error()));
  // A command runs in the folder a client names: only one inside the project root.
  if (auto& runner_dir = decoded->config.runner.dir; !runner_dir.empty()) {
    auto inside = folder_inside(api->project_root, runner_dir, "config.runner.dir");
    if (!inside)
      return responder->reply(invalid_argument(inside.error()));
    runner_dir = inside->string();
  }
  if (decoded->discover) {
    auto inside = folder_inside(api->project_root, decoded->discover->dir, "discover.dir");
    if (!inside)
      return responder->reply(invalid_argument(inside.error()));
    decoded->discover->dir = inside->string();
  }
  // A session needs a worker that can take it; without one it would only wait.
  // The registry answers alone (no session is asked what its workers hold).
  call(
      api, api->coordinator, responder,
      [api, request = std::move(*decoded), responder](std::vector<Worker>& workers) mutable {
        bool available = std::any_of(workers.begin(), workers.end(), [](const Worker& worker) {
          return worker.status != WorkerState::offline && worker.status != WorkerState::draining;
        });
        if (!available)
          return responder->reply(error_response(
              503, "unavailable", "no worker can take the session: none is registered and online"));
        if (request.discover)
          return discover_and_start(api, std::move(request), responder);
        start_session(api, SessionRequest{std::move(request.tests), std::move(request.config)},
                      responder);
      },
      atom::registry::value);
}

void on_list(const ApiPtr& api, const ResponderPtr& responder) {
  auto answer = [responder](const auto& sessions, auto state_of) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& session : sessions)
      list.push_back(encode(state_of(session)));
    responder->reply(json_answer(200, list));
  };
  // The board holds what every session last published: no actor round trip.
  if (api->board)
    return answer(
        api->board->sessions(),
        [](const SessionBoard::Snapshot& session) -> const ExecutionSession& { return *session; });
  call(
      api, api->coordinator, responder,
      [answer](const std::vector<ExecutionSession>& sessions) {
        answer(sessions,
               [](const ExecutionSession& session) -> const ExecutionSession& { return session; });
      },
      atom::sessions::value);
}

// Asks the coordinator for the session's actor, then `then(session)`.
template <class Then>
void with_session(const ApiPtr& api, const std::string& id, const ResponderPtr& responder,
                  Then then) {
  call(
      api, api->coordinator, responder,
      [then](const session_actor& session) mutable { then(session); }, atom::session::value, id);
}

// The session's current state, then `then(state)`.
template <class Then>
void with_status(const ApiPtr& api, const std::string& id, const ResponderPtr& responder,
                 Then then) {
  with_session(api, id, responder, [api, responder, then](const session_actor& session) {
    call(
        api, session, responder, [then](const ExecutionSession& state) mutable { then(state); },
        atom::status::value);
  });
}

void on_status(const ApiPtr& api, const Params& params, const ResponderPtr& responder) {
  auto id = param(params, "sessionId");
  if (api->board) {
    if (auto session = api->board->find(id))
      return responder->reply(json_answer(200, encode(*session)));
  }
  // Not published (yet): ask the coordinator, which knows whether it exists.
  with_status(api, id, responder, [responder](const ExecutionSession& state) {
    responder->reply(json_answer(200, encode(state)));
  });
}

void on_results(const ApiPtr& api, const Request& request, const Params& params,
                const ResponderPtr& responder) {
  std::optional<TestStatus> only;
  if (auto status = request.query_value("status")) {
    only = parse_test_status(*status);
    if (!only)
      return responder->reply(error_response(400, "invalid_argument",
                                             "status: unknown value \"" + *status +
                                                 "\"; allowed: passed, failed, skipped, timedOut",
                                             "status"));
  }
  auto id = param(params, "sessionId");
  with_session(api, id, responder, [api, id, only, responder](const session_actor& session) {
    call(
        api, session, responder,
        [id, only, responder](const std::vector<TestResult>& results) {
          nlohmann::json list = nlohmann::json::array();
          for (const auto& result : results)
            if (!only || result.status == *only)
              list.push_back(encode(result));
          responder->reply(json_answer(200, {{"sessionId", id}, {"results", std::move(list)}}));
        },
        atom::results::value);
  });
}

void on_cancel(const ApiPtr& api, const Params& params, const ResponderPtr& responder) {
  auto id = param(params, "sessionId");
  with_session(api, id, responder, [api, id, responder](const session_actor& session) {
    call(
        api, session, responder,
        [id, responder](const ExecutionSession& final_state) {
          responder->reply(
              json_answer(200, {{"sessionId", id}, {"status", to_string(final_state.status)}}));
        },
        atom::cancel::value);
  });
}

void on_streams(const ApiPtr& api, const Params& params, const ResponderPtr& responder) {
  with_status(
      api, param(params, "sessionId"), responder, [api, responder](const ExecutionSession& state) {
        auto session = std::make_shared<const ExecutionSession>(state);
        call(
            api, api->coordinator, responder,
            [session, responder](const std::vector<Worker>& workers) {
              nlohmann::json streams = nlohmann::json::array();
              for (const auto& shard : session->shards) {
                nlohmann::json vnc_url = nullptr;
                for (const auto& worker : workers)
                  if (!shard.worker_id.empty() && worker.id == shard.worker_id && worker.vnc_url)
                    vnc_url = *worker.vnc_url;
                streams.push_back(
                    {{"shardIndex", shard.shard_index},
                     {"workerId", shard.worker_id.empty() ? nlohmann::json(nullptr)
                                                          : nlohmann::json(shard.worker_id)},
                     {"vncUrl", std::move(vnc_url)}});
              }
              responder->reply(json_answer(200, streams));
            },
            atom::registry::value);
      });
}

// A new session with the tests of a kept one that have no final result; the
// kept one's final results count in it (docs/API.md, Resume).
void on_resume(const ApiPtr& api, const Params& params, const ResponderPtr& responder) {
  auto id = param(params, "sessionId");
  if (!api->reader)
    return responder->reply(error_response(
        409, "conflict", "resume needs the database, and this server runs with --no-db"));
  call(
      api, api->reader, responder,
      [api, id, responder](SessionRequest& request) mutable {
        request.origin = "POST /api/execution/parallel/" + id + "/resume";
        start_session(api, std::move(request), responder);
      },
      atom::resume::value, id);
}

// Every stream of a session shares one hub, which the session and the
// coordinator tell what happens (EventFeeds).
void on_events(const ApiPtr& api, const Params& params, const ResponderPtr& responder) {
  auto id = param(params, "sessionId");
  with_session(api, id, responder, [api, id, responder](const session_actor& session) {
    api->feeds->join(api->system, api->coordinator, id, session, responder->stream());
  });
}

} // namespace

void add_session_routes(Router& router, const ApiPtr& api) {
  router.add("POST", "/api/execution/parallel", "start",
             [api](const Request& request, const Params&, ResponderPtr responder) {
               on_start(api, request, responder);
             });
  router.add(
      "GET", "/api/execution/parallel", "sessions",
      [api](const Request&, const Params&, ResponderPtr responder) { on_list(api, responder); });
  router.add("GET", "/api/execution/parallel/:sessionId/status", "status",
             [api](const Request&, const Params& params, ResponderPtr responder) {
               on_status(api, params, responder);
             });
  router.add("GET", "/api/execution/parallel/:sessionId/results", "results",
             [api](const Request& request, const Params& params, ResponderPtr responder) {
               on_results(api, request, params, responder);
             });
  router.add("POST", "/api/execution/parallel/:sessionId/cancel", "cancel",
             [api](const Request&, const Params& params, ResponderPtr responder) {
               on_cancel(api, params, responder);
             });
  router.add("POST", "/api/execution/parallel/:sessionId/resume", "resume",
             [api](const Request&, const Params& params, ResponderPtr responder) {
               on_resume(api, params, responder);
             });
  router.add("GET", "/api/execution/parallel/:sessionId/events", "events",
             [api](const Request&, const Params& params, ResponderPtr responder) {
               on_events(api, params, responder);
             });
  router.add("GET", "/api/sharding/executions/:sessionId/streams", "streams",
             [api](const Request&, const Params& params, ResponderPtr responder) {
               on_streams(api, params, responder);
             });
}

} // namespace shardline::http
