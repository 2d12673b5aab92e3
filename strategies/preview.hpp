#pragma once

#include "model/preview.hpp"
#include "model/result.hpp"

namespace shardline {

/// Plans `request.tests` with the named strategy and says how good the plan
/// is expected to be: the makespan (longest shard), the lower bound
/// max(longest test, ceil(total / workers)) on any plan's makespan, their
/// ratio, and which folders (strategy file) or tags (strategy tag, group
/// mode) ended up on more than one shard. An unknown strategy or a worker
/// count out of range is the strategy's error.
Result<Preview> preview(PreviewRequest request);

} // namespace shardline
