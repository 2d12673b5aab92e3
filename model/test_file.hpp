#pragma once

#include "model/result.hpp"
#include "model/test_status.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace shardline {

/// One runnable test. `id` is unique within a session; when the input leaves it
/// out it defaults to `path::title`.
struct TestFile {
  std::string id;
  std::string path;
  std::string title;
  std::vector<std::string> tags;                     // kept as given, e.g. "@smoke"
  std::string project;                               // Playwright project / browser, may be empty
  std::optional<std::int64_t> line;                  // 1-based line in `path`
  std::optional<std::int64_t> estimated_duration_ms; // from history; absent when unknown
  std::optional<TestStatus> last_result;             // outcome of the previous run, if any
  std::int64_t priority = 0;                         // higher runs earlier
  /// Tests with the same non-empty unit run together: in one batch, on one
  /// worker, in their order in the suite (a Playwright file, or a serial
  /// describe). Empty: the test is a unit of its own.
  std::string unit;
  /// The outermost serial group the test is in (Playwright's
  /// `test.describe.serial`, `describe.configure({ mode: 'serial' })`), named
  /// as a unit is; empty when none. Its tests depend on each other's order and
  /// a failure skips the rest, so a retry reruns the whole group, as
  /// Playwright's does. Always within the test's `unit`. Set by the Playwright
  /// listing and kept between actors; not part of the JSON (the REST
  /// contract): a REST client's units are retried test by test.
  std::string serial_group;

  friend bool operator==(const TestFile&, const TestFile&) = default;
};

/// JSON with camelCase names; absent optionals are omitted.
nlohmann::json encode(const TestFile& test);

/// Decodes one test. `at` is the field path used in errors (`tests[3]`).
/// Requires a non-empty `path`; `title` defaults to empty; `id` defaults to
/// `path::title`.
Result<TestFile> decode_test_file(const nlohmann::json& json, const std::string& at);

/// Decodes an array of tests and rejects duplicate ids
/// (`tests[7].id: duplicate id "a::b" (first at tests[2])`).
Result<std::vector<TestFile>> decode_test_files(const nlohmann::json& json, const std::string& at);

/// Reads a suite document: `{"tests": [...]}` or a bare array of tests.
Result<std::vector<TestFile>> decode_suite(const nlohmann::json& json);

} // namespace shardline
