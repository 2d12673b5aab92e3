#pragma once

#include "model/result.hpp"

#include <optional>

namespace shardline {

/// Makes this process the reaper of its orphaned descendants
/// (PR_SET_CHILD_SUBREAPER), so that what a test leaves in its group is
/// re-parented here and reaped by Process::run() instead of being left to
/// PID 1, which in a container may never reap. Process-wide: call it once at
/// the start of a process that runs tests. The price: an orphan that left its
/// test's group (a daemon) is re-parented here too and stays a zombie after it
/// exits, since reaping every child would steal the exit status of tests that
/// are still running.
std::optional<Error> become_subreaper();

} // namespace shardline
