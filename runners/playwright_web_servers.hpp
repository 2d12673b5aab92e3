#pragma once

// A Playwright config's `webServer` entries, run once per session on a
// machine, as Playwright's own runner runs them once per run. Each batch of
// a session is a `playwright test` of its own: left to themselves, two
// batches at once would each start the web server on the one port (with
// `reuseExistingServer: false` the second fails every test; with `true` it
// borrows the first's server, which goes when the first batch ends), and a
// server's state would not last from one batch to the next.
//
// So the first batch of a session starts a web-server host: a `playwright
// test` of an overlay config (runners/playwright_config_overlay.hpp) that
// keeps the project's webServer entries and no test, whose global setup
// (runners/playwright/web-server-host.cjs) holds the servers until the host
// is stopped. Playwright itself starts them (reuseExistingServer, wait, cwd,
// env, timeout all as the config says) and stops them (gracefulShutdown).
// Batches then run without the webServer entries, with what the servers
// added to the environment (PLAYWRIGHT_TEST_BASE_URL, webServer.wait's
// groups). A host that fails (the server does not come up, the config does
// not load) leaves the batches to run the config as it is, so that
// Playwright reports the failure as it would.

#include "runners/output_tail.hpp"
#include "runners/playwright_config_overlay.hpp"
#include "runners/process.hpp"
#include "runners/spawn.hpp"
#include "runners/temporary_directory.hpp"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace shardline {

/// Whether the config file's text names `webServer`: a config that does not
/// is run without a host (a host costs one more Playwright start). A config
/// that takes its webServer from another file is missed, and runs as
/// before: each batch starts its own.
bool playwright_config_names_web_server(const std::filesystem::path& config);

/// The web-server host's global setup, runners/playwright/web-server-host.cjs,
/// beside the JSON-lines reporter `reporter`; empty when it is not there.
std::string playwright_web_server_hold_script(const std::string& reporter);

/// What a web-server host needs.
struct PlaywrightWebServerOptions {
  std::string dir;                            // the Playwright project
  std::filesystem::path config;               // its config file (playwright_config_file)
  std::string hold_script;                    // playwright_web_server_hold_script
  EnvironmentVariables environment;           // what the batches add to the worker's
  std::string project_root;                   // serve's: see ProcessSpec::confine_to
  std::chrono::milliseconds kill_grace{5000}; // SIGTERM to SIGKILL when stopped
};

/// The line the hold script prints once the web servers are up, parsed:
/// how many entries the config has, and what they added to the
/// environment. Nothing when `line` is not that line.
struct WebServersReady {
  int servers = 0;
  EnvironmentVariables environment;
};
std::optional<WebServersReady> parse_web_servers_ready(std::string_view line);

/// One session's web servers for one project: started at construction, on a
/// thread of its own, and stopped when the object goes or stop() is called.
/// Every process it starts carries a mark of its own
/// (SHARDLINE_PLAYWRIGHT_BATCH), so the sweep after it finds whatever a web
/// server left, and no batch's sweep touches it. If shardline itself dies,
/// the hold script sees its parent change and lets Playwright stop the
/// servers.
class PlaywrightWebServerHost {
public:
  explicit PlaywrightWebServerHost(PlaywrightWebServerOptions options);
  PlaywrightWebServerHost(const PlaywrightWebServerHost&) = delete;
  PlaywrightWebServerHost& operator=(const PlaywrightWebServerHost&) = delete;
  /// Stops the servers and waits for every process of the host to be gone.
  ~PlaywrightWebServerHost();

  /// Blocks until the web servers are up (true), the host ended without
  /// them or the config has none (false), or `stop` is requested (false).
  bool wait_ready(std::stop_token stop);

  /// What the web servers added to the environment; after wait_ready().
  EnvironmentVariables environment() const;

  /// Why the servers are not up, in the user's terms; empty while starting
  /// or up.
  std::string failure() const;

  /// Asks the host to stop its servers (SIGTERM; SIGKILL after the grace);
  /// returns at once. Safe from any thread, more than once.
  void stop();

  /// Blocks until the host's processes are gone.
  void wait_finished();
  bool finished() const;

  const std::string& dir() const { return options_.dir; }

private:
  enum class Phase { starting, ready, not_ready, finished };

  ProcessSpec process_spec();
  void run();
  void on_line(std::string_view line);

  PlaywrightWebServerOptions options_;
  std::optional<TemporaryDirectory> scratch_;
  std::optional<OverlayConfig> overlay_;
  std::string setup_error_;
  std::string mark_;
  Process process_; // built from the members above

  mutable std::mutex mutex_;
  std::condition_variable_any changed_;
  Phase phase_ = Phase::starting;
  EnvironmentVariables environment_;
  std::string failure_;
  std::thread thread_; // last: started once the rest exists
};

/// The web-server hosts of the sessions running on this machine, shared by
/// its workers' Playwright executors. A session's host starts with its
/// first batch and stops once the session is over (release()) and no batch
/// of it still runs.
class PlaywrightWebServers {
public:
  PlaywrightWebServers() = default;
  PlaywrightWebServers(const PlaywrightWebServers&) = delete;
  PlaywrightWebServers& operator=(const PlaywrightWebServers&) = delete;
  /// Stops every host and waits for them.
  ~PlaywrightWebServers();

  /// The host of `session`'s web servers in `options.dir`, started now if
  /// this is the session's first batch there; null once the session is over
  /// (a late batch runs the config as it is). A host of an ended session in
  /// the same folder is stopped and awaited first: its servers hold the
  /// ports the new one needs. The caller holds the pointer while its batch
  /// runs, then calls prune().
  std::shared_ptr<PlaywrightWebServerHost> acquire(const std::string& session,
                                                   PlaywrightWebServerOptions options);

  /// `session` is over: its hosts stop once no batch holds them.
  void release(const std::string& session);

  /// Stops the hosts of ended sessions that no batch holds any more, and
  /// forgets those that have finished.
  void prune();

  /// Hosts alive now, running or stopping.
  std::size_t hosts();

private:
  static constexpr std::size_t ended_kept = 1024;

  std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, std::shared_ptr<PlaywrightWebServerHost>>
      running_; // by (session, dir)
  std::vector<std::shared_ptr<PlaywrightWebServerHost>> retired_;
  std::deque<std::string> ended_; // the latest sessions released
};

} // namespace shardline
