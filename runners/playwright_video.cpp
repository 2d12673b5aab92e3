#include "runners/playwright_video.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string_view>
#include <system_error>
#include <utility>

namespace shardline {

namespace fs = std::filesystem;

namespace {

std::optional<std::string> variable(const EnvironmentVariables& environment, const char* name) {
  for (auto it = environment.rbegin(); it != environment.rend(); ++it)
    if (it->first == name)
      return it->second;
  if (const char* value = std::getenv(name); value != nullptr)
    return std::string(value);
  return std::nullopt;
}

// playwright-core as node would find it from `dir`.
std::optional<fs::path> playwright_core(fs::path dir) {
  std::error_code ignored;
  dir = fs::absolute(dir, ignored).lexically_normal();
  while (!dir.empty()) {
    auto candidate = dir / "node_modules" / "playwright-core";
    if (fs::is_regular_file(candidate / "browsers.json", ignored))
      return candidate;
    if (dir == dir.root_path())
      break;
    dir = dir.parent_path();
  }
  return std::nullopt;
}

std::optional<std::string> ffmpeg_revision(const fs::path& browsers_json) {
  std::ifstream in(browsers_json, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object() || !json.contains("browsers") || !json["browsers"].is_array())
    return std::nullopt;
  for (const auto& browser : json["browsers"])
    if (browser.is_object() && browser.value("name", nlohmann::json()) == "ffmpeg" &&
        browser.contains("revision") && browser["revision"].is_string())
      return browser["revision"].get<std::string>();
  return std::nullopt;
}

std::optional<fs::path> browsers_folder(const fs::path& core,
                                        const EnvironmentVariables& environment) {
  if (auto configured = variable(environment, "PLAYWRIGHT_BROWSERS_PATH");
      configured && !configured->empty())
    return *configured == "0" ? core / ".local-browsers" : fs::path(*configured);
  if (auto cache = variable(environment, "XDG_CACHE_HOME"); cache && !cache->empty())
    return fs::path(*cache) / "ms-playwright";
  if (auto home = variable(environment, "HOME"); home && !home->empty())
    return fs::path(*home) / ".cache" / "ms-playwright";
  return std::nullopt;
}

bool is_config_option(const std::string& arg) {
  return arg == "-c" || arg == "--config";
}

bool is_config_assignment(const std::string& arg) {
  return arg.rfind("--config=", 0) == 0 || (arg.rfind("-c", 0) == 0 && arg.size() > 2);
}

std::string js_string(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace

std::optional<std::string> playwright_video_unavailable(const fs::path& dir,
                                                        const EnvironmentVariables& environment) {
  auto core = playwright_core(dir);
  if (!core)
    return std::nullopt;
  auto revision = ffmpeg_revision(*core / "browsers.json");
  auto folder = browsers_folder(*core, environment);
  if (!revision || !folder)
    return std::nullopt;
  auto ffmpeg = *folder / ("ffmpeg-" + *revision) / "ffmpeg-linux";
  std::error_code ignored;
  if (fs::is_regular_file(ffmpeg, ignored))
    return std::nullopt;
  std::string reason = "video not recorded: Playwright's video recorder ";
  reason.append(ffmpeg.string());
  reason.append(" is missing (`npx playwright install ffmpeg` downloads it)");
  return reason;
}

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

std::string playwright_video_off_config(const std::string& base, const std::string& reason) {
  // Playwright resolves `./playwright.config` to its .ts itself; other
  // extensions are named as they are.
  auto import_name = base;
  if (import_name.size() > 3 && import_name.compare(import_name.size() - 3, 3, ".ts") == 0)
    import_name.resize(import_name.size() - 3);
  std::string text;
  text.append("// Written by shardline for one batch and removed after it: ")
      .append(base)
      .append(" with video\n"
              "// off, because Playwright cannot record video here. Do not edit.\n"
              "import base from ")
      .append(js_string("./" + import_name))
      .append(";\n\nconst reason: string = ")
      .append(js_string(reason))
      .append(R"(;
const config: any = base;
const asksForVideo = (use: any): boolean => {
  const video = use?.video;
  const mode = typeof video === 'string' ? video : video?.mode;
  return !!mode && mode !== 'off';
};
const off = (use: any) => ({ ...use, video: 'off' });

export default {
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
};
)");
  return text;
}

namespace {

constexpr std::string_view config_prefix = ".shardline-";
constexpr std::string_view config_suffix = ".video-off.config.ts";

// `.shardline-<pid>-<n>.video-off.config.ts` files whose process is gone.
void remove_abandoned_configs(const fs::path& folder) {
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(folder, error)) {
    auto name = entry.path().filename().string();
    if (!name.starts_with(config_prefix) || !name.ends_with(config_suffix))
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

Result<VideoOffConfig> VideoOffConfig::write(const fs::path& base_config,
                                             const std::string& reason) {
  static std::atomic<unsigned> counter{0};
  remove_abandoned_configs(base_config.parent_path());
  std::string name(config_prefix);
  name.append(std::to_string(::getpid()))
      .append("-")
      .append(std::to_string(++counter))
      .append(config_suffix);
  auto path = base_config.parent_path() / name;
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << playwright_video_off_config(base_config.filename().string(), reason);
    if (!out.flush()) {
      std::error_code ignored;
      fs::remove(path, ignored);
      return Error{"", "cannot write a video-off Playwright config in " +
                           base_config.parent_path().string()};
    }
  }
  return VideoOffConfig(std::move(path));
}

VideoOffConfig::VideoOffConfig(VideoOffConfig&& other) noexcept
    : path_(std::exchange(other.path_, {})) {}

VideoOffConfig& VideoOffConfig::operator=(VideoOffConfig&& other) noexcept {
  if (this != &other) {
    remove();
    path_ = std::exchange(other.path_, {});
  }
  return *this;
}

VideoOffConfig::~VideoOffConfig() {
  remove();
}

void VideoOffConfig::remove() {
  if (path_.empty())
    return;
  std::error_code ignored;
  fs::remove(path_, ignored);
  path_.clear();
}

} // namespace shardline
