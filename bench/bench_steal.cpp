// Work stealing with real processes: a suite of `sleep` tests whose actual
// durations stray from their estimates, run by shardline on local workers
// with stealing on and off (alternating), wall time against the lower bound.

#include "actors/actor_config.hpp"
#include "actors/local_runtime.hpp"
#include "args.hpp"
#include "random.hpp"
#include "runners/subreaper.hpp"
#include "table.hpp"

#include <caf/actor_system.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace {

using namespace shardline;

struct Suite {
  std::vector<TestFile> tests;
  double total_s = 0;
  double longest_s = 0;
};

// Estimates ~ lognormal around `median_ms`; the actual sleep is the estimate
// times lognormal(0, sigma), so the plan is off the way real history is.
Suite make_suite(std::uint64_t seed, int count, double median_ms, double sigma) {
  bench::Rng rng{seed};
  Suite suite;
  for (int i = 0; i < count; ++i) {
    auto estimate = median_ms * rng.lognormal(0, 0.8);
    auto actual_s = estimate * rng.lognormal(0, sigma) / 1000.0;
    TestFile test;
    test.path = "sleep/" + std::to_string(i);
    test.id = test.path;
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.3f", actual_s);
    test.title = seconds; // the command sleeps for its title
    test.estimated_duration_ms = static_cast<std::int64_t>(estimate);
    suite.total_s += actual_s;
    suite.longest_s = std::max(suite.longest_s, actual_s);
    suite.tests.push_back(test);
  }
  return suite;
}

double run_once(const Suite& suite, int workers, bool steal) {
  ParallelExecutionConfig config;
  config.worker_count = workers;
  config.strategy = "duration";
  config.steal = steal;
  config.test_timeout_ms = 60000;
  config.runner.argv = {"sleep", "{title}"};
  ActorConfig actor_config;
  caf::actor_system system{actor_config};
  LocalRuntime::Settings settings;
  settings.workers = workers;
  LocalRuntime runtime{system, settings};
  auto start = std::chrono::steady_clock::now();
  auto outcome = runtime.run({suite.tests, config});
  auto wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!outcome || outcome->session.progress.passed != static_cast<std::int64_t>(suite.tests.size()))
    std::fprintf(stderr, "! run failed: %s\n",
                 outcome ? "not every test passed" : outcome.error().to_string().c_str());
  return wall;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
  bench::Args args{argc, argv, "[--seed N] [--tests N] [--workers N] [--runs N] [--sigma S]"};
  auto seed = args.u64("seed", 1);
  auto count = args.integer("tests", 40);
  auto workers = args.integer("workers", 4);
  auto runs = args.integer("runs", 3);
  auto sigma = args.numbers("sigma", {0.5}).front();
  args.finish();
  if (auto error = become_subreaper())
    std::fprintf(stderr, "warning: %s\n", error->to_string().c_str());

  auto suite = make_suite(seed, count, 250, sigma);
  auto lower_bound = std::max(suite.longest_s, suite.total_s / workers);
  std::printf("# bench_steal: %d sleep tests (%.1f s of sleeping, longest %.2f s), %d local "
              "workers, strategy duration;\n#   actual = estimate x lognormal(0, %.1f); %d runs "
              "each, alternating; lower bound = max(longest, total / workers) = %.2f s\n",
              count, suite.total_s, suite.longest_s, workers, sigma, runs, lower_bound);
  std::vector<double> with_steal, without_steal;
  for (int run = 0; run < runs; ++run) {
    without_steal.push_back(run_once(suite, workers, false));
    with_steal.push_back(run_once(suite, workers, true));
  }
  auto off = median(without_steal);
  auto on = median(with_steal);
  bench::Table table{{"mode", "median wall s", "wall / lower bound", "vs static shards"}};
  table.add_row({"static shards (--no-steal)", bench::format("%.2f", off),
                 bench::format("%.3f", off / lower_bound), "1.000"});
  table.add_row({"work stealing (default)", bench::format("%.2f", on),
                 bench::format("%.3f", on / lower_bound), bench::format("%.3f", on / off)});
  table.print();
  std::printf("# reproduce: ./bench_steal --seed %llu --tests %d --workers %d --runs %d --sigma "
              "%.1f\n",
              static_cast<unsigned long long>(seed), count, workers, runs, sigma);
}
