#pragma once

// Where a requested artifact lives: `GET /api/artifacts/:sessionId/*` may only
// ever read a regular file inside that session's folder under the artifact root.

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <variant>

namespace shardline::http {

struct ArtifactError {
  enum class Kind {
    bad_request, // the path is malformed or tries to leave the folder (400)
    not_found,   // no such file in the folder, or one that leads out of it (404)
    too_large,   // the file exceeds what the server reads into memory
  };
  Kind kind;
  std::string message; // in the client's terms; never names a path outside the root
};

/// Resolves `requested` (percent-encoded, as the route's `*` captured it) for
/// `session_id` under `root`. Rejected before touching the file system: empty
/// paths, absolute ones, backslashes, `.`/`..` or empty segments, malformed
/// escapes, and escapes that decode to `/`, `\` or NUL. Then the file's real
/// path (symlinks followed) must be a regular file inside the session's folder.
std::variant<std::filesystem::path, ArtifactError>
resolve_artifact_path(const std::filesystem::path& root, std::string_view session_id,
                      std::string_view requested);

/// The Content-Type to serve a file with, from its extension (case-insensitive).
std::string content_type_for(const std::filesystem::path& path);

/// The contents of a regular file of at most `max_bytes` bytes.
std::variant<std::string, ArtifactError> read_artifact(const std::filesystem::path& path,
                                                       std::size_t max_bytes);

} // namespace shardline::http
