#include "model/test_file.hpp"

#include "tests/model/failure.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

namespace shardline {
namespace {

using model_test::Failure;
using model_test::failure_of;
using nlohmann::json;
using namespace nlohmann::literals;

TestFile every_field_set() {
  return {.id = "auth/login.spec.ts::logs in",
          .path = "tests/auth/login.spec.ts",
          .title = "logs in",
          .tags = {"@smoke", "@auth"},
          .project = "chromium",
          .line = 12,
          .estimated_duration_ms = 1200,
          .last_result = TestStatus::timed_out,
          .priority = -3,
          .unit = "[chromium] tests/auth/login.spec.ts",
          .serial_group = {}}; // not part of the JSON (see the_serial_group_stays_out_of_json)
}

// What a test given only its path decodes to.
TestFile with_path(const std::string& path) {
  TestFile test;
  test.id = path + "::";
  test.path = path;
  return test;
}

TestFile only_path() {
  return with_path("a.spec.ts");
}

Failure test_failure(const json& test) {
  return failure_of(decode_test_file(test, "tests[3]"));
}

// -- encoding -------------------------------------------------------------------

TEST(TestFileCodec, encodes_camel_case_fields) {
  EXPECT_EQ(encode(every_field_set()), R"({
    "id": "auth/login.spec.ts::logs in", "path": "tests/auth/login.spec.ts", "title": "logs in",
    "tags": ["@smoke", "@auth"], "project": "chromium", "line": 12,
    "estimatedDurationMs": 1200, "lastResult": "timedOut", "priority": -3,
    "unit": "[chromium] tests/auth/login.spec.ts"})"_json);
}

TEST(TestFileCodec, encoding_omits_absent_optionals) {
  EXPECT_EQ(encode(only_path()), R"({"id": "a.spec.ts::", "path": "a.spec.ts", "title": "",
                                     "tags": [], "project": "", "priority": 0})"_json);
}

TEST(TestFileCodec, round_trips_with_every_field_set) {
  auto decoded = decode_test_file(encode(every_field_set()), "tests[0]");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(*decoded, every_field_set());
}

TEST(TestFileCodec, the_serial_group_stays_out_of_json) {
  // The REST contract has no serial groups: they come from the listing.
  auto test = every_field_set();
  test.serial_group = test.unit;
  EXPECT_EQ(encode(test), encode(every_field_set()));
}

TEST(TestFileCodec, round_trips_with_no_optional_set) {
  auto decoded = decode_test_file(encode(only_path()), "tests[0]");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(*decoded, only_path());
}

// -- decoding -------------------------------------------------------------------

TEST(TestFileCodec, id_defaults_to_path_and_title) {
  auto decoded = decode_test_file(R"({"path": "a/b.spec.ts", "title": "works"})"_json, "");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(decoded->id, "a/b.spec.ts::works");
}

TEST(TestFileCodec, a_given_id_is_kept) {
  auto decoded = decode_test_file(R"({"id": "x", "path": "a", "title": "t"})"_json, "");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(decoded->id, "x");
}

TEST(TestFileCodec, null_optionals_count_as_absent) {
  auto decoded = decode_test_file(R"({"path": "a", "id": null, "line": null,
      "estimatedDurationMs": null, "lastResult": null, "tags": null})"_json,
                                  "");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(*decoded, with_path("a"));
}

TEST(TestFileCodec, ignores_unknown_fields) {
  auto decoded =
      decode_test_file(R"({"path": "a", "browser": "firefox", "extra": {"x": [1]}})"_json, "");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(*decoded, with_path("a"));
}

TEST(TestFileCodec, accepts_the_extremes_of_the_documented_ranges) {
  auto decoded = decode_test_file(R"({"path": "a", "estimatedDurationMs": 86400000,
                                      "priority": -1000000, "line": 100000000})"_json,
                                  "");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(decoded->estimated_duration_ms, 86'400'000);
  EXPECT_EQ(decoded->priority, -1'000'000);
  EXPECT_EQ(decoded->line, 100'000'000);
}

TEST(TestFileCodec, non_object_is_refused_at_its_path) {
  EXPECT_EQ(test_failure(json("a.spec.ts")), (Failure{"tests[3]", "expected an object"}));
  EXPECT_EQ(test_failure(json::array()), (Failure{"tests[3]", "expected an object"}));
}

TEST(TestFileCodec, path_is_required) {
  EXPECT_EQ(test_failure(R"({"title": "t"})"_json), (Failure{"tests[3].path", "is required"}));
  EXPECT_EQ(test_failure(R"({"path": null})"_json), (Failure{"tests[3].path", "is required"}));
}

TEST(TestFileCodec, path_must_be_a_non_empty_string) {
  EXPECT_EQ(test_failure(R"({"path": ""})"_json), (Failure{"tests[3].path", "must not be empty"}));
  EXPECT_EQ(test_failure(R"({"path": 7})"_json), (Failure{"tests[3].path", "expected a string"}));
}

