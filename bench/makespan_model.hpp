#pragma once

// The model behind bench_makespan: a synthetic suite with a true duration per
// test, and executors that replay a plan against those durations. Executors are
// policies over one event loop (`simulate`), each a `next(worker)` function:
// static shards, one shared FIFO queue, static shards with work stealing.

#include "bench/random.hpp"
#include "model/test_allocation.hpp"
#include "model/test_file.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <queue>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace shardline::bench {

// -- suites -------------------------------------------------------------------

struct SuiteSpec {
  int tests = 400;
  int min_tests_per_file = 5;
  int max_tests_per_file = 30;
  int min_files_per_folder = 2;
  int max_files_per_folder = 6;
  double median_estimate_ms = 3000;
  double estimate_sigma = 1.0;    // of log(estimate)
  double without_estimate = 0.10; // share of tests the history does not know
  double last_failed = 0.10;      // share of tests whose last run failed
  double file_tagged = 0.6;       // share of files with a tag of their own
  double test_keeps_file_tag = 0.85;
  double extra_tag = 0.10; // share of tests with one more tag
};

/// A suite in file order (as a lister reports it) and each test's true
/// duration: the estimate before rounding or hiding it. Actual durations are
/// this times noise.
struct Suite {
  std::vector<TestFile> tests;
  std::vector<double> true_ms;
  std::unordered_map<std::string, std::size_t> index_of; // id -> position in `tests`
};

inline const std::vector<std::string>& suite_tags() {
  static const std::vector<std::string> tags = {"@smoke", "@checkout", "@auth", "@search",
                                                "@admin", "@api",      "@slow", "@mobile"};
  return tags;
}

/// Folders of files of tests; deterministic for a seed.
inline Suite generate_suite(const SuiteSpec& spec, std::uint64_t seed) {
  Rng rng(seed);
  const auto& tags = suite_tags();
  // Skewed towards the first tags, so some tags are big and some small.
  const auto pick_tag = [&] {
    const double u = rng.uniform();
    return static_cast<std::size_t>(u * u * static_cast<double>(tags.size()));
  };
  const double mu = std::log(spec.median_estimate_ms);
  const double failed_given_history = spec.last_failed / (1.0 - spec.without_estimate);

  Suite suite;
  suite.tests.reserve(static_cast<std::size_t>(spec.tests));
  int file_number = 0;
  for (int folder = 0; std::ssize(suite.tests) < spec.tests; ++folder) {
    const std::string folder_path = "tests/area" + std::to_string(folder);
    const int files = rng.between(spec.min_files_per_folder, spec.max_files_per_folder);
    for (int f = 0; f < files && std::ssize(suite.tests) < spec.tests; ++f, ++file_number) {
      const std::string path = folder_path + "/file" + std::to_string(file_number) + ".spec.ts";
      const std::string* file_tag = rng.chance(spec.file_tagged) ? &tags[pick_tag()] : nullptr;
      const int count = rng.between(spec.min_tests_per_file, spec.max_tests_per_file);
      for (int k = 0; k < count && std::ssize(suite.tests) < spec.tests; ++k) {
        TestFile test;
        test.path = path;
        test.title = "case " + std::to_string(k);
        test.id = path + "::" + test.title;
        test.line = 3 + 6 * k;
        if (file_tag && rng.chance(spec.test_keeps_file_tag)) {
          test.tags.push_back(*file_tag);
        }
        if (rng.chance(spec.extra_tag)) {
          const auto& extra = tags[pick_tag()];
          if (std::find(test.tags.begin(), test.tags.end(), extra) == test.tags.end()) {
            test.tags.push_back(extra);
          }
        }
        const double true_ms = rng.lognormal(mu, spec.estimate_sigma);
        if (!rng.chance(spec.without_estimate)) {
          test.estimated_duration_ms = std::max<std::int64_t>(1, std::llround(true_ms));
          test.last_result =
              rng.chance(failed_given_history) ? TestStatus::failed : TestStatus::passed;
        }
        suite.index_of.emplace(test.id, suite.tests.size());
        suite.tests.push_back(std::move(test));
        suite.true_ms.push_back(true_ms);
      }
    }
  }
  return suite;
}

/// actual = true duration x lognormal(0, sigma); one stream per (seed, sigma).
inline std::vector<double> actual_durations(const Suite& suite, double sigma, std::uint64_t seed) {
  Rng rng(mix(seed, std::bit_cast<std::uint64_t>(sigma)));
  std::vector<double> actual;
  actual.reserve(suite.true_ms.size());
  for (const double ms : suite.true_ms) {
    actual.push_back(ms * rng.lognormal(0.0, sigma));
  }
  return actual;
}

