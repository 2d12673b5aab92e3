#pragma once

// A folder opened beneath a root with no symlink on the way: what a process
// started for a client enters. `serve` checks that a `dir` a client names is
// inside its project root, by real path; but a folder on that path can be
// swapped for a symlink to elsewhere between that check and the start. So
// the folder is opened again at the start, relative to the root (openat2
// RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS, or one component at a time with
// O_NOFOLLOW where openat2 is missing), and the child enters that descriptor
// (fchdir), never the name.

#include "model/result.hpp"
#include "runners/unique_fd.hpp"

#include <string>

namespace shardline {

/// An O_PATH descriptor of `dir` (absolute, or relative to `root`), which
/// must be `root` or below it with no symlink on any component after `root`;
/// `root` itself is taken as it is named. Anything else (outside, a symlink
/// on the way, not a folder, absent) is an Error naming both.
Result<UniqueFd> open_folder_beneath(const std::string& root, const std::string& dir);

} // namespace shardline
