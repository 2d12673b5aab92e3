#include "tools/serve_command.hpp"

#include "actors/actor_config.hpp"
#include "actors/agent_directory.hpp"
#include "actors/local_runtime.hpp"
#include "actors/runtime_metrics.hpp"
#include "actors/session_board.hpp"
#include "actors/store.hpp"
#include "actors/store_reader.hpp"
#include "http/api.hpp"
#include "http/request_counter.hpp"
#include "http/server.hpp"
#include "http/site_policy.hpp"
#include "model/ranges.hpp"
#include "runners/subreaper.hpp"
#include "runners/test_cgroup.hpp"
#include "store/store_health.hpp"
#include "tools/async_log.hpp"
#include "tools/exit_code.hpp"
#include "tools/interrupt_watch.hpp"
#include "tools/listen_address.hpp"
#include "tools/serve_store.hpp"
#include "tools/token_file.hpp"

#include <caf/actor_system.hpp>
#include <caf/exit_reason.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>
#include <spdlog/spdlog.h>

#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <ostream>
#include <thread>

#include <unistd.h>

namespace shardline::cli {

namespace {

// Cancels every running session and waits (boundedly) for the answers, so
// their test processes are gone before the workers stop.
void cancel_running_sessions(caf::actor_system& system, const coordinator_actor& coordinator) {
  caf::scoped_actor self{system};
  std::vector<ExecutionSession> sessions;
  self->request(coordinator, std::chrono::seconds{5}, atom::sessions::value)
      .receive([&](std::vector<ExecutionSession>& list) { sessions = std::move(list); },
               [](const caf::error&) {});
  for (const auto& session : sessions) {
    if (session.status != SessionStatus::running && session.status != SessionStatus::pending)
      continue;
    session_actor handle;
    self->request(coordinator, std::chrono::seconds{5}, atom::session::value, session.session_id)
        .receive([&](session_actor& found) { handle = std::move(found); },
                 [](const caf::error&) {});
    if (!handle)
      continue;
    spdlog::info("cancelling session {}", session.session_id);
    self->request(handle, std::chrono::seconds{10}, atom::cancel::value)
        .receive([](const ExecutionSession&) {}, [](const caf::error&) {});
  }
}

// Local workers register as they start; a session posted before they have
// would find none. Waits (boundedly) until `count` are known.
void wait_for_workers(caf::actor_system& system, const coordinator_actor& coordinator, int count) {
  caf::scoped_actor self{system};
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{10};
  while (std::chrono::steady_clock::now() < deadline) {
    std::size_t known = 0;
    self->request(coordinator, std::chrono::seconds{5}, atom::workers::value)
        .receive([&](const std::vector<Worker>& workers) { known = workers.size(); },
                 [](const caf::error&) {});
    if (known >= static_cast<std::size_t>(count))
      return;
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }
  spdlog::warn("only some local workers registered in time");
}

// Waits (boundedly) until what the store holds is committed (the cancelled
// sessions' last states), then stops it and the reader.
void commit_and_stop(caf::actor_system& system, const store_actor& store,
                     const store_reader_actor& reader) {
  {
    caf::scoped_actor self{system};
    self->request(store, std::chrono::seconds{10}, atom::commit::value)
        .receive([](std::uint64_t) {},
                 [](const caf::error&) {
                   spdlog::warn("the store did not commit its last writes in time");
                 });
  }
  caf::anon_send_exit(store, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(reader, caf::exit_reason::user_shutdown);
}

} // namespace

int run_serve(const ServeOptions& options, std::ostream& out, std::ostream& err) {
  auto fail = [&](const std::string& what) {
    err << "shardline serve: " << what << '\n';
    return exit_usage;
  };
  auto address = parse_listen_address(options.http);
  if (!address)
    return fail("--http: " + address.error().message);
  std::string token = options.token;
  if (token.empty())
    if (const char* from_env = std::getenv("SHARDLINE_TOKEN"))
      token = from_env;
  if (options.no_token && !token.empty())
    return fail("--no-token and a token (--token or SHARDLINE_TOKEN) were both given; choose one");
  if (options.no_token && !is_loopback(address->host))
    return fail("--no-token: --http " + options.http +
                " is reachable from other machines; without a token only a loopback address "
                "(127.0.0.1, [::1], localhost) is allowed");
  for (const auto& host : options.allowed_hosts)
    if (auto checked = http::SitePolicy::allowed_host(host); !checked)
      return fail("--allowed-host: " + checked.error().message);
  for (const auto& origin : options.allowed_origins)
    if (auto checked = http::SitePolicy::allowed_origin(origin); !checked)
      return fail("--allowed-origin: " + checked.error().message);
  if (options.http_nice < 0 || options.http_nice > 19)
    return fail("--http-nice: " + std::to_string(options.http_nice) +
                " is out of range; allowed: 0 to 19");
  if (options.keep_sessions < 1)
    return fail("--keep-sessions: " + std::to_string(options.keep_sessions) +
                " is out of range; allowed: 1 or more");
  if (options.keep_days < 0 || options.keep_days > 100000)
    return fail("--keep-days: " + std::to_string(options.keep_days) +
                " is out of range; allowed: 0 (no limit) to 100000");
  if (options.max_agents < 1 || options.max_agents > 100000)
    return fail("--max-agents: " + std::to_string(options.max_agents) +
                " is out of range; allowed: 1 to 100000");
  std::error_code root_error;
  auto project_root = std::filesystem::canonical(options.project_root.empty()
                                                     ? std::filesystem::current_path(root_error)
                                                     : std::filesystem::path(options.project_root),
                                                 root_error);
  if (root_error || !std::filesystem::is_directory(project_root, root_error))
    return fail("--project-root: " + options.project_root + " is not a folder");
  if (options.local_workers < 0 || options.slots < 1)
    return fail("--local-workers must be >= 0 and --slots >= 1");
  // The ranges of the REST contract's heartbeatIntervalMs and heartbeatTimeoutMs.
  if (!ranges::heartbeat_interval_ms.contains(options.heartbeat_interval_ms))
    return fail("--heartbeat-interval: " +
                out_of_range_message(std::to_string(options.heartbeat_interval_ms),
                                     ranges::heartbeat_interval_ms));
  if (!ranges::heartbeat_timeout_ms.contains(options.heartbeat_timeout_ms))
    return fail("--heartbeat-timeout: " +
                out_of_range_message(std::to_string(options.heartbeat_timeout_ms),
                                     ranges::heartbeat_timeout_ms));
  if (options.heartbeat_timeout_ms <= options.heartbeat_interval_ms)
    return fail("--heartbeat-timeout must be greater than --heartbeat-interval (both in ms)");
  auto level = spdlog::level::from_str(options.log_level);
  if (level == spdlog::level::off && options.log_level != "off")
    return fail("--log-level: unknown value \"" + options.log_level +
                "\"; allowed: trace, debug, info, warn, error, off");
  spdlog::set_level(level);
  // No token given: one of its own, so that a web page or another user of
  // this machine cannot run commands through it.
  bool generated = token.empty() && !options.no_token;
  std::filesystem::path token_file;
  if (generated) {
    auto where = default_token_file();
    if (!options.token_file.empty())
      where = std::filesystem::absolute(options.token_file);
    if (!where)
      return fail("--token-file: neither XDG_RUNTIME_DIR nor HOME is set; give --token-file "
                  "PATH, --token, or --no-token");
    token_file = *where;
    token = random_token();
    if (auto error = write_token_file(token_file, token))
      return fail(error->to_string());
  }

  std::mutex mutex;
  std::condition_variable stop_requested;
  int stop_signal = 0;
  InterruptWatch interrupts([&](int signal, int count) {
    if (count > 1)
      std::_Exit(exit_code_for_signal(signal));
    std::lock_guard<std::mutex> guard{mutex};
    stop_signal = signal;
    stop_requested.notify_all();
  });
  // After the watch: its thread is created with SIGINT and SIGTERM blocked,
  // as the watch has them blocked from here on (else the default action of a
  // signal delivered to it would end serve at once).
  AsyncLog log{STDOUT_FILENO};
  if (auto error = become_subreaper())
    spdlog::warn("{}", error->to_string());
  spdlog::info("{}", containment_mode());

  // The database first: a file serve must not use stops it before anything
  // listens or runs.
  std::optional<ServeStore> store;
  std::filesystem::path db_path;
  if (options.use_db) {
    db_path = std::filesystem::absolute(options.db.empty() ? "shardline.db" : options.db);
    auto opened = open_serve_store(db_path, options.keep_days);
    if (!opened) {
      if (generated)
        remove_token_file(token_file, token);
      return fail(opened.error().to_string());
    }
    store = std::move(*opened);
    if (store->interrupted > 0)
      spdlog::warn("{}: {} session(s) were running when the last serve stopped; they are "
                   "interrupted (resume one with POST /api/execution/parallel/ID/resume)",
                   db_path.string(), store->interrupted);
  }

  ActorConfig actor_config;
  caf::actor_system system{actor_config};
  LocalRuntime::Settings settings;
  settings.workers = options.local_workers;
  settings.slots_per_worker = options.slots;
  settings.coordinator.heartbeat_interval =
      std::chrono::milliseconds{options.heartbeat_interval_ms};
  settings.coordinator.heartbeat_timeout = std::chrono::milliseconds{options.heartbeat_timeout_ms};
  settings.coordinator.finished_sessions_kept = static_cast<std::size_t>(options.keep_sessions);
  settings.playwright.artifacts = std::filesystem::absolute(options.artifacts);
  // A folder a client names is checked at the edge (http/project_root.hpp)
  // and again where its process starts, entered by descriptor.
  settings.command.project_root = project_root.string();
  settings.playwright.project_root = project_root.string();
  settings.coordinator.readouts.board = std::make_shared<SessionBoard>();
  settings.coordinator.readouts.metrics = std::make_shared<RuntimeMetrics>();
  auto store_health = std::make_shared<StoreHealth>();
  store_actor store_writer;
  if (store) {
    store_writer = spawn_store(system, store->db, store_health);
    settings.coordinator.store = store_writer;
    settings.coordinator.reader = spawn_store_reader(system, db_path);
    settings.coordinator.restored = std::move(store->restored);
    for (auto& id : store->expired)
      caf::anon_send(store_writer, atom::forget::value, std::move(id));
    store->db.reset(); // the store owns it now
  }
  {
    LocalRuntime runtime{system, settings};
    auto api = std::make_shared<http::Api>(system, runtime.coordinator());
    api->agents = spawn_agent_directory(system, runtime.coordinator(), agent_drop_after,
                                        static_cast<std::size_t>(options.max_agents));
    api->project_root = project_root;
    api->max_agents = static_cast<std::size_t>(options.max_agents);
    api->artifacts = settings.playwright.artifacts;
    api->requests = std::make_shared<http::RequestCounter>();
    api->board = settings.coordinator.readouts.board;
    api->metrics = settings.coordinator.readouts.metrics;
    api->server_counters = std::make_shared<http::ServerCounters>();
    api->log_lines_dropped = [&log] { return static_cast<std::uint64_t>(log.dropped()); };
    if (store_writer) {
      api->store_health = store_health;
      api->reader = settings.coordinator.reader;
    }
    http::ServerSettings server_settings;
    server_settings.counters = api->server_counters;
    server_settings.host = address->host;
    server_settings.port = address->port;
    server_settings.nice = options.http_nice;
    server_settings.allowed_hosts = options.allowed_hosts;
    server_settings.allowed_origins = options.allowed_origins;
    if (!token.empty())
      server_settings.token = token;
    wait_for_workers(system, runtime.coordinator(), options.local_workers);
    http::Server server{server_settings, http::make_router(api), api->requests};
    try {
      server.start();
    } catch (const std::exception& e) {
      if (generated)
        remove_token_file(token_file, token);
      return fail(e.what());
    }
    out << "shardline serve: listening on http://" << address->host << ':' << server.port()
        << " with " << options.local_workers << " local worker"
        << (options.local_workers == 1 ? "" : "s")
        << (token.empty() ? ", no token (loopback only)" : ", token required") << std::endl;
    if (generated) {
      // Shown once, for the user who started it; the fragment never reaches a server log.
      std::string host = address->host;
      if (host == "0.0.0.0" || host == "::")
        host = "127.0.0.1";
      else if (host.find(':') != std::string::npos)
        host = "[" + host + "]";
      out << "shardline serve: token written to " << token_file.string()
          << " (readable by this user only); open http://" << host << ':' << server.port()
          << "/#token=" << token << std::endl;
    }
    {
      std::unique_lock<std::mutex> lock{mutex};
      stop_requested.wait(lock, [&] { return stop_signal != 0; });
    }
    spdlog::info("signal {}: shutting down", stop_signal);
    cancel_running_sessions(system, runtime.coordinator());
    server.stop();
    api->discoveries->stop(); // a listing in flight talks to the actors
    caf::anon_send_exit(api->agents, caf::exit_reason::user_shutdown);
    if (store_writer)
      commit_and_stop(system, store_writer, settings.coordinator.reader);
  }
  // Each test's leftovers died with it; this catches any a test that was
  // still starting when serve was stopped left behind.
  kill_all_leftovers();
  if (generated)
    remove_token_file(token_file, token);
  auto dropped = log.dropped();
  out.clear(); // a line the output did not take earlier must not silence this one
  out << "shardline serve: stopped";
  if (dropped > 0)
    out << " (" << dropped << " log lines dropped: the output did not take them)";
  out << std::endl;
  return exit_ok;
}

} // namespace shardline::cli