/// max(longest test, total / workers): no schedule of these tests finishes sooner.
inline double lower_bound(std::span<const double> actual, int worker_count) {
  double total = 0;
  double longest = 0;
  for (const double ms : actual) {
    total += ms;
    longest = std::max(longest, ms);
  }
  return std::max(longest, total / worker_count);
}

// -- plans ----------------------------------------------------------------------

/// Per worker, the positions (in Suite::tests) of its tests in execution order.
using Queues = std::vector<std::vector<std::size_t>>;

/// The allocations as queues, or nullopt when they are not a partition of the
/// suite into `worker_count` shards (a test missing, doubled or unknown).
inline std::optional<Queues> to_queues(const std::vector<TestAllocation>& allocations,
                                       const Suite& suite, int worker_count) {
  if (std::ssize(allocations) != worker_count) {
    return std::nullopt;
  }
  std::vector<bool> seen(suite.tests.size(), false);
  std::size_t placed = 0;
  Queues queues(allocations.size());
  for (std::size_t shard = 0; shard < allocations.size(); ++shard) {
    for (const auto& test : allocations[shard].tests) {
      const auto it = suite.index_of.find(test.id);
      if (it == suite.index_of.end() || seen[it->second]) {
        return std::nullopt;
      }
      seen[it->second] = true;
      ++placed;
      queues[shard].push_back(it->second);
    }
  }
  if (placed != suite.tests.size()) {
    return std::nullopt;
  }
  return queues;
}

/// `playwright test --shard i/m`: the tests in file order cut into m contiguous
/// chunks whose counts differ by at most one.
inline Queues contiguous_split(std::size_t test_count, int worker_count) {
  const auto m = static_cast<std::size_t>(worker_count);
  Queues queues(m);
  std::size_t next = 0;
  for (std::size_t shard = 0; shard < m; ++shard) {
    const std::size_t size = test_count / m + (shard < test_count % m ? 1 : 0);
    for (std::size_t k = 0; k < size; ++k) {
      queues[shard].push_back(next++);
    }
  }
  return queues;
}

// -- executors --------------------------------------------------------------------

struct Execution {
  double makespan_ms = 0;
  std::vector<double> finish_ms; // per worker: when it stopped
};

/// The event loop every executor shares: all workers start at 0; whenever a
/// worker is free (earliest first, lower index on ties) `next(worker)` names
/// the test it starts, which then runs for its actual duration; std::nullopt
/// means the worker stops. Ends when every worker stopped.
template <class Next>
Execution simulate(int worker_count, std::span<const double> actual, Next&& next) {
  using Slot = std::pair<double, int>; // free at, worker
  std::priority_queue<Slot, std::vector<Slot>, std::greater<>> free;
  for (int worker = 0; worker < worker_count; ++worker) {
    free.emplace(0.0, worker);
  }
  Execution execution;
  execution.finish_ms.assign(static_cast<std::size_t>(worker_count), 0.0);
  while (!free.empty()) {
    const auto [at, worker] = free.top();
    free.pop();
    if (const std::optional<std::size_t> test = next(worker)) {
      free.emplace(at + actual[*test], worker);
    } else {
      execution.finish_ms[static_cast<std::size_t>(worker)] = at;
      execution.makespan_ms = std::max(execution.makespan_ms, at);
    }
  }
  return execution;
}

/// Static shards: each worker runs its own queue in order and nothing else.
inline Execution execute_static(const Queues& queues, std::span<const double> actual) {
  std::vector<std::size_t> done(queues.size(), 0);
  return simulate(static_cast<int>(queues.size()), actual,
                  [&](int worker) -> std::optional<std::size_t> {
                    const auto w = static_cast<std::size_t>(worker);
                    if (done[w] == queues[w].size()) {
                      return std::nullopt;
                    }
                    return queues[w][done[w]++];
                  });
}

/// One shared first-in-first-out queue (Playwright's own dispatcher): each
/// free worker takes the next test in `order`.
inline Execution execute_queue(std::span<const std::size_t> order, int worker_count,
                               std::span<const double> actual) {
  std::size_t taken = 0;
  return simulate(worker_count, actual, [&](int) -> std::optional<std::size_t> {
    if (taken == order.size()) {
      return std::nullopt;
    }
    return order[taken++];
  });
}

