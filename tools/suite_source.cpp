#include "tools/suite_source.hpp"

#include "model/json_text.hpp"
#include "runners/playwright_discovery.hpp"
#include "tools/input_file.hpp"

#include <nlohmann/json.hpp>

namespace shardline::cli {

Result<std::vector<TestFile>> load_suite(const SuiteSource& source) {
  if (source.tests_file.empty()) {
    PlaywrightListOptions list;
    list.dir = source.dir.empty() ? "." : source.dir;
    if (!source.grep.empty())
      list.extra_args = {"--grep", source.grep};
    // Playwright's own --project rules (names, wildcards, an unknown name an
    // error) narrow the listing, so only those projects' tests run.
    for (const auto& project : source.projects)
      list.extra_args.push_back("--project=" + project);
    return list_playwright_tests(list);
  }
  auto text = read_input(source.tests_file);
  if (!text)
    return text.error();
  auto json = parse_json(*text);
  if (!json)
    return Error{"", source.tests_file + ": " + json.error().to_string()};
  auto tests = decode_suite(*json);
  if (!tests)
    return Error{"", source.tests_file + ": " + tests.error().to_string()};
  return tests;
}

} // namespace shardline::cli
