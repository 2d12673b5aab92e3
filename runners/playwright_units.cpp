#include "runners/playwright_units.hpp"

#include "model/json_text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace shardline {

namespace {

constexpr std::string_view title_separator = " \u203a "; // " › ", as Playwright prints

bool is_sequential(const SuiteFacts& suite) {
  return suite.mode == "serial" || suite.mode == "default";
}

std::string string_of(const nlohmann::json& object, const char* key) {
  auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

std::int64_t integer_of(const nlohmann::json& object, const char* key) {
  auto found = object.find(key);
  return found != object.end() && found->is_number_integer() ? found->get<std::int64_t>() : 0;
}

// `[project] file`, then the titles of the describes of `outer` (the suites
// above a test, outermost first, down to the one named).
std::string suite_name(std::string_view project, std::string_view file,
                       std::span<const SuiteFacts> outer) {
  std::string name;
  if (!project.empty()) {
    name += '[';
    name += project;
    name += "] ";
  }
  name += file;
  for (const auto& suite : outer)
    if (suite.kind == "describe") {
      name += title_separator;
      name += suite.title;
    }
  return name;
}

} // namespace

std::string playwright_unit(std::string_view project, std::string_view file,
                            std::span<const SuiteFacts> chain) {
  bool inside_parallel = std::any_of(
      chain.begin(), chain.end(), [](const SuiteFacts& suite) { return suite.mode == "parallel"; });
  if (!inside_parallel)
    return suite_name(project, file, {});
  auto sequential = std::find_if(chain.begin(), chain.end(), is_sequential);
  if (sequential == chain.end())
    return {};
  return suite_name(project, file,
                    chain.first(static_cast<std::size_t>(sequential - chain.begin()) + 1));
}

std::string playwright_serial_group(std::string_view project, std::string_view file,
                                    std::span<const SuiteFacts> chain) {
  auto serial = std::find_if(chain.begin(), chain.end(),
                             [](const SuiteFacts& suite) { return suite.mode == "serial"; });
  if (serial == chain.end())
    return {};
  return suite_name(project, file,
                    chain.first(static_cast<std::size_t>(serial - chain.begin()) + 1));
}

Result<PlaywrightUnitFacts> PlaywrightUnitFacts::parse(std::string_view json_text) {
  auto parsed = parse_json(json_text);
  if (!parsed)
    return Error{"", "the units reporter wrote " + parsed.error().message};
  auto tests = parsed->find("tests");
  if (!parsed->is_object() || tests == parsed->end() || !tests->is_array())
    return Error{"", "the units reporter wrote no \"tests\" array"};
  PlaywrightUnitFacts facts;
  for (const auto& test : *tests) {
    if (!test.is_object())
      continue;
    std::vector<SuiteFacts> chain;
    if (auto found = test.find("chain"); found != test.end() && found->is_array())
      for (const auto& suite : *found) {
        if (!suite.is_object())
          continue;
        SuiteFacts facts_of_suite{string_of(suite, "kind"), string_of(suite, "title"),
                                  string_of(suite, "mode"), false};
        if (auto hooks = suite.find("hooks"); hooks != suite.end() && hooks->is_boolean())
          facts_of_suite.hooks = hooks->get<bool>();
        chain.push_back(std::move(facts_of_suite));
      }
    facts.chains_.insert_or_assign(key(string_of(test, "project"), string_of(test, "file"),
                                       integer_of(test, "line"), integer_of(test, "column"),
                                       string_of(test, "title")),
                                   std::move(chain));
  }
  return facts;
}

const std::vector<SuiteFacts>* PlaywrightUnitFacts::find(std::string_view project,
                                                         std::string_view file, std::int64_t line,
                                                         std::int64_t column,
                                                         std::string_view title) const {
  auto found = chains_.find(key(project, file, line, column, title));
  return found == chains_.end() ? nullptr : &found->second;
}

std::string PlaywrightUnitFacts::key(std::string_view project, std::string_view file,
                                     std::int64_t line, std::int64_t column,
                                     std::string_view title) {
  std::string key;
  key.reserve(project.size() + file.size() + title.size() + 32);
  key += project;
  key += '\n';
  key += file;
  key += '\n';
  key += std::to_string(line);
  key += ':';
  key += std::to_string(column);
  key += '\n';
  key += title;
  return key;
}

} // namespace shardline