// -- work stealing ----------------------------------------------------------------

/// What a thief takes from its victim's queue of not-yet-started tests.
enum class StealTake {
  /// Tests from the tail, until what it took is estimated at least half of the
  /// victim's queued estimate (at least one test), run in the victim's order:
  /// the runtime's rule (`give` in actors/shard.cpp).
  tail_half,
  /// The one test with the largest estimate (the first of equal ones in queue
  /// order): on a longest-first queue, its head.
  longest_one,
};

/// Static shards with work stealing, as the runtime does it with one slot per
/// worker and the command runner (one test handed out at a time): each worker
/// runs its own queue in order; a worker whose queue is empty steals from the
/// other queue with the most estimated work not yet started (ties to the lowest
/// index: steal_victim in actors/shard_choice.cpp), appends what it takes to its
/// own queue and goes on; it stops when no queue has work left. Only estimates
/// (the planner's effective ones) steer it: the runtime never knows a test's
/// actual duration before it ran.
inline Execution execute_stealing(const Queues& plan, std::span<const std::int64_t> estimates,
                                  std::span<const double> actual,
                                  StealTake take = StealTake::tail_half) {
  const auto m = plan.size();
  std::vector<std::deque<std::size_t>> queues;
  std::vector<std::int64_t> queued(m, 0); // estimated work not yet started, per queue
  for (std::size_t w = 0; w < m; ++w) {
    queues.emplace_back(plan[w].begin(), plan[w].end());
    for (const auto test : plan[w]) {
      queued[w] += estimates[test];
    }
  }
  const auto steal = [&](std::size_t thief) {
    std::optional<std::size_t> victim;
    for (std::size_t w = 0; w < m; ++w) {
      if (w != thief && queued[w] > 0 && (!victim || queued[w] > queued[*victim])) {
        victim = w;
      }
    }
    if (!victim) {
      return;
    }
    auto& from = queues[*victim];
    auto& to = queues[thief];
    const auto move = [&](std::deque<std::size_t>::iterator at) {
      queued[*victim] -= estimates[*at];
      queued[thief] += estimates[*at];
      to.push_back(*at);
      from.erase(at);
    };
    if (take == StealTake::longest_one) {
      move(std::max_element(from.begin(), from.end(), [&](std::size_t a, std::size_t b) {
        return estimates[a] < estimates[b];
      }));
      return;
    }
    const auto victim_queued = queued[*victim];
    std::int64_t taken = 0;
    auto first = from.end();
    while (first != from.begin() && (first == from.end() || 2 * taken < victim_queued)) {
      --first;
      taken += estimates[*first];
    }
    for (auto at = first; at != from.end(); ++at) {
      queued[*victim] -= estimates[*at];
      queued[thief] += estimates[*at];
      to.push_back(*at);
    }
    from.erase(first, from.end());
  };
  return simulate(static_cast<int>(m), actual, [&](int worker) -> std::optional<std::size_t> {
    const auto w = static_cast<std::size_t>(worker);
    if (queues[w].empty()) {
      steal(w);
    }
    if (queues[w].empty()) {
      return std::nullopt;
    }
    const auto test = queues[w].front();
    queues[w].pop_front();
    queued[w] -= estimates[test];
    return test;
  });
}

/// Each queue with its new tests (no estimate: the history does not know them)
/// moved up to run right after the queue's leading tests that failed last time
/// (fail-first's promise), both moved and unmoved tests in plan order. A new
/// test's estimate is only the suite's median, so it may run many times longer
/// than planned; started early, it ends while the other workers still have
/// queued work that stealing can hand them.
inline Queues new_tests_first(Queues queues, const Suite& suite) {
  for (auto& queue : queues) {
    const auto rest = std::find_if(queue.begin(), queue.end(), [&](std::size_t test) {
      const auto& last = suite.tests[test].last_result;
      return !(last && is_failure(*last));
    });
    std::stable_partition(rest, queue.end(), [&](std::size_t test) {
      return !suite.tests[test].estimated_duration_ms.has_value();
    });
  }
  return queues;
}

/// Positions 0..n-1: the suite's own (file) order.
inline std::vector<std::size_t> file_order(std::size_t test_count) {
  std::vector<std::size_t> order(test_count);
  for (std::size_t i = 0; i < test_count; ++i) {
    order[i] = i;
  }
  return order;
}

} // namespace shardline::bench
