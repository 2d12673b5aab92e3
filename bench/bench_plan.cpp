// How long planning a large suite takes with each strategy, and how much memory
// it needs, beside the floor any LPT pays (sorting the estimates) and the goals.
// Each strategy is measured in its own forked child so peak RSS is its own.

#include "bench/args.hpp"
#include "bench/child.hpp"
#include "bench/random.hpp"
#include "bench/strategy_variants.hpp"
#include "bench/suite.hpp"
#include "bench/table.hpp"
#include "model/test_file.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace {

using namespace shardline;
using namespace shardline::bench;
using Clock = std::chrono::steady_clock;

constexpr double goal_seconds = 2.0;
constexpr double goal_bytes_per_test = 1024.0;
constexpr unsigned child_timeout_seconds = 300;

// -- measuring in a child -----------------------------------------------------------

template <class F>
double time_seconds(F&& f) {
  const auto start = Clock::now();
  f();
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// What a child reports about one way of planning.
struct Measurement {
  std::string error;          // empty when it worked
  long rss_before_kib = 0;    // the generated suite in memory, nothing planned yet
  long peak_kib = 0;          // ru_maxrss after the first plan
  double plan_over_bound = 0; // estimated makespan / max(longest, total / m); 0 for sort
  std::string invalid;        // what is wrong with the plan's shape, if anything
  std::vector<double> seconds;
};

Measurement failed(std::string error) {
  Measurement m;
  m.error = std::move(error);
  return m;
}

/// The first run moves the generated suite in and gives the peak; later runs
/// move in a fresh copy of a regenerated original (copying is not timed).
Measurement measure_strategy(const StrategyVariant& variant, const SuiteSpec& spec,
                             std::uint64_t seed, int workers, int runs) {
  Measurement m;
  {
    auto suite = generate_suite(spec, seed);
    std::int64_t longest = 0;
    for (const auto& test : suite) {
      longest = std::max(longest, test.estimated_duration_ms.value_or(0));
    }
    m.rss_before_kib = current_rss_kib();
    std::optional<Result<std::vector<TestAllocation>>> planned;
    m.seconds.push_back(time_seconds([&] {
      planned.emplace(variant.strategy->distribute(std::move(suite), workers, variant.options));
    }));
    m.peak_kib = peak_rss_kib();
    if (!planned->ok()) {
      m.error = planned->error().to_string();
      return m;
    }
    const auto& allocations = planned->value();
    std::size_t placed = 0;
    std::int64_t total = 0;
    std::int64_t makespan = 0;
    for (const auto& allocation : allocations) {
      placed += allocation.tests.size();
      total += allocation.estimated_duration_ms;
      makespan = std::max(makespan, allocation.estimated_duration_ms);
    }
    if (std::ssize(allocations) != workers || placed != static_cast<std::size_t>(spec.tests)) {
      m.invalid = std::to_string(allocations.size()) + " shards holding " + std::to_string(placed) +
                  " tests";
    }
    const double bound =
        std::max(static_cast<double>(longest), static_cast<double>(total) / workers);
    m.plan_over_bound = bound > 0 ? static_cast<double>(makespan) / bound : 0;
  }
  if (runs > 1) {
    const auto original = generate_suite(spec, seed);
    for (int run = 1; run < runs; ++run) {
      auto copy = original;
      std::optional<Result<std::vector<TestAllocation>>> planned;
      m.seconds.push_back(time_seconds([&] {
        planned.emplace(variant.strategy->distribute(std::move(copy), workers, variant.options));
      }));
    }
  }
  return m;
}

/// The baseline: a plain descending std::sort of the estimates (missing = 0).
Measurement measure_sort(const SuiteSpec& spec, std::uint64_t seed, int runs) {
  Measurement m;
  const auto suite = generate_suite(spec, seed);
  m.rss_before_kib = current_rss_kib();
  std::vector<std::int64_t> estimates;
  estimates.reserve(suite.size());
  for (const auto& test : suite) {
    estimates.push_back(test.estimated_duration_ms.value_or(0));
  }
  for (int run = 0; run < runs; ++run) {
    auto copy = estimates;
    m.seconds.push_back(
        time_seconds([&] { std::sort(copy.begin(), copy.end(), std::greater<>()); }));
    if (run == 0) {
      m.peak_kib = peak_rss_kib();
    }
  }
  return m;
}

std::string encode(const Measurement& m) {
  std::ostringstream out;
  out.precision(17);
  out << m.rss_before_kib << ' ' << m.peak_kib << ' ' << m.plan_over_bound << ' '
      << m.seconds.size();
  for (const double s : m.seconds) {
    out << ' ' << s;
  }
  // Free text last, each on its own line.
  out << '\n' << m.error << '\n' << m.invalid << '\n';
  return out.str();
}

Measurement decode(const std::string& text) {
  std::istringstream in(text);
  Measurement m;
  std::size_t count = 0;
  in >> m.rss_before_kib >> m.peak_kib >> m.plan_over_bound >> count;
  for (std::size_t i = 0; i < count && in; ++i) {
    double s = 0;
    in >> s;
    m.seconds.push_back(s);
  }
  if (!in) {
    m.error = "could not read the child's report";
    return m;
  }
  std::string line;
  std::getline(in, line); // rest of the numbers line
  std::getline(in, m.error);
  std::getline(in, m.invalid);
  return m;
}

/// Runs `job` in a forked child (a fresh heap and its own ru_maxrss).
Measurement in_child(const std::function<Measurement()>& job) {
  const auto child = run_in_child([&] { return encode(job()); }, child_timeout_seconds);
  return child.error.empty() ? decode(child.text) : failed(child.error);
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n == 0 ? 0 : (n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2);
}

} // namespace

