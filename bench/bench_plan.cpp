// How long planning a large suite takes with each strategy, and how much memory
// it needs, beside the floor any LPT pays (sorting the estimates) and the goals.
// Each strategy is measured in its own forked child so peak RSS is its own.

#include "bench/args.hpp"
#include "bench/random.hpp"
#include "bench/strategy_variants.hpp"
#include "bench/table.hpp"
#include "model/test_file.hpp"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace {

using namespace shardline;
using namespace shardline::bench;
using Clock = std::chrono::steady_clock;

constexpr double goal_seconds = 2.0;
constexpr double goal_bytes_per_test = 1024.0;
constexpr unsigned child_timeout_seconds = 300;

// -- the suite ------------------------------------------------------------------

struct SuiteSpec {
  int tests = 1'000'000;
  int files = 2000;
  int folders = 100;
  double file_size_sigma = 0.8; // of log(tests per file)
  double median_estimate_ms = 1500;
  double file_sigma = 0.5; // of a file's median around the suite's
  double test_sigma = 0.8; // of a test around its file's median
  double without_estimate = 0.10;
  double last_failed = 0.05;
  double prioritized = 0.01;
};

const std::vector<std::string>& tag_names() {
  static const std::vector<std::string> tags = {
      "@smoke",    "@regression", "@checkout", "@auth",       "@search",  "@cart",  "@profile",
      "@admin",    "@api",        "@slow",     "@flaky",      "@mobile",  "@a11y",  "@i18n",
      "@payments", "@reports",    "@settings", "@onboarding", "@billing", "@visual"};
  return tags;
}

/// A Playwright-like listing: files in path order, tests in file order, ids
/// `tests/area17/file0423.spec.ts::renders header 12`. Deterministic for a seed.
std::vector<TestFile> generate_suite(const SuiteSpec& spec, std::uint64_t seed) {
  static const char* const verbs[] = {"renders", "updates", "rejects", "saves",   "loads",
                                      "shows",   "hides",   "submits", "sorts",   "filters",
                                      "opens",   "closes",  "creates", "deletes", "validates"};
  static const char* const things[] = {"header", "cart",    "invoice", "profile",  "search box",
                                       "menu",   "dialog",  "table",   "chart",    "login form",
                                       "avatar", "toolbar", "report",  "settings", "order"};
  const auto& tags = tag_names();
  Rng rng(seed);

  struct File {
    int folder;
    int number;
    double weight;
  };
  std::vector<File> files;
  double total_weight = 0;
  for (int f = 0; f < spec.files; ++f) {
    const int folder = static_cast<int>(rng.below(static_cast<std::uint64_t>(spec.folders)));
    files.push_back({folder, f, rng.lognormal(0, spec.file_size_sigma)});
    total_weight += files.back().weight;
  }
  std::sort(files.begin(), files.end(), [](const File& a, const File& b) {
    return std::tie(a.folder, a.number) < std::tie(b.folder, b.number);
  });
  std::vector<int> counts;
  int assigned = 0;
  for (const auto& file : files) {
    counts.push_back(static_cast<int>(spec.tests * file.weight / total_weight));
    assigned += counts.back();
  }
  for (std::size_t i = 0; assigned < spec.tests; i = (i + 1) % counts.size(), ++assigned) {
    ++counts[i];
  }

  const double mu = std::log(spec.median_estimate_ms);
  const double failed_given_history = spec.last_failed / (1.0 - spec.without_estimate);
  std::vector<TestFile> suite;
  suite.reserve(static_cast<std::size_t>(spec.tests));
  char path[64];
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::snprintf(path, sizeof path, "tests/area%02d/file%04d.spec.ts", files[i].folder,
                  files[i].number);
    const double file_mu = mu + spec.file_sigma * rng.normal();
    for (int k = 0; k < counts[i]; ++k) {
      TestFile test;
      test.path = path;
      test.title = verbs[rng.below(std::size(verbs))];
      test.title += ' ';
      test.title += things[rng.below(std::size(things))];
      test.title += ' ';
      test.title += std::to_string(k);
      test.id.reserve(test.path.size() + 2 + test.title.size());
      test.id += test.path;
      test.id += "::";
      test.id += test.title;
      test.project = "chromium";
      test.line = 4 + 9 * k;
      const double u = rng.uniform();
      const int tag_count = u < 0.45 ? 0 : (u < 0.85 ? 1 : 2);
      for (int t = 0; t < tag_count; ++t) {
        const double v = rng.uniform(); // skewed: a few big tags, many small
        const auto& tag = tags[static_cast<std::size_t>(v * v * static_cast<double>(tags.size()))];
        if (std::find(test.tags.begin(), test.tags.end(), tag) == test.tags.end()) {
          test.tags.push_back(tag);
        }
      }
      if (!rng.chance(spec.without_estimate)) {
        test.estimated_duration_ms = std::max<std::int64_t>(
            1, std::llround(std::exp(file_mu + spec.test_sigma * rng.normal())));
        test.last_result =
            rng.chance(failed_given_history) ? TestStatus::failed : TestStatus::passed;
      }
      if (rng.chance(spec.prioritized)) {
        test.priority = 1;
      }
      suite.push_back(std::move(test));
    }
  }
  return suite;
}

// -- measuring in a child -----------------------------------------------------------

long current_rss_kib() {
  std::ifstream statm("/proc/self/statm");
  long size = 0;
  long resident = 0;
  statm >> size >> resident;
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss; // KiB on Linux
}

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

/// Runs `job` in a forked child (a fresh heap and its own ru_maxrss) and
/// returns what it reported through a pipe.
Measurement in_child(const std::function<Measurement()>& job) {
  int fds[2];
  if (pipe(fds) != 0) {
    return failed(std::string("pipe: ") + std::strerror(errno));
  }
  std::fflush(nullptr); // or the child would flush the parent's buffered output again
  const pid_t pid = fork();
  if (pid < 0) {
    return failed(std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    close(fds[0]);
    alarm(child_timeout_seconds);
    std::string report;
    try {
      report = encode(job());
    } catch (const std::exception& e) {
      report = encode(failed(std::string("exception: ") + e.what()));
    }
    for (std::size_t sent = 0; sent < report.size();) {
      const ssize_t n = write(fds[1], report.data() + sent, report.size() - sent);
      if (n <= 0) {
        break;
      }
      sent += static_cast<std::size_t>(n);
    }
    _exit(0);
  }
  close(fds[1]);
  std::string text;
  char buffer[4096];
  ssize_t n;
  while ((n = read(fds[0], buffer, sizeof buffer)) > 0 || (n < 0 && errno == EINTR)) {
    if (n > 0) {
      text.append(buffer, static_cast<std::size_t>(n));
    }
  }
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFSIGNALED(status)) {
    const int signal = WTERMSIG(status);
    return failed(signal == SIGALRM
                      ? "no result within " + std::to_string(child_timeout_seconds) + " s"
                      : std::string("killed by signal ") + std::to_string(signal) + " (" +
                            strsignal(signal) + ")");
  }
  return decode(text);
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
