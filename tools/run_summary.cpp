#include "tools/run_summary.hpp"

#include "runners/ansi.hpp"
#include "runners/playwright_artifacts.hpp"
#include "tools/duration_text.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <string_view>
#include <unordered_map>

namespace shardline::cli {

namespace {

// `[mobile] cart.spec.ts › adds`: the project, as Playwright prints it, tells
// apart the same test run in two projects.
std::string test_label(const TestResult& result) {
  std::string label = result.project.empty() ? "" : "[" + result.project + "] ";
  if (result.test_name.empty())
    return label + result.test_id;
  return label + (result.test_path.empty() ? result.test_name
                                           : result.test_path + " \u203a " + result.test_name);
}

struct ShardLine {
  std::set<std::string> workers;
  std::int64_t tests = 0; // attempts run on this shard
  std::int64_t busy_ms = 0;
};

void print_shards(const std::vector<const TestResult*>& attempts, std::ostream& out) {
  std::map<int, ShardLine> shards;
  for (const auto* result : attempts) {
    if (result->worker_id.empty())
      continue; // skipped without running (maxFailures, cancel)
    auto& shard = shards[result->shard_index];
    shard.workers.insert(result->worker_id);
    shard.tests += 1;
    shard.busy_ms += std::max<std::int64_t>(0, result->duration_ms);
  }
  if (shards.empty())
    return;
  out << "Shards:\n";
  for (const auto& [index, shard] : shards) {
    std::string workers;
    for (const auto& worker : shard.workers)
      workers.append(workers.empty() ? "" : ", ").append(worker);
    out << "  shard " << index << "  " << workers << "  " << shard.tests
        << (shard.tests == 1 ? " test" : " tests") << ", busy " << duration_text(shard.busy_ms)
        << '\n';
  }
}

void print_slowest(std::vector<const TestResult*> attempts, std::size_t count, std::ostream& out) {
  std::erase_if(attempts, [](const TestResult* r) {
    return r->worker_id.empty() || r->status == TestStatus::skipped;
  });
  if (attempts.empty() || count == 0)
    return;
  count = std::min(count, attempts.size());
  std::partial_sort(
      attempts.begin(), attempts.begin() + static_cast<std::ptrdiff_t>(count), attempts.end(),
      [](const TestResult* a, const TestResult* b) { return a->duration_ms > b->duration_ms; });
  out << "Slowest:\n";
  for (std::size_t i = 0; i < count; ++i)
    out << "  " << duration_text(attempts[i]->duration_ms) << "  " << test_label(*attempts[i])
        << '\n';
}

void print_artifacts(const TestResult& result, const std::filesystem::path& root,
                     std::ostream& out) {
  auto line = [&](std::string_view what, const std::string& url) {
    auto file = artifact_file(root, url);
    out << "    " << what << ": " << (file.empty() ? url : file.string()) << '\n';
  };
  for (const auto& screenshot : result.screenshots)
    line("screenshot", screenshot);
  if (result.trace_url)
    line("trace", *result.trace_url);
  if (result.video_url)
    line("video", *result.video_url);
}

} // namespace

std::string run_summary(const SessionOutcome& outcome, const SummaryOptions& options) {
  std::ostringstream out;
  std::vector<const TestResult*> attempts;
  attempts.reserve(outcome.results.size());
  // The last attempt of each test is its final result.
  std::unordered_map<std::string_view, const TestResult*> final_results;
  std::int64_t test_time_ms = 0;
  for (const auto& result : outcome.results) {
    attempts.push_back(&result);
    final_results[result.test_id] = &result;
    test_time_ms += std::max<std::int64_t>(0, result.duration_ms);
  }

  print_shards(attempts, out);
  print_slowest(attempts, options.slowest, out);

  std::int64_t flaky = 0;
  for (const auto& result : outcome.results)
    if (result.flaky && final_results[result.test_id] == &result) {
      if (flaky++ == 0)
        out << "Flaky (passed on a retry):\n";
      out << "  " << test_label(result) << " (attempt " << result.attempt << ")\n";
    }

  for (const auto& result : outcome.results) {
    if (!is_failure(result.status) || final_results[result.test_id] != &result)
      continue;
    out << "FAILED " << test_label(result) << ": "
        << first_plain_line(result.error.value_or(std::string{to_string(result.status)})) << " ("
        << (result.worker_id.empty() ? "not run" : result.worker_id) << ", attempt "
        << result.attempt << ")\n";
    print_artifacts(result, options.artifacts, out);
  }

  // Said once: the reason is the same for every test of a machine.
  std::int64_t without_video = 0;
  const std::string* video_reason = nullptr;
  for (const auto& [id, result] : final_results)
    if (result->video_unavailable) {
      ++without_video;
      video_reason = &*result->video_unavailable;
    }
  if (video_reason != nullptr)
    out << without_video << (without_video == 1 ? " test" : " tests")
        << " asked for video: " << *video_reason << '\n';

  const auto& p = outcome.session.progress;
  out << to_string(outcome.session.status) << ": " << p.total << " tests in "
      << duration_text(options.wall_ms) << ": " << p.passed << " passed (" << flaky << " flaky), "
      << p.failed << " failed, " << p.skipped << " skipped";
  if (p.pending > 0)
    out << ", " << p.pending << " not run";
  out << '\n';
  out << "time: " << duration_text(options.wall_ms) << " wall, " << duration_text(test_time_ms)
      << " of tests";
  if (options.wall_ms > 0 && test_time_ms > 0) {
    char speedup[32];
    std::snprintf(speedup, sizeof speedup, "%.1f",
                  static_cast<double>(test_time_ms) / static_cast<double>(options.wall_ms));
    out << " (" << speedup << "x in parallel)";
  }
  out << '\n';
  return out.str();
}

} // namespace shardline::cli
