#include "runners/playwright_web_servers.hpp"

#include "runners/ansi.hpp"
#include "runners/playwright_discovery.hpp"
#include "runners/playwright_leftovers.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <system_error>

namespace shardline {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view ready_prefix = "shardline-web-servers-ready ";

// What a config's web servers may add to the environment is the project's
// own business, but not without bounds.
constexpr std::size_t max_variables = 256;
constexpr std::size_t max_variable_bytes = 64 * 1024;

std::string last_lines(const std::string& output, std::size_t count) {
  auto text = strip_ansi(output);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
    text.pop_back();
  std::size_t at = text.size();
  for (std::size_t lines = 0; lines < count && at != std::string::npos && at > 0; ++lines)
    at = text.rfind('\n', at - 1);
  return at == std::string::npos || at == 0 ? text : text.substr(at + 1);
}

} // namespace

bool playwright_config_names_web_server(const fs::path& config) {
  std::ifstream in(config, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return text.find("webServer") != std::string::npos;
}

std::string playwright_web_server_hold_script(const std::string& reporter) {
  if (reporter.empty())
    return {};
  auto script = fs::path(reporter).parent_path() / "web-server-host.cjs";
  std::error_code ignored;
  return fs::is_regular_file(script, ignored) ? script.string() : std::string();
}

std::optional<WebServersReady> parse_web_servers_ready(std::string_view line) {
  if (!line.starts_with(ready_prefix))
    return std::nullopt;
  auto json = nlohmann::json::parse(line.substr(ready_prefix.size()), nullptr, false);
  if (!json.is_object() || !json.contains("servers") || !json["servers"].is_number_integer())
    return std::nullopt;
  WebServersReady ready;
  ready.servers =
      static_cast<int>(std::clamp<std::int64_t>(json["servers"].get<std::int64_t>(), 0, 1000));
  if (json.contains("environment") && json["environment"].is_object()) {
    for (const auto& [name, value] : json["environment"].items()) {
      if (ready.environment.size() == max_variables)
        break;
      if (!value.is_string() || name.empty() || name.find('=') != std::string::npos ||
          name.find('\0') != std::string::npos)
        continue;
      auto text = value.get<std::string>();
      if (text.size() > max_variable_bytes || text.find('\0') != std::string::npos)
        continue;
      ready.environment.emplace_back(name, std::move(text));
    }
  }
  return ready;
}

PlaywrightWebServerHost::PlaywrightWebServerHost(PlaywrightWebServerOptions options)
    : options_(std::move(options)), process_(process_spec()) {
  thread_ = std::thread([this] { run(); });
}

PlaywrightWebServerHost::~PlaywrightWebServerHost() {
  stop();
  if (thread_.joinable())
    thread_.join();
}

// Called while constructing process_: writes the files its command line names.
ProcessSpec PlaywrightWebServerHost::process_spec() {
  ProcessSpec spec;
  auto scratch = TemporaryDirectory::create("shardline-web-servers-");
  if (!scratch) {
    setup_error_ = scratch.error().message;
    return spec;
  }
  scratch_.emplace(std::move(*scratch));
  std::error_code error;
  fs::create_directories(scratch_->path() / "tests", error);
  ConfigOverlay overlay;
  overlay.host = ConfigOverlay::Host{options_.hold_script, (scratch_->path() / "tests").string()};
  auto written = OverlayConfig::write(options_.config, overlay);
  if (!written) {
    setup_error_ = written.error().message;
    return spec;
  }
  overlay_.emplace(std::move(*written));
  auto dir = fs::absolute(options_.dir.empty() ? "." : options_.dir, error);
  auto program = playwright_program(dir);
  spec.argv = {program.string(),
               "test",
               "--config=" + overlay_->path().string(),
               "--reporter=line",
               "--output=" + (scratch_->path() / "output").string(),
               "--workers=1",
               "--pass-with-no-tests"};
  spec.working_dir = dir.string();
  if (!options_.project_root.empty()) {
    spec.confine_to = options_.project_root;
    spec.argv.front() = program.lexically_relative(dir).string();
  }
  spec.environment = options_.environment;
  spec.environment.emplace_back("FORCE_COLOR", "0");
  mark_ = new_batch_mark();
  spec.environment.emplace_back(std::string(playwright_batch_marker), mark_);
  spec.kill_grace = options_.kill_grace;
  spec.on_line = [this](std::string_view line) { on_line(line); };
  return spec;
}

void PlaywrightWebServerHost::on_line(std::string_view line) {
  auto ready = parse_web_servers_ready(line);
  if (!ready)
    return;
  std::lock_guard lock(mutex_);
  if (phase_ != Phase::starting)
    return;
  if (ready->servers > 0) {
    phase_ = Phase::ready;
    environment_ = std::move(ready->environment);
  } else {
    phase_ = Phase::not_ready;
    failure_ = "the config starts no web server";
  }
  changed_.notify_all();
}

void PlaywrightWebServerHost::run() {
  std::string failure;
  if (!setup_error_.empty()) {
    failure = "the config's web servers were not started: " + setup_error_;
  } else {
    auto outcome = process_.run();
    if (!outcome)
      failure = "the config's web servers were not started: " + outcome.error().message;
    else if (outcome->cancelled)
      failure = "the web-server host was stopped";
    else
      failure = "the config's web servers did not start (Playwright exited with " +
                (outcome->exit_code ? "code " + std::to_string(*outcome->exit_code)
                                    : signal_text(outcome->signal.value_or(0))) +
                "): " + last_lines(outcome->output, 8);
  }
  // Whatever a web server left behind: Playwright kills its group, not what
  // moved out of it.
  kill_marked_processes(mark_, options_.kill_grace);
  overlay_.reset();
  scratch_.reset();
  std::lock_guard lock(mutex_);
  if (phase_ == Phase::starting || phase_ == Phase::ready)
    failure_ = failure;
  phase_ = Phase::finished;
  changed_.notify_all();
}

bool PlaywrightWebServerHost::wait_ready(std::stop_token stop) {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, stop, [this] { return phase_ != Phase::starting; });
  return phase_ == Phase::ready;
}

