// How close each strategy's static shards come to the best possible makespan
// when tests run for their actual durations, not their estimates; beside two
// baselines: Playwright's `--shard i/m` split and its dynamic FIFO dispatcher;
// and the same shards again with the runtime's work stealing.

#include "bench/args.hpp"
#include "bench/makespan_model.hpp"
#include "bench/random.hpp"
#include "bench/strategy_variants.hpp"
#include "bench/table.hpp"
#include "strategies/estimates.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace {

using namespace shardline;
using namespace shardline::bench;

/// Per-suite samples of one row at one (m, sigma).
struct Samples {
  std::vector<double> ratio;         // makespan / lower bound
  std::vector<double> vs_contiguous; // makespan / makespan of (a) on the same suite
  int invalid = 0;                   // plans that were not a partition of the suite
  std::string error;                 // why the row has no numbers at all
};

double mean(const std::vector<double>& values) {
  double sum = 0;
  for (const double v : values) {
    sum += v;
  }
  return values.empty() ? 0 : sum / static_cast<double>(values.size());
}

/// Nearest-rank 95th percentile.
double p95(std::vector<double> values) {
  if (values.empty()) {
    return 0;
  }
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(std::ceil(0.95 * static_cast<double>(values.size())));
  return values[std::max<std::size_t>(rank, 1) - 1];
}

std::string join(const std::vector<int>& values) {
  std::string text;
  for (const int v : values) {
    text += (text.empty() ? "" : ",") + std::to_string(v);
  }
  return text;
}

std::string join(const std::vector<double>& values) {
  std::string text;
  for (const double v : values) {
    text += (text.empty() ? "" : ",") + format("%g", v);
  }
  return text;
}

/// The mean makespan / lower bound that work stealing must stay within.
constexpr double steal_goal = 1.05;

} // namespace

