#pragma once

#include "model/result.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace shardline {

/// What units-reporter.cjs says of one suite above a test.
struct SuiteFacts {
  std::string kind;          // "project", "file" or "describe"
  std::string title;         // a describe's title
  std::string mode = "none"; // Playwright's parallel mode: parallel, serial, default or none
  bool hooks = false;        // has a beforeAll or afterAll hook
};

/// The unit (TestFile::unit) of a test of Playwright, by the rules of
/// Playwright's own test groups (createTestGroups in its runner), from the
/// suites above it, outermost first (`chain`):
/// - nothing above it runs in parallel (no `fullyParallel`, no parallel
///   describe): its file, `[project] file`, runs whole in one process;
/// - else the outermost serial (or `mode: 'default'`) suite above it runs
///   whole: a describe is `[project] file › describe › ...`, a file its file;
/// - else it is a unit of its own (empty): Playwright runs each worker's
///   beforeAll/afterAll for what that worker runs, so a test alone is run as
///   Playwright runs it.
/// `[project] ` is left out when the project has no name.
std::string playwright_unit(std::string_view project, std::string_view file,
                            std::span<const SuiteFacts> chain);

/// The serial group (TestFile::serial_group) of a test of Playwright: the
/// outermost suite above it in serial mode (`test.describe.serial`,
/// `describe.configure({ mode: 'serial' })`, in a describe or at a file's top),
/// named as playwright_unit names it (`[project] file › describe › ...`, or
/// `[project] file`); empty when there is none. It is the suite Playwright
/// retries whole after a failure in it (its dispatcher takes the outermost
/// `serial` parent; `mode: 'default'` keeps the order but retries a test alone).
std::string playwright_serial_group(std::string_view project, std::string_view file,
                                    std::span<const SuiteFacts> chain);

/// The document units-reporter.cjs writes, looked up by the keys of a spec
/// in the JSON listing.
class PlaywrightUnitFacts {
public:
  /// An error names what is wrong in the document.
  static Result<PlaywrightUnitFacts> parse(std::string_view json_text);

  /// The suites above the test, or null when the document does not name it.
  /// `file` is relative to the config's rootDir, as in the JSON listing.
  const std::vector<SuiteFacts>* find(std::string_view project, std::string_view file,
                                      std::int64_t line, std::int64_t column,
                                      std::string_view title) const;

  std::size_t size() const { return chains_.size(); }

private:
  static std::string key(std::string_view project, std::string_view file, std::int64_t line,
                         std::int64_t column, std::string_view title);

  std::unordered_map<std::string, std::vector<SuiteFacts>> chains_;
};

} // namespace shardline
