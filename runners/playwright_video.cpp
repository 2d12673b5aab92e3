#include "runners/playwright_video.hpp"

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <system_error>

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

} // namespace shardline
