#include "runners/playwright_discovery.hpp"

#include "model/json_text.hpp"
#include "runners/ansi.hpp"
#include "runners/process.hpp"
#include "runners/temporary_directory.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <system_error>
#include <utility>

namespace shardline {

namespace {

using Json = nlohmann::json;

constexpr std::string_view title_separator = " \u203a "; // " › ", as Playwright prints

std::string in_quotes(std::string_view text) {
  std::string quoted;
  quoted.reserve(text.size() + 2);
  quoted += '"';
  quoted += text;
  quoted += '"';
  return quoted;
}

std::string string_of(const Json& object, const char* key) {
  auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

std::int64_t integer_of(const Json& object, const char* key) {
  auto found = object.find(key);
  return found != object.end() && found->is_number_integer() ? found->get<std::int64_t>() : 0;
}

// A describe above a spec, as the report shows it.
struct Describe {
  std::string title;
  std::int64_t line = 0;
  std::int64_t column = 0;
};

// One spec of the report, with what its suites said about it.
struct Spec {
  const Json* json;
  std::string title; // describe path and title
  std::int64_t line = 0;
  std::int64_t column = 0;
  std::vector<Describe> describes; // outermost first
};

void collect_specs(const Json& suite, const std::string& describe_path,
                   std::vector<Describe>& describes, std::vector<Spec>& specs) {
  if (auto found = suite.find("specs"); found != suite.end() && found->is_array())
    for (const auto& spec : *found) {
      if (!spec.is_object())
        continue;
      auto title = describe_path;
      if (!title.empty())
        title += title_separator;
      title += string_of(spec, "title");
      specs.push_back({&spec, std::move(title), integer_of(spec, "line"),
                       integer_of(spec, "column"), describes});
    }
  if (auto found = suite.find("suites"); found != suite.end() && found->is_array())
    for (const auto& child : *found) {
      if (!child.is_object())
        continue;
      auto path = describe_path;
      if (!path.empty())
        path += title_separator;
      path += string_of(child, "title");
      describes.push_back(
          {string_of(child, "title"), integer_of(child, "line"), integer_of(child, "column")});
      collect_specs(child, path, describes, specs);
      describes.pop_back();
    }
}

// The spec's test in `project`, null when it has none.
const Json* test_in_project(const Json& spec, const std::string& project) {
  auto found = spec.find("tests");
  if (found == spec.end() || !found->is_array())
    return nullptr;
  for (const auto& test : *found)
    if (test.is_object() && string_of(test, "projectName") == project)
      return &test;
  return nullptr;
}

// What the JSON listing alone tells of the suites above a test, when the
// units reporter did not run: the config's fullyParallel (not a project's
// own) and the serial describes (Playwright annotates each test inside one
// with {type: "serial", location}). A parallel describe or a project's own
// fullyParallel is not in it, so such files run whole, which is safe.
std::vector<SuiteFacts> facts_from_listing(const Spec& spec, const Json* test,
                                           bool fully_parallel) {
  std::vector<SuiteFacts> chain;
  chain.push_back({"project", "", fully_parallel ? "parallel" : "none", false});
  chain.push_back({"file", "", "none", false});
  for (const auto& describe : spec.describes)
    chain.push_back({"describe", describe.title, "none", false});
  if (test == nullptr)
    return chain;
  auto annotations = test->find("annotations");
  if (annotations == test->end() || !annotations->is_array())
    return chain;
  for (const auto& annotation : *annotations) {
    if (!annotation.is_object() || string_of(annotation, "type") != "serial")
      continue;
    auto location = annotation.find("location");
    if (location == annotation.end() || !location->is_object())
      continue;
    auto line = integer_of(*location, "line");
    auto column = integer_of(*location, "column");
    for (std::size_t k = 0; k < spec.describes.size(); ++k)
      if (spec.describes[k].line == line && spec.describes[k].column == column)
        chain[k + 2].mode = "serial";
  }
  return chain;
}

std::string project_relative(const std::string& file, const std::string& root_dir,
                             const std::filesystem::path& project_dir) {
  if (root_dir.empty() || project_dir.empty())
    return file;
  auto absolute = (std::filesystem::path(root_dir) / file).lexically_normal();
  auto relative = absolute.lexically_relative(project_dir);
  return relative.empty() ? file : relative.generic_string();
}

std::vector<std::string> tags_of(const Json& spec) {
  std::vector<std::string> tags;
  auto found = spec.find("tags");
  if (found == spec.end() || !found->is_array())
    return tags;
  for (const auto& tag : *found)
    if (tag.is_string()) {
      auto text = tag.get<std::string>();
      tags.push_back(text.starts_with('@') ? text : '@' + text);
    }
  return tags;
}

std::vector<std::string> projects_of(const Json& spec) {
  std::vector<std::string> projects;
  auto found = spec.find("tests");
  if (found == spec.end() || !found->is_array())
    return projects;
  for (const auto& test : *found)
    if (test.is_object()) {
      auto project = string_of(test, "projectName");
      if (std::find(projects.begin(), projects.end(), project) == projects.end())
        projects.push_back(std::move(project));
    }
  return projects;
}

std::optional<Error> report_errors(const Json& report) {
  auto found = report.find("errors");
  if (found == report.end() || !found->is_array() || found->empty())
    return std::nullopt;
  const auto& first = found->front();
  auto message = first_plain_line(first.is_object() ? string_of(first, "message") : std::string());
  if (message.empty())
    message = "Playwright reported an error without a message";
  if (found->size() > 1)
    message += " (and " + std::to_string(found->size() - 1) + " more errors)";
  return Error{"", std::move(message)};
}

} // namespace

std::string find_units_reporter() {
  if (const char* configured = std::getenv("SHARDLINE_UNITS_REPORTER");
      configured != nullptr && *configured != '\0')
    return configured;
  std::error_code error;
  auto folder = std::filesystem::read_symlink("/proc/self/exe", error).parent_path();
  std::error_code missing; // a candidate that is not there is no error of the search
  while (!error && !folder.empty()) {
    for (const auto* candidate :
         {"runners/playwright/units-reporter.cjs", "share/shardline/playwright/units-reporter.cjs"})
      if (std::filesystem::is_regular_file(folder / candidate, missing))
        return (folder / candidate).string();
    if (folder == folder.root_path())
      break;
    folder = folder.parent_path();
  }
  return {};
}

std::filesystem::path playwright_program(const std::filesystem::path& project_dir) {
  return project_dir / "node_modules" / ".bin" / "playwright";
}

Result<std::vector<TestFile>> parse_playwright_list(std::string_view json_text,
                                                    const std::filesystem::path& project_dir,
                                                    const PlaywrightUnitFacts* facts) {
  auto parsed = parse_json(json_text);
  if (!parsed)
    return Error{"", "the JSON reporter wrote " + parsed.error().message};
  const auto& report = *parsed;
  if (!report.is_object())
    return Error{"", "the JSON reporter wrote no report object"};
  if (auto error = report_errors(report))
    return *error;

  std::string root_dir;
  bool fully_parallel = false;
  if (auto config = report.find("config"); config != report.end() && config->is_object()) {
    root_dir = string_of(*config, "rootDir");
    auto found = config->find("fullyParallel");
    fully_parallel = found != config->end() && found->is_boolean() && found->get<bool>();
  }

  std::vector<TestFile> tests;
  auto suites = report.find("suites");
  if (suites == report.end() || !suites->is_array())
    return tests;
  for (const auto& file_suite : *suites) {
    if (!file_suite.is_object())
      continue;
    std::vector<Spec> specs;
    std::vector<Describe> describes;
    // The file suite's title is the file, not a describe.
    collect_specs(file_suite, "", describes, specs);
    std::stable_sort(specs.begin(), specs.end(), [](const Spec& a, const Spec& b) {
      return std::pair(a.line, a.column) < std::pair(b.line, b.column);
    });
    for (const auto& spec : specs) {
      auto projects = projects_of(*spec.json);
      auto id = string_of(*spec.json, "id");
      auto file = string_of(*spec.json, "file");
      if (file.empty())
        file = string_of(file_suite, "file");
      for (const auto& project : projects) {
        TestFile test;
        test.id = projects.size() > 1 ? id + '@' + project : id;
        test.path = project_relative(file, root_dir, project_dir);
        test.title = spec.title;
        test.tags = tags_of(*spec.json);
        test.project = project;
        if (spec.line > 0)
          test.line = spec.line;
        const auto* chain = facts ? facts->find(project, file, spec.line, spec.column,
                                                string_of(*spec.json, "title"))
                                  : nullptr;
        auto suites =
            chain ? *chain
                  : facts_from_listing(spec, test_in_project(*spec.json, project), fully_parallel);
        test.unit = playwright_unit(project, test.path, suites);
        test.serial_group = playwright_serial_group(project, test.path, suites);
        tests.push_back(std::move(test));
      }
    }
  }
  return tests;
}

Result<std::vector<TestFile>> list_playwright_tests(const PlaywrightListOptions& options) {
  auto failure = [&](std::string_view reason) {
    std::string message = "playwright: cannot list tests in ";
    message += in_quotes(options.dir);
    message += ": ";
    message += reason;
    return Error{"", std::move(message)};
  };

  std::error_code error;
  auto dir = std::filesystem::canonical(options.dir.empty() ? "." : options.dir, error);
  if (error)
    return failure(error.message());
  if (!std::filesystem::is_directory(dir))
    return failure("not a folder");
  auto program = playwright_program(dir);
  if (!std::filesystem::exists(program))
    return failure("no Playwright in it: " + program.string() + " is missing (run npm ci there)");

  auto scratch = TemporaryDirectory::create("shardline-list-");
  if (!scratch)
    return failure(scratch.error().message);
  auto report_file = scratch->path() / "list.json";
  auto units_file = scratch->path() / "units.json";
  auto units_reporter = options.units_reporter ? *options.units_reporter : find_units_reporter();
  if (!units_reporter.empty())
    // Playwright would look for a relative reporter from its config's folder.
    units_reporter = std::filesystem::absolute(units_reporter, error).string();

  ProcessSpec spec;
  // No test (a --grep that matches none) is an empty list, not an error.
  spec.argv = {program.string(), "test", "--list",
               units_reporter.empty() ? "--reporter=json" : "--reporter=json," + units_reporter,
               "--pass-with-no-tests"};
  spec.argv.insert(spec.argv.end(), options.extra_args.begin(), options.extra_args.end());
  spec.working_dir = dir.string();
  if (!options.project_root.empty()) {
    // Entered by descriptor, checked at the start; the program by a path relative to it.
    spec.confine_to = options.project_root;
    spec.argv.front() = program.lexically_relative(dir).string();
  }
  spec.environment = options.environment;
  spec.environment.emplace_back("PLAYWRIGHT_JSON_OUTPUT_FILE", report_file.string());
  spec.environment.emplace_back("SHARDLINE_UNITS_OUTPUT_FILE", units_file.string());
  spec.environment.emplace_back("FORCE_COLOR", "0");
  spec.timeout = options.timeout;
  Process process(std::move(spec));
  if (options.canceller)
    options.canceller->attach(&process);
  auto outcome = process.run();
  if (options.canceller)
    options.canceller->attach(nullptr);
  if (!outcome)
    return failure(outcome.error().message);
  if (outcome->cancelled)
    return failure("cancelled");
  if (outcome->timed_out)
    return failure("timed out after " + std::to_string(options.timeout.count()) + " ms");

  std::ifstream in(report_file, std::ios::binary);
  if (!in) {
    // No report: the config did not load. Playwright says why on its output.
    auto said = first_plain_line(outcome->output);
    if (!said.empty())
      return failure(said);
    if (outcome->signal)
      return failure("playwright was killed by signal " + std::to_string(*outcome->signal));
    return failure("playwright exited with code " + std::to_string(outcome->exit_code.value_or(0)) +
                   " and wrote no list");
  }
  std::string json_text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  // Without the units reporter's facts (none, or unreadable), the units come
  // from the report alone, which keeps whole what it cannot tell apart.
  std::optional<PlaywrightUnitFacts> facts;
  if (std::ifstream units_in(units_file, std::ios::binary); units_in) {
    std::string units_text{std::istreambuf_iterator<char>(units_in),
                           std::istreambuf_iterator<char>()};
    if (auto parsed = PlaywrightUnitFacts::parse(units_text))
      facts = std::move(*parsed);
  }
  auto tests = parse_playwright_list(json_text, dir, facts ? &*facts : nullptr);
  if (!tests)
    return failure(tests.error().message);
  return tests;
}

} // namespace shardline
