#pragma once

#include "actors/local_runtime.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace shardline::cli {

struct SummaryOptions {
  std::int64_t wall_ms = 0;        // the run's wall time
  std::filesystem::path artifacts; // where artifact URLs point on disk
  std::size_t slowest = 5;         // how many of the slowest tests to list
};

/// What `shardline run` prints when a session is over: per shard its
/// worker(s), tests and busy time; the slowest tests; the flaky ones; each
/// failed test with its error and artifact files; the totals; and wall time
/// against the sum of test time.
std::string run_summary(const SessionOutcome& outcome, const SummaryOptions& options);

} // namespace shardline::cli
