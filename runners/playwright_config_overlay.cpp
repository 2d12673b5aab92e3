#include "runners/playwright_config_overlay.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string_view>
#include <system_error>
#include <utility>

namespace shardline {

namespace fs = std::filesystem;

namespace {

bool is_config_option(const std::string& arg) {
  return arg == "-c" || arg == "--config";
}

bool is_config_assignment(const std::string& arg) {
  return arg.rfind("--config=", 0) == 0 || (arg.rfind("-c", 0) == 0 && arg.size() > 2);
}

std::string js_string(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string js_optional_string(const std::optional<std::string>& text) {
  return text ? js_string(*text) : std::string("null");
}

std::string what_changes(const ConfigOverlay& overlay) {
  if (overlay.host)
    return "its webServer entries alone, for the session's web-server host";
  std::string text;
  if (overlay.video_unavailable)
    text = "video off, because Playwright cannot record video here";
  if (overlay.without_web_servers)
    text += (text.empty() ? "" : ", and ") +
            std::string("without its webServer entries, which run for the whole session");
  return text.empty() ? "unchanged" : text;
}

} // namespace

std::optional<fs::path> playwright_config_file(const fs::path& dir,
                                               const std::vector<std::string>& extra_args) {
  std::error_code ignored;
  for (std::size_t i = 0; i < extra_args.size(); ++i) {
    std::string named;
    if (is_config_option(extra_args[i]) && i + 1 < extra_args.size())
      named = extra_args[i + 1];
    else if (extra_args[i].rfind("--config=", 0) == 0)
      named = extra_args[i].substr(9);
    else if (is_config_assignment(extra_args[i]))
      named = extra_args[i].substr(2);
    if (named.empty())
      continue;
    auto path = fs::path(named).is_absolute() ? fs::path(named) : dir / named;
    if (fs::is_regular_file(path, ignored))
      return path;
    return std::nullopt; // a folder or a missing file: Playwright will say so
  }
  for (const auto* extension : {".ts", ".js", ".mts", ".mjs", ".cts", ".cjs"}) {
    auto path = dir / (std::string("playwright.config") + extension);
    if (fs::is_regular_file(path, ignored))
      return path;
  }
  return std::nullopt;
}

std::vector<std::string> without_config_option(const std::vector<std::string>& extra_args) {
  std::vector<std::string> kept;
  for (std::size_t i = 0; i < extra_args.size(); ++i) {
    if (is_config_option(extra_args[i])) {
      ++i; // and its value
      continue;
    }
    if (is_config_assignment(extra_args[i]))
      continue;
    kept.push_back(extra_args[i]);
  }
  return kept;
}

std::string playwright_overlay_config(const std::string& base, const ConfigOverlay& overlay) {
  // Playwright resolves `./playwright.config` to its .ts itself; other
  // extensions are named as they are.
  auto import_name = base;
  if (import_name.size() > 3 && import_name.compare(import_name.size() - 3, 3, ".ts") == 0)
    import_name.resize(import_name.size() - 3);
  std::string host = "null";
  if (overlay.host)
    host = "{ hold: " + js_string(overlay.host->hold_script) +
           ", testDir: " + js_string(overlay.host->test_dir) + " }";
  std::string text;
  text.append("// Written by shardline for one run of Playwright and removed after it: ")
      .append(base)
      .append("\n// with ")
      .append(what_changes(overlay))
      .append(". Do not edit.\nimport base from ")
      .append(js_string("./" + import_name))
      .append(";\n\nconst videoUnavailable: string | null = ")
      .append(js_optional_string(overlay.video_unavailable))
      .append(";\nconst withoutWebServers: boolean = ")
      .append(overlay.without_web_servers ? "true" : "false")
      .append(";\nconst host: { hold: string; testDir: string } | null = ")
      .append(host)
      .append(R"(;

const config: any = base;
// What the web servers add to the environment (PLAYWRIGHT_TEST_BASE_URL, the
// named groups of webServer.wait) is told apart from what was there before.
if (host) (globalThis as any).__shardlineStartingEnv ??= { ...process.env };

const asksForVideo = (use: any): boolean => {
  const video = use?.video;
  const mode = typeof video === 'string' ? video : video?.mode;
  return !!mode && mode !== 'off';
};
const off = (use: any) => ({ ...use, video: 'off' });
const videoOff = (config: any, reason: string) => ({
  ...config,
  use: off(config.use),
  metadata: {
    ...config.metadata,
    shardlineVideoUnavailable: asksForVideo(config.use) ? reason : null,
  },
  ...(Array.isArray(config.projects)
    ? {
        projects: config.projects.map((project: any) => ({
          ...project,
          use: off(project.use),
          metadata: {
            ...(project.metadata ?? config.metadata),
            shardlineVideoUnavailable: asksForVideo(
              project.use && 'video' in project.use ? project.use : config.use,
            )
              ? reason
              : null,
          },
        })),
      }
    : {}),
});

let overlaid: any = videoUnavailable === null ? config : videoOff(config, videoUnavailable);
if (withoutWebServers) overlaid = { ...overlaid, webServer: undefined };
if (host)
  overlaid = {
    ...config,
    testDir: host.testDir,
    projects: [{ name: 'shardline-web-servers' }],
    globalSetup: host.hold,
    globalTeardown: undefined,
  };

export default overlaid;
)");
  return text;
}

namespace {

constexpr std::string_view config_prefix = ".shardline-";
constexpr std::string_view config_suffixes[] = {".overlay.config.ts",
                                                ".video-off.config.ts"}; // older versions'

// `.shardline-<pid>-<n>.overlay.config.ts` files whose process is gone.
void remove_abandoned_configs(const fs::path& folder) {
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(folder, error)) {
    auto name = entry.path().filename().string();
    if (!name.starts_with(config_prefix))
      continue;
    bool ours = false;
    for (auto suffix : config_suffixes)
      ours = ours || name.ends_with(suffix);
    if (!ours)
      continue;
    auto digits = name.substr(config_prefix.size());
    auto dash = digits.find('-');
    if (dash == 0 || dash == std::string::npos || digits.find_first_not_of("0123456789") != dash)
      continue;
    long pid = std::strtol(digits.substr(0, dash).c_str(), nullptr, 10);
    if (pid <= 0 || (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)) {
      std::error_code ignored;
      fs::remove(entry.path(), ignored);
    }
  }
}

} // namespace

Result<OverlayConfig> OverlayConfig::write(const fs::path& base_config,
                                           const ConfigOverlay& overlay) {
  static std::atomic<unsigned> counter{0};
  remove_abandoned_configs(base_config.parent_path());
  std::string name(config_prefix);
  name.append(std::to_string(::getpid()))
      .append("-")
      .append(std::to_string(++counter))
      .append(config_suffixes[0]);
  auto path = base_config.parent_path() / name;
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << playwright_overlay_config(base_config.filename().string(), overlay);
    if (!out.flush()) {
      std::error_code ignored;
      fs::remove(path, ignored);
      return Error{"", "cannot write a Playwright config overlay in " +
                           base_config.parent_path().string()};
    }
  }
  return OverlayConfig(std::move(path));
}

OverlayConfig::OverlayConfig(OverlayConfig&& other) noexcept
    : path_(std::exchange(other.path_, {})) {}

OverlayConfig& OverlayConfig::operator=(OverlayConfig&& other) noexcept {
  if (this != &other) {
    remove();
    path_ = std::exchange(other.path_, {});
  }
  return *this;
}

OverlayConfig::~OverlayConfig() {
  remove();
}

void OverlayConfig::remove() {
  if (path_.empty())
    return;
  std::error_code ignored;
  fs::remove(path_, ignored);
  path_.clear();
}

} // namespace shardline
