#pragma once

// The token `shardline serve` makes for itself when none is given: random,
// shown once, and kept in a file only its user can read, so that a client of
// the same user finds it and nobody else does.

#include "model/result.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace shardline::cli {

/// 32 bytes from getrandom(2) as 64 hex digits. Throws std::runtime_error
/// when the kernel gives no randomness.
std::string random_token();

/// $XDG_RUNTIME_DIR/shardline/token (a per-user folder the system clears at
/// logout), else $HOME/.config/shardline/token; nullopt when neither is set.
std::optional<std::filesystem::path> default_token_file();

/// Writes `token` to `path`, readable and writable by this user only (0600;
/// the folder is created 0700 when missing). The file is replaced whole: a
/// reader sees the old token or the new one. An error naming the path and
/// the reason otherwise.
std::optional<Error> write_token_file(const std::filesystem::path& path, const std::string& token);

/// Removes `path` if it still holds `token` (another serve may have written
/// its own since).
void remove_token_file(const std::filesystem::path& path, const std::string& token);

} // namespace shardline::cli
