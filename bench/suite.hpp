#pragma once

// A Playwright-like suite of any size, deterministic for a seed: what the
// planning and dispatch benchmarks feed the runtime.

#include "bench/random.hpp"
#include "model/test_file.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <string>
#include <tuple>
#include <vector>

namespace shardline::bench {

/// The shape of a generated suite: tests spread over files (lognormal sizes)
/// in folders, estimates lognormal per file and per test, some without
/// history, some that failed last time, a few prioritized.
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

inline const std::vector<std::string>& tag_names() {
  static const std::vector<std::string> tags = {
      "@smoke",    "@regression", "@checkout", "@auth",       "@search",  "@cart",  "@profile",
      "@admin",    "@api",        "@slow",     "@flaky",      "@mobile",  "@a11y",  "@i18n",
      "@payments", "@reports",    "@settings", "@onboarding", "@billing", "@visual"};
  return tags;
}

/// A Playwright-like listing: files in path order, tests in file order, ids
/// `tests/area17/file0423.spec.ts::renders header 12`. Deterministic for a seed.
inline std::vector<TestFile> generate_suite(const SuiteSpec& spec, std::uint64_t seed) {
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

} // namespace shardline::bench