int main(int argc, char** argv) {
  Args args(argc, argv,
            "[--seed N] [--runs N] [--tests N] [--workers M[,M...]] [--sigma S[,S...]] "
            "[--steal-take tail-half|longest-one]");
  const std::uint64_t seed = args.u64("seed", 1);
  const int runs = args.integer("runs", 200);
  SuiteSpec spec;
  spec.tests = args.integer("tests", 400);
  const std::vector<int> worker_counts = args.integers("workers", {8});
  const std::vector<double> sigmas = args.numbers("sigma", {0.2, 0.5});
  const std::string take_name =
      args.choice("steal-take", {"tail-half", "longest-one"}, "tail-half");
  const StealTake take = take_name == "tail-half" ? StealTake::tail_half : StealTake::longest_one;
  args.finish();
  const auto started = std::chrono::steady_clock::now();

  auto variants = strategy_variants();
  // Rows: the two baselines, one per strategy variant; then (a) and every
  // variant with stealing, and with stealing after running new tests first.
  std::vector<std::string> labels = {"(a) contiguous split", "(b) FIFO queue (dynamic)"};
  for (const auto& variant : variants) {
    labels.push_back(variant.label);
  }
  const std::size_t first_strategy = 2;
  const std::size_t first_steal = labels.size();
  const std::size_t first_new_first = first_steal + 1 + variants.size();
  for (const std::string suffix : {" + steal", " + steal, new first"}) {
    labels.push_back("(a) contiguous" + suffix);
    for (const auto& variant : variants) {
      labels.push_back(variant.label + suffix);
    }
  }

  // samples[m][sigma][row]
  std::vector<std::vector<std::vector<Samples>>> samples(
      worker_counts.size(),
      std::vector<std::vector<Samples>>(sigmas.size(), std::vector<Samples>(labels.size())));
  for (std::size_t v = 0; v < variants.size(); ++v) {
    if (!variants[v].strategy) {
      for (auto& by_sigma : samples) {
        for (auto& rows : by_sigma) {
          for (const auto first : {first_strategy, first_steal + 1, first_new_first + 1}) {
            rows[first + v].error = variants[v].error;
          }
        }
      }
    }
  }

  for (int run = 0; run < runs; ++run) {
    const std::uint64_t suite_seed = mix(seed, static_cast<std::uint64_t>(run));
    const Suite suite = generate_suite(spec, suite_seed);
    const auto order = file_order(suite.tests.size());
    const auto estimates = effective_estimates(suite.tests);
    std::vector<std::vector<double>> actual;
    for (const double sigma : sigmas) {
      actual.push_back(actual_durations(suite, sigma, suite_seed));
    }

    for (std::size_t mi = 0; mi < worker_counts.size(); ++mi) {
      const int m = worker_counts[mi];
      // Plans use estimates only, so one plan per strategy serves every sigma.
      std::vector<std::optional<Queues>> plans;
      for (const auto& variant : variants) {
        std::optional<Queues> queues;
        if (variant.strategy) {
          auto planned = variant.strategy->distribute(suite.tests, m, variant.options);
          if (planned) {
            queues = to_queues(planned.value(), suite, m);
          }
        }
        plans.push_back(std::move(queues));
      }
      const Queues contiguous = contiguous_split(suite.tests.size(), m);

      for (std::size_t si = 0; si < sigmas.size(); ++si) {
        const auto& durations = actual[si];
        const double bound = lower_bound(durations, m);
        const double baseline = execute_static(contiguous, durations).makespan_ms;
        auto& rows = samples[mi][si];
        const auto record = [&](std::size_t row, double makespan) {
          rows[row].ratio.push_back(makespan / bound);
          rows[row].vs_contiguous.push_back(makespan / baseline);
        };
        const auto steal = [&](std::size_t row, const Queues& queues) {
          record(row, execute_stealing(queues, estimates, durations, take).makespan_ms);
          record(first_new_first + (row - first_steal),
                 execute_stealing(new_tests_first(queues, suite), estimates, durations, take)
                     .makespan_ms);
        };
        record(0, baseline);
        record(1, execute_queue(order, m, durations).makespan_ms);
        steal(first_steal, contiguous);
        for (std::size_t v = 0; v < variants.size(); ++v) {
          if (plans[v]) {
            record(first_strategy + v, execute_static(*plans[v], durations).makespan_ms);
            steal(first_steal + 1 + v, *plans[v]);
          } else if (variants[v].strategy) {
            for (const auto first : {first_strategy, first_steal + 1, first_new_first + 1}) {
              ++rows[first + v].invalid;
            }
          }
        }
      }
    }
  }

  std::printf("# bench_makespan: simulated makespan / lower bound, lower bound = max(longest "
              "actual, total actual / m)\n");
  std::printf("# seed %llu, %d suites of %d tests: %d-%d tests per file, %d-%d files per folder; "
              "estimate ~ lognormal(median %.0f ms, sigma %g),\n",
              static_cast<unsigned long long>(seed), runs, spec.tests, spec.min_tests_per_file,
              spec.max_tests_per_file, spec.min_files_per_folder, spec.max_files_per_folder,
              spec.median_estimate_ms, spec.estimate_sigma);
  std::printf("#   %.0f%% without estimate, %.0f%% last failed, %zu tags; actual = true duration x "
              "lognormal(0, sigma)\n",
              100 * spec.without_estimate, 100 * spec.last_failed, suite_tags().size());
  std::printf("# static shards run their tests in order; (a) = file order cut into m contiguous "
              "chunks of near-equal count\n");
  std::printf("#   (playwright --shard i/m); (b) = one FIFO queue in file order, each free worker "
              "takes the next test\n");
  std::printf("# + steal: each worker runs its shard in order; when its queue is empty it steals "
              "from the queue with the most\n");
  std::printf("#   estimated work not yet started: %s\n",
              take == StealTake::tail_half
                  ? "tests from the tail until they are estimated at least half of that queue "
                    "(the runtime's rule)"
                  : "the one test with the largest estimate (--steal-take longest-one)");
  std::printf("# new first: each shard runs its new tests (without an estimate) first, after only "
              "its leading tests that failed\n#   last time; the rest after them, all in plan "
              "order\n");
  std::printf("# mean and p95 over suites of makespan/LB; vs (a) = mean over suites of "
              "makespan / makespan of (a)\n");

  for (std::size_t mi = 0; mi < worker_counts.size(); ++mi) {
    std::printf("\nm = %d workers\n", worker_counts[mi]);
    std::vector<std::string> headers = {"strategy"};
    std::vector<std::pair<std::string, std::size_t>> groups;
    for (const double sigma : sigmas) {
      headers.insert(headers.end(), {"mean", "p95", "vs (a)"});
      groups.emplace_back(format("sigma %g", sigma), 3);
    }
    Table table(headers);
    table.set_groups(groups);
    std::vector<std::string> notes;
    for (std::size_t row = 0; row < labels.size(); ++row) {
      std::vector<std::string> cells = {labels[row]};
      for (std::size_t si = 0; si < sigmas.size(); ++si) {
        const Samples& s = samples[mi][si][row];
        if (s.ratio.empty()) {
          cells.insert(cells.end(), {"-", "-", "-"});
        } else {
          cells.push_back(format("%.3f", mean(s.ratio)));
          cells.push_back(format("%.3f", p95(s.ratio)));
          cells.push_back(format("%.3f", mean(s.vs_contiguous)));
        }
        if (si == 0 && !s.error.empty()) {
          notes.push_back(labels[row] + ": " + s.error);
        }
        if (si == 0 && s.invalid > 0) {
          notes.push_back(labels[row] + ": " + std::to_string(s.invalid) + " of " +
                          std::to_string(runs) +
                          " plans failed or were not a partition of the suite (left out)");
        }
      }
      table.add_row(std::move(cells));
    }
    table.print();
    for (const auto& note : notes) {
      std::printf("  ! %s\n", note.c_str());
    }
    // The goal work stealing is held to: duration's shards within 5% of the bound.
    for (const auto* goal_label : {"duration + steal", "duration + steal, new first"}) {
      const auto row = static_cast<std::size_t>(
          std::find(labels.begin(), labels.end(), goal_label) - labels.begin());
      if (row == labels.size()) {
        continue;
      }
      std::string means;
      bool met = true;
      for (std::size_t si = 0; si < sigmas.size(); ++si) {
        const double value = mean(samples[mi][si][row].ratio);
        met = met && !samples[mi][si][row].ratio.empty() && value <= steal_goal;
        means += format("%s%.3f", si == 0 ? "" : ", ", value);
      }
      std::printf("  goal mean <= %.2f: %s: %s (%s)\n", steal_goal, labels[row].c_str(),
                  met ? "met" : "MISSED", means.c_str());
    }
  }

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("\n# %.1f s; reproduce: %s --seed %llu --runs %d --tests %d --workers %s --sigma %s "
              "--steal-take %s\n",
              seconds, args.program().c_str(), static_cast<unsigned long long>(seed), runs,
              spec.tests, join(worker_counts).c_str(), join(sigmas).c_str(), take_name.c_str());
  return 0;
}
