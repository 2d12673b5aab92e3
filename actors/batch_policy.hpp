#pragma once

#include "model/execution_config.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <span>
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
/// Always at least one when the queue is not empty. A unit is never split:
/// when `units` (each test's unit number, see strategies/units.hpp) is given,
/// the batch ends where a unit ends, so a unit's tests run in one process, in
/// their order (a serial describe skips its rest after a failure there).
std::size_t batch_size(RunnerKind kind, const std::deque<std::uint64_t>& queue,
                       const std::vector<std::int64_t>& estimates,
                       std::span<const std::uint32_t> units = {});

/// How many tests from the tail of a shard's queue a thief takes: about half
/// the queue's estimated work (half its tests when nothing has an estimate),
/// from the tail, in whole units (`units` as for batch_size).
std::size_t steal_size(const std::deque<std::uint64_t>& queue,
                       const std::vector<std::int64_t>& estimates,
                       std::span<const std::uint32_t> units = {});

} // namespace shardline
