#pragma once

// Where a requested artifact lives: `GET /api/artifacts/:sessionId/*` may only
// ever read a regular file inside that session's folder under the artifact
// root, reached without following any symlink.

#include "http/exchange.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

namespace shardline::http {

struct ArtifactError {
  enum class Kind {
    bad_request, // the path is malformed or tries to leave the folder (400)
    not_found,   // no such regular file in the folder, or one reached through a symlink (404)
  };
  Kind kind;
  std::string message; // in the client's terms; never names a path outside the root
};

/// An artifact opened for reading.
struct ArtifactFile {
  std::shared_ptr<BodyFile> body; // the descriptor and the size it had when opened
  std::string name;               // its last path segment, decoded
};

/// Opens `requested` (percent-encoded, as the route's `*` captured it) in
/// `session_id`'s folder under `root`. Rejected before touching the file
/// system: empty paths, absolute ones, backslashes, `.`/`..` or empty
/// segments, malformed escapes, and escapes that decode to `/`, `\` or NUL.
/// Then the file is opened beneath `root` with no symlink followed on any
/// component, the session's folder included (openat2 with RESOLVE_BENEATH and
/// RESOLVE_NO_SYMLINKS; where the kernel lacks it, one openat with O_NOFOLLOW
/// per component): a link swapped in at any moment is refused, never read
/// through. It must be a regular file (a FIFO is not opened for blocking).
enum class ArtifactOpening {
  best,          // openat2 where the kernel has it, else per component
  per_component, // the fallback, always (for its tests)
};
std::variant<ArtifactFile, ArtifactError>
open_artifact(const std::filesystem::path& root, std::string_view session_id,
              std::string_view requested, ArtifactOpening how = ArtifactOpening::best);

/// Whether this kernel has openat2 (the fallback is used otherwise).
bool kernel_has_openat2();

/// The Content-Type to serve a file with, from its extension (case-insensitive).
std::string content_type_for(const std::filesystem::path& path);

/// Whether a browser would run script in a file of that type (HTML, SVG,
/// XML): such files are served as downloads, never rendered.
bool runs_script(const std::filesystem::path& path);

} // namespace shardline::http