TEST(TestFileCodec, an_explicit_id_must_not_be_empty) {
  EXPECT_EQ(test_failure(R"({"path": "a", "id": ""})"_json),
            (Failure{"tests[3].id", "must not be empty"}));
}

TEST(TestFileCodec, title_and_project_must_be_strings) {
  EXPECT_EQ(test_failure(R"({"path": "a", "title": ["t"]})"_json),
            (Failure{"tests[3].title", "expected a string"}));
  EXPECT_EQ(test_failure(R"({"path": "a", "project": false})"_json),
            (Failure{"tests[3].project", "expected a string"}));
}

TEST(TestFileCodec, tags_must_be_an_array_of_strings) {
  EXPECT_EQ(test_failure(R"({"path": "a", "tags": "@smoke"})"_json),
            (Failure{"tests[3].tags", "expected an array of strings"}));
  EXPECT_EQ(test_failure(R"({"path": "a", "tags": ["@smoke", 2]})"_json),
            (Failure{"tests[3].tags[1]", "expected a string"}));
}

TEST(TestFileCodec, line_must_be_a_positive_integer) {
  EXPECT_EQ(test_failure(R"({"path": "a", "line": 0})"_json),
            (Failure{"tests[3].line", "0 is out of range; allowed: 1 to 100000000"}));
  EXPECT_EQ(test_failure(R"({"path": "a", "line": "12"})"_json),
            (Failure{"tests[3].line", "expected an integer; allowed: 1 to 100000000"}));
}

TEST(TestFileCodec, estimate_must_be_a_non_negative_integer) {
  EXPECT_EQ(test_failure(R"({"path": "a", "estimatedDurationMs": -1})"_json),
            (Failure{"tests[3].estimatedDurationMs",
                     "-1 is out of range; allowed: 0 to 86400000 (24 h)"}));
  const Failure wrong_type{"tests[3].estimatedDurationMs",
                           "expected an integer; allowed: 0 to 86400000 (24 h)"};
  EXPECT_EQ(test_failure(R"({"path": "a", "estimatedDurationMs": "1200"})"_json), wrong_type);
  EXPECT_EQ(test_failure(R"({"path": "a", "estimatedDurationMs": true})"_json), wrong_type);
  EXPECT_EQ(test_failure(R"({"path": "a", "estimatedDurationMs": {}})"_json), wrong_type);
}

TEST(TestFileCodec, integer_fields_reject_floats_even_whole_ones) {
  const Failure expected{"tests[3].estimatedDurationMs",
                         "expected an integer; allowed: 0 to 86400000 (24 h)"};
  EXPECT_EQ(test_failure(R"({"path": "a", "estimatedDurationMs": 12.5})"_json), expected);
  EXPECT_EQ(test_failure(R"({"path": "a", "estimatedDurationMs": 1200.0})"_json), expected);
  EXPECT_EQ(test_failure(R"({"path": "a", "estimatedDurationMs": 1e3})"_json), expected);
}

TEST(TestFileCodec, integer_fields_reject_numbers_beyond_int64) {
  auto too_long = [](const char* value) {
    return Failure{"tests[3].estimatedDurationMs",
                   std::string(value) + " is out of range; allowed: 0 to 86400000 (24 h)"};
  };
  EXPECT_EQ(test_failure(R"({"path": "a", "estimatedDurationMs": 9223372036854775808})"_json),
            too_long("9223372036854775808"));
  EXPECT_EQ(test_failure(R"({"path": "a", "estimatedDurationMs": 99999999999999999999999})"_json),
            too_long("9.999999999999999e+22")); // as the parser holds it
  EXPECT_EQ(test_failure(R"({"path": "a", "estimatedDurationMs": 1e300})"_json),
            too_long("1e+300"));
  auto priority = [](const char* value) {
    return Failure{"tests[3].priority",
                   std::string(value) + " is out of range; allowed: -1000000 to 1000000"};
  };
  EXPECT_EQ(test_failure(R"({"path": "a", "priority": -9223372036854775809})"_json),
            priority("-9.223372036854776e+18"));
  EXPECT_EQ(test_failure(R"({"path": "a", "priority": 18446744073709551615})"_json),
            priority("18446744073709551615"));
}

TEST(TestFileCodec, priority_must_be_an_integer) {
  EXPECT_EQ(test_failure(R"({"path": "a", "priority": "high"})"_json),
            (Failure{"tests[3].priority", "expected an integer; allowed: -1000000 to 1000000"}));
}

TEST(TestFileCodec, unknown_last_result_lists_the_allowed_values) {
  EXPECT_EQ(test_failure(R"({"path": "a", "lastResult": "timed_out"})"_json),
            (Failure{"tests[3].lastResult",
                     R"(unknown value "timed_out"; allowed: passed, failed, skipped, timedOut)"}));
  EXPECT_EQ(test_failure(R"({"path": "a", "lastResult": 1})"_json),
            (Failure{"tests[3].lastResult",
                     "expected a string; allowed: passed, failed, skipped, timedOut"}));
}

