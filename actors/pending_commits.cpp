#include "actors/pending_commits.hpp"

namespace shardline {

namespace {

// Moves one test from `from` to `to` when `from` has one to give.
bool move(std::int64_t& from, std::int64_t& to) {
  if (from <= 0)
    return false;
  --from;
  ++to;
  return true;
}

} // namespace

ExecutionProgress PendingCommits::visible(ExecutionProgress progress) const {
  for (const auto& entry : entries_) {
    auto& back_to = entry.was_running ? progress.running : progress.pending;
    if (!entry.final) {
      move(progress.pending, back_to);
      continue;
    }
    auto& by_status = entry.status == TestStatus::passed    ? progress.passed
                      : entry.status == TestStatus::skipped ? progress.skipped
                                                            : progress.failed;
    if (by_status > 0 && move(progress.completed, back_to))
      --by_status;
  }
  return progress;
}

} // namespace shardline
