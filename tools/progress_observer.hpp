#pragma once

#include "actors/interfaces.hpp"
#include "tools/progress_view.hpp"

#include <caf/fwd.hpp>

#include <iosfwd>

namespace shardline::cli {

/// A session observer that draws the live view on `out`: on a terminal a
/// progress bar redrawn in place, in a log a line per 10% step; on both, a
/// line for each failed, timed-out or flaky attempt as it happens.
session_observer_actor spawn_progress_observer(caf::actor_system& system, std::ostream& out,
                                               ViewStyle style);

} // namespace shardline::cli