int main(int argc, char** argv) {
  Args args(argc, argv, "[--seed N] [--runs N] [--tests N] [--workers M]");
  const std::uint64_t seed = args.u64("seed", 1);
  const int runs = args.integer("runs", 3);
  SuiteSpec spec;
  spec.tests = args.integer("tests", 1'000'000);
  const int workers = args.integer("workers", 1000);
  args.finish();
  const auto started = Clock::now();

  std::printf("# bench_plan: wall time of Strategy::distribute (suite moved in; generating and "
              "copying it untimed)\n");
  std::printf("#   and peak RSS, each row in its own forked child\n");
  std::printf("# seed %llu, %d tests in %d files / %d folders, %zu tags, %d workers; %d runs "
              "per row\n",
              static_cast<unsigned long long>(seed), spec.tests, spec.files, spec.folders,
              tag_names().size(), workers, runs);
  std::printf("# baseline: std::sort of the %d estimates, the floor any LPT pays; goals: <= %g s "
              "per plan, <= %g KiB peak per test\n",
              spec.tests, goal_seconds, goal_bytes_per_test / 1024);
  std::printf("# suite = RSS with the suite generated, before planning; peak = ru_maxrss of the "
              "first run; planner = peak - suite\n");
  std::printf("# plan/LB = the plan's estimated makespan / max(longest estimate, total / "
              "workers)\n\n");
  std::fflush(stdout);

  struct Row {
    std::string label;
    Measurement m;
  };
  std::vector<Row> rows;
  rows.push_back(
      {"std::sort (baseline)", in_child([&] { return measure_sort(spec, seed, runs); })});
  for (const auto& variant : strategy_variants()) {
    if (!variant.strategy) {
      rows.push_back({variant.label, failed(variant.error)});
      continue;
    }
    rows.push_back({variant.label, in_child([&] {
                      return measure_strategy(variant, spec, seed, workers, runs);
                    })});
  }

  const double sort_seconds = median(rows.front().m.seconds);
  const double tests = spec.tests;
  Table table({"strategy", "median s", "min s", "vs sort", "vs goal", "suite B/test", "peak B/test",
               "planner B/test", "vs goal", "plan/LB"});
  table.set_groups({{"time", 4}, {"memory", 4}, {"", 1}});
  std::vector<std::string> notes;
  for (const auto& [label, m] : rows) {
    if (!m.error.empty() && m.seconds.empty()) {
      table.add_row({label, "-", "-", "-", "-", "-", "-", "-", "-", "-"});
      notes.push_back(label + ": " + m.error);
      continue;
    }
    if (!m.error.empty()) {
      notes.push_back(label + ": " + m.error);
    }
    if (!m.invalid.empty()) {
      notes.push_back(label + ": not a plan of " + std::to_string(spec.tests) + " tests on " +
                      std::to_string(workers) + " shards: " + m.invalid);
    }
    const double seconds = median(m.seconds);
    const double suite_bytes = static_cast<double>(m.rss_before_kib) * 1024 / tests;
    const double peak_bytes = static_cast<double>(m.peak_kib) * 1024 / tests;
    const double planner_bytes = static_cast<double>(m.peak_kib - m.rss_before_kib) * 1024 / tests;
    table.add_row({label, format("%.3f", seconds),
                   format("%.3f", *std::min_element(m.seconds.begin(), m.seconds.end())),
                   format("%.1f", seconds / sort_seconds), format("%.2f", seconds / goal_seconds),
                   format("%.0f", suite_bytes), format("%.0f", peak_bytes),
                   format("%.0f", planner_bytes), format("%.2f", peak_bytes / goal_bytes_per_test),
                   m.plan_over_bound > 0 ? format("%.4f", m.plan_over_bound) : std::string("-")});
  }
  table.print();
  for (const auto& note : notes) {
    std::printf("  ! %s\n", note.c_str());
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
  std::printf("\n# %.1f s; reproduce: %s --seed %llu --runs %d --tests %d --workers %d\n", elapsed,
              args.program().c_str(), static_cast<unsigned long long>(seed), runs, spec.tests,
              workers);
  return 0;
}
