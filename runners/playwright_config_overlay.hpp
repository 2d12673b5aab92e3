#pragma once

// A Playwright config written beside the project's own: it imports that
// config and changes only what shardline needs for one run of Playwright
// (video off where it cannot be recorded, the webServer entries left to the
// session's web-server host, or the host's own config). Relative paths in
// the project's config keep their meaning because the file sits beside it.

#include "model/result.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace shardline {

/// The Playwright config of the project in `dir`: the `--config`/`-c` of
/// `extra_args` if there is one (relative to `dir`), else the first
/// playwright.config.{ts,js,mts,mjs,cts,cjs} there. Nothing when none exists.
std::optional<std::filesystem::path>
playwright_config_file(const std::filesystem::path& dir,
                       const std::vector<std::string>& extra_args);

/// `extra_args` without its `--config`/`-c` option.
std::vector<std::string> without_config_option(const std::vector<std::string>& extra_args);

/// What an overlay changes of the project's config.
struct ConfigOverlay {
  /// Set: video off in `use` and every project's `use`. Each project that
  /// asked for video gets this reason as `metadata.shardlineVideoUnavailable`
  /// (null for the others), which the JSON-lines reporter passes on in every
  /// result (runners/playwright_video.hpp).
  std::optional<std::string> video_unavailable;
  /// The config's `webServer` entries left out: the session's web-server
  /// host runs them (runners/playwright_web_servers.hpp).
  bool without_web_servers = false;

  /// The config as the web-server host runs it: its `webServer` entries and
  /// nothing else. No test (`testDir` is an empty folder, one project of its
  /// own), none of the project's global setups or teardowns (each batch runs
  /// those), and `hold_script` (runners/playwright/web-server-host.cjs) as
  /// the one global setup: Playwright starts the web servers before it, and
  /// stops them once it returns.
  struct Host {
    std::string hold_script; // absolute
    std::string test_dir;    // absolute, empty
  };
  std::optional<Host> host;

  bool empty() const { return !video_unavailable && !without_web_servers && !host; }
};

/// The text of the overlay config for `base` (a file name in the same
/// folder).
std::string playwright_overlay_config(const std::string& base, const ConfigOverlay& overlay);

/// An overlay config written beside the project's config for one run of
/// Playwright and removed when the object goes. A leading dot and the
/// process id in its name keep it apart from the project's files and from
/// other runs; one that a killed shardline left behind (its process is gone)
/// is removed by the next write in that folder.
class OverlayConfig {
public:
  static Result<OverlayConfig> write(const std::filesystem::path& base_config,
                                     const ConfigOverlay& overlay);

  OverlayConfig(OverlayConfig&& other) noexcept;
  OverlayConfig& operator=(OverlayConfig&& other) noexcept;
  OverlayConfig(const OverlayConfig&) = delete;
  OverlayConfig& operator=(const OverlayConfig&) = delete;
  ~OverlayConfig();

  const std::filesystem::path& path() const { return path_; }

private:
  explicit OverlayConfig(std::filesystem::path path) : path_(std::move(path)) {}
  void remove();

  std::filesystem::path path_; // empty once moved from
};

} // namespace shardline
