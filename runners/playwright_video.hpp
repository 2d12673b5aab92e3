#pragma once

// Video in a Playwright project where it cannot be recorded. Playwright
// records video with its own ffmpeg build, downloaded beside its browsers;
// where that download never happened (Debian's chromium, no network), every
// test of a project that asks for video fails at newPage. shardline runs such
// a project with video off instead (ConfigOverlay::video_unavailable), and
// each result says why it has none.

#include "runners/spawn.hpp"

#include <filesystem>
#include <optional>
#include <string>

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

} // namespace shardline