EnvironmentVariables PlaywrightWebServerHost::environment() const {
  std::lock_guard lock(mutex_);
  return environment_;
}

std::string PlaywrightWebServerHost::failure() const {
  std::lock_guard lock(mutex_);
  return phase_ == Phase::ready ? std::string() : failure_;
}

void PlaywrightWebServerHost::stop() {
  process_.cancel();
}

void PlaywrightWebServerHost::wait_finished() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return phase_ == Phase::finished; });
}

bool PlaywrightWebServerHost::finished() const {
  std::lock_guard lock(mutex_);
  return phase_ == Phase::finished;
}

// -- the hosts of a machine ----------------------------------------------------------

PlaywrightWebServers::~PlaywrightWebServers() {
  std::vector<std::shared_ptr<PlaywrightWebServerHost>> all;
  {
    std::lock_guard lock(mutex_);
    for (auto& [key, host] : running_)
      all.push_back(std::move(host));
    running_.clear();
    std::move(retired_.begin(), retired_.end(), std::back_inserter(all));
    retired_.clear();
  }
  for (const auto& host : all)
    host->stop(); // all at once; then each destructor waits for its own
}

std::shared_ptr<PlaywrightWebServerHost>
PlaywrightWebServers::acquire(const std::string& session, PlaywrightWebServerOptions options) {
  std::vector<std::shared_ptr<PlaywrightWebServerHost>> in_the_way;
  {
    std::lock_guard lock(mutex_);
    if (std::find(ended_.begin(), ended_.end(), session) != ended_.end())
      return nullptr;
    auto key = std::make_pair(session, options.dir);
    if (auto it = running_.find(key); it != running_.end())
      return it->second;
    for (const auto& host : retired_)
      if (host->dir() == options.dir)
        in_the_way.push_back(host);
  }
  for (const auto& host : in_the_way) {
    host->stop();
    host->wait_finished();
  }
  in_the_way.clear();
  std::lock_guard lock(mutex_);
  auto key = std::make_pair(session, options.dir);
  if (auto it = running_.find(key); it != running_.end())
    return it->second; // another batch of the session started it meanwhile
  if (std::find(ended_.begin(), ended_.end(), session) != ended_.end())
    return nullptr;
  auto host = std::make_shared<PlaywrightWebServerHost>(std::move(options));
  running_.emplace(std::move(key), host);
  return host;
}

void PlaywrightWebServers::release(const std::string& session) {
  {
    std::lock_guard lock(mutex_);
    ended_.push_back(session);
    if (ended_.size() > ended_kept)
      ended_.pop_front();
    for (auto it = running_.begin(); it != running_.end();) {
      if (it->first.first == session) {
        retired_.push_back(std::move(it->second));
        it = running_.erase(it);
      } else {
        ++it;
      }
    }
  }
  prune();
}

void PlaywrightWebServers::prune() {
  std::vector<std::shared_ptr<PlaywrightWebServerHost>> finished;
  {
    std::lock_guard lock(mutex_);
    for (auto it = retired_.begin(); it != retired_.end();) {
      if ((*it)->finished()) {
        finished.push_back(std::move(*it));
        it = retired_.erase(it);
        continue;
      }
      if (it->use_count() == 1)
        (*it)->stop(); // no batch holds it
      ++it;
    }
  }
  // Destroyed here, outside the lock: their threads have ended or are ending.
}

std::size_t PlaywrightWebServers::hosts() {
  std::lock_guard lock(mutex_);
  return running_.size() + retired_.size();
}

} // namespace shardline
