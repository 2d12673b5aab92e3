#pragma once

// Video in a Playwright project where it cannot be recorded. Playwright
// records video with its own ffmpeg build, downloaded beside its browsers;
// where that download never happened (Debian's chromium, no network), every
// test of a project that asks for video fails at newPage. shardline runs such
// a project with video off instead, and each result says why it has none.

#include "model/result.hpp"
#include "runners/spawn.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace shardline {

/// Why Playwright cannot record video for the project in `dir`, or nothing
/// when it can or when that cannot be told (no playwright-core found, an
/// unreadable browsers.json: Playwright then speaks for itself).
///
/// Playwright looks for `ffmpeg-<revision>/ffmpeg-linux` (the revision from
/// playwright-core's browsers.json) under $PLAYWRIGHT_BROWSERS_PATH ("0":
/// playwright-core/.local-browsers), else $XDG_CACHE_HOME/ms-playwright,
/// else ~/.cache/ms-playwright. `environment` is what the batch adds to the
/// process's own environment, and is looked at first.
std::optional<std::string> playwright_video_unavailable(const std::filesystem::path& dir,
                                                        const EnvironmentVariables& environment);

/// The Playwright config of the project in `dir`: the `--config`/`-c` of
/// `extra_args` if there is one (relative to `dir`), else the first
/// playwright.config.{ts,js,mts,mjs,cts,cjs} there. Nothing when none exists.
std::optional<std::filesystem::path>
playwright_config_file(const std::filesystem::path& dir,
                       const std::vector<std::string>& extra_args);

/// `extra_args` without its `--config`/`-c` option.
std::vector<std::string> without_config_option(const std::vector<std::string>& extra_args);

/// The text of a config that imports `base` (a file name in the same folder)
/// and turns video off in its `use` and every project's. Each project that
/// asked for video gets `reason` as `metadata.shardlineVideoUnavailable`
/// (null for the others), which the JSON-lines reporter passes on in every
/// result. Relative paths of the base config keep their meaning as long as
/// the file is written into the base config's folder.
std::string playwright_video_off_config(const std::string& base, const std::string& reason);

/// A video-off config written beside the project's config for one batch and
/// removed when the object goes. A leading dot and the process id in its
/// name keep it apart from the project's files and from other batches; one
/// that a killed shardline left behind (its process is gone) is removed by
/// the next write in that folder.
class VideoOffConfig {
public:
  static Result<VideoOffConfig> write(const std::filesystem::path& base_config,
                                      const std::string& reason);

  VideoOffConfig(VideoOffConfig&& other) noexcept;
  VideoOffConfig& operator=(VideoOffConfig&& other) noexcept;
  VideoOffConfig(const VideoOffConfig&) = delete;
  VideoOffConfig& operator=(const VideoOffConfig&) = delete;
  ~VideoOffConfig();

  const std::filesystem::path& path() const { return path_; }

private:
  explicit VideoOffConfig(std::filesystem::path path) : path_(std::move(path)) {}
  void remove();

  std::filesystem::path path_; // empty once moved from
};

} // namespace shardline
