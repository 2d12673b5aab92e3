// libFuzzer target: the JUnit XML import (`shardline history import`), the
// bytes of a report from another machine. For any input:
// - nothing crashes, hangs, leaks or reads out of bounds (the XML reader's
//   limits and its explicit stack hold);
// - a report that reads has every duration within 0..junit_max_seconds, a
//   name on every result and attempt 1;
// - keyed against a listing made of its own results, every keyed result
//   carries the id of a listed test, and no more testcases are unmatched or
//   ambiguous than the report has.
// A broken promise aborts, which libFuzzer reports with the input.
//
// Build and run: tools/fuzz [SECONDS] (clang, -fsanitize=fuzzer,address).

#include "model/test_file.hpp"
#include "runners/junit_matching.hpp"
#include "runners/junit_report.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace shardline;

void require(bool promise, const char* what) {
  if (!promise) {
    std::fprintf(stderr, "broken promise: %s\n", what);
    std::abort();
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto report = junit_report_results(text);
  if (!report) {
    require(!report.error().message.empty(), "an error says what is wrong");
    return 0;
  }
  for (const auto& result : report->results) {
    require(result.duration_ms >= 0 && result.duration_ms <= junit_max_seconds * 1000,
            "duration in range");
    require(!result.test_name.empty(), "a result has a name");
    require(result.attempt == 1, "attempt 1");
  }
  // A listing of every other result, some as the path the report says and
  // some under a folder, with and without their projects.
  std::vector<TestFile> listed;
  std::set<std::string> ids;
  for (std::size_t i = 0; i < report->results.size() && listed.size() < 64; i += 2) {
    const auto& result = report->results[i];
    TestFile test;
    test.id = "listed-" + std::to_string(i);
    test.path = (i % 4 == 0 ? "" : "tests/") + result.test_path;
    test.title = result.test_name;
    test.project = i % 3 == 0 ? result.project : std::string();
    ids.insert(test.id);
    listed.push_back(std::move(test));
  }
  auto match = match_listed_tests(report->results, listed);
  for (const auto& result : match.results)
    require(ids.contains(result.test_id), "a keyed result has a listed id");
  require(match.unmatched.size() + match.ambiguous.size() <= report->results.size(),
          "no more unmatched than reported");
  require(match.tests <= listed.size(), "no more tests seeded than listed");
  return 0;
}
