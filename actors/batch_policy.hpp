#pragma once

#include "model/execution_config.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

namespace shardline {

/// Below this much estimated work a Playwright batch takes what is left of
/// the queue: one start-up of Playwright costs about 2.5 s.
inline constexpr std::int64_t min_playwright_batch_ms = 30000;

/// How many tests from the head of a shard's queue go into one run.
/// - command runner: one, since each test is a process of its own anyway and
///   a test not handed out can still be stolen;
/// - Playwright: tests from the head until the batch holds half the queue's
///   estimated work and at least min_playwright_batch_ms, so a long queue
///   pays few start-ups and its tail stays available to stealing.
/// Always at least one when the queue is not empty.
std::size_t batch_size(RunnerKind kind, const std::deque<std::uint64_t>& queue,
                       const std::vector<std::int64_t>& estimates);

} // namespace shardline
