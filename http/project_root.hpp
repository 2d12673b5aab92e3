#pragma once

// The folders a client may name (discover.dir, config.runner.dir): only ones
// inside the project root `shardline serve` was given. Outside paths all get
// the same answer, so a client cannot learn which of them exist.

#include "model/result.hpp"

#include <filesystem>
#include <string>

namespace shardline::http {

/// The real path of the project root (`root`, or the current folder when
/// empty); empty when it is not available.
std::filesystem::path real_project_root(const std::filesystem::path& root);

/// The real path of `dir` (relative to `root` when relative), or an error
/// naming `field`. `root` empty means the current folder. Every path whose
/// real path is not `root` or below it (absent, unreadable, `..` or a
/// symlink leading out) gets one and the same message; a path inside that is
/// not a folder gets another.
Result<std::filesystem::path> folder_inside(const std::filesystem::path& root,
                                            const std::string& dir, const std::string& field);

} // namespace shardline::http