TEST(TestFileCodec, quotes_an_unknown_value_as_json) {
  EXPECT_EQ(test_failure(R"({"path": "a", "lastResult": "say \"hi\""})"_json),
            (Failure{"tests[3].lastResult",
                     R"(unknown value "say \"hi\""; allowed: passed, failed, skipped, timedOut)"}));
}

TEST(TestFileCodec, reports_the_first_bad_field_in_reading_order) {
  EXPECT_EQ(test_failure(R"({"line": 0, "tags": 1})"_json),
            (Failure{"tests[3].path", "is required"}));
}

// -- lists and suites -------------------------------------------------------------

json tests_with_ids(std::initializer_list<const char*> ids) {
  json tests = json::array();
  for (const char* id : ids)
    tests.push_back({{"id", id}, {"path", "p"}});
  return tests;
}

TEST(TestFileList, decodes_in_order) {
  auto decoded = decode_test_files(tests_with_ids({"b", "a"}), "tests");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  ASSERT_EQ(decoded->size(), 2u);
  EXPECT_EQ((*decoded)[0].id, "b");
  EXPECT_EQ((*decoded)[1].id, "a");
}

TEST(TestFileList, names_a_bad_test_by_its_index) {
  auto tests = R"([{"path": "a"}, {"path": "b", "tags": ["x", null]}])"_json;
  EXPECT_EQ(failure_of(decode_test_files(tests, "tests")),
            (Failure{"tests[1].tags[1]", "expected a string"}));
}

TEST(TestFileList, refuses_a_duplicate_id_at_the_later_test) {
  auto tests = tests_with_ids({"0", "1", "a::b", "3", "4", "5", "6", "a::b"});
  EXPECT_EQ(failure_of(decode_test_files(tests, "tests")),
            (Failure{"tests[7].id", R"(duplicate id "a::b" (first at tests[2]))"}));
}

TEST(TestFileList, default_ids_collide_when_path_and_title_repeat) {
  auto tests = R"([{"path": "a", "title": "t"}, {"path": "a", "title": "u"},
                   {"path": "a", "title": "t"}])"_json;
  EXPECT_EQ(failure_of(decode_test_files(tests, "tests")),
            (Failure{"tests[2].id", R"(duplicate id "a::t" (first at tests[0]))"}));
}

TEST(TestFileList, must_be_an_array) {
  EXPECT_EQ(failure_of(decode_test_files(R"({"path": "a"})"_json, "tests")),
            (Failure{"tests", "expected an array of tests"}));
}

TEST(TestFileList, finds_a_duplicate_among_many_tests) {
  constexpr std::size_t count = 50'000;
  json tests = json::array();
  for (std::size_t i = 0; i < count; ++i)
    tests.push_back({{"path", "suite/" + std::to_string(i % 1000) + ".spec.ts"},
                     {"title", "case " + std::to_string(i)}});
  auto decoded = decode_test_files(tests, "tests");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(decoded->back().id, "suite/999.spec.ts::case 49999");

  tests.push_back(tests[12345]);
  EXPECT_EQ(failure_of(decode_test_files(tests, "tests")),
            (Failure{"tests[50000].id",
                     R"(duplicate id "suite/345.spec.ts::case 12345" (first at tests[12345]))"}));
}

TEST(SuiteDocument, reads_an_object_with_tests) {
  auto decoded = decode_suite(R"({"tests": [{"path": "a"}], "name": "ignored"})"_json);
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  ASSERT_EQ(decoded->size(), 1u);
  EXPECT_EQ((*decoded)[0].id, "a::");
}

TEST(SuiteDocument, reads_a_bare_array) {
  auto decoded = decode_suite(R"([{"path": "a"}, {"path": "b"}])"_json);
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(decoded->size(), 2u);
}

TEST(SuiteDocument, names_fields_under_tests_in_an_object) {
  EXPECT_EQ(failure_of(decode_suite(R"({"tests": [{"path": "a"}, {"title": "b"}]})"_json)),
            (Failure{"tests[1].path", "is required"}));
}

TEST(SuiteDocument, names_fields_by_index_in_a_bare_array) {
  EXPECT_EQ(failure_of(decode_suite(R"([{"path": "a"}, {"path": "a", "line": 1.5}])"_json)),
            (Failure{"[1].line", "expected an integer; allowed: 1 to 100000000"}));
}

TEST(SuiteDocument, an_object_needs_tests) {
  EXPECT_EQ(failure_of(decode_suite(R"({"test": []})"_json)), (Failure{"tests", "is required"}));
  EXPECT_EQ(failure_of(decode_suite(R"({"tests": {}})"_json)),
            (Failure{"tests", "expected an array of tests"}));
}

TEST(SuiteDocument, anything_else_says_what_is_expected) {
  const Failure expected{"", R"(expected an array of tests or an object with "tests")"};
  EXPECT_EQ(failure_of(decode_suite(json("tests.json"))), expected);
  EXPECT_EQ(failure_of(decode_suite(json(nullptr))), expected);
  EXPECT_EQ(failure_of(decode_suite(json(3))), expected);
}

} // namespace
} // namespace shardline
