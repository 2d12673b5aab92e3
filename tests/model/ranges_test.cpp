// Every bounded number of a start request, at both edges of its documented
// range: the last value in is accepted, the first value out is a 400 naming
// the field, the value and the range. Also the values the issue found
// wedging a worker (2^53, 2^63, 10^13) and JSON numbers written as floats.
#include "model/ranges.hpp"
#include "model/start_request.hpp"

#include "model/json_text.hpp"
#include "tests/model/failure.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace shardline {
namespace {

using model_test::Failure;
using model_test::failure_of;

struct BoundedField {
  std::string path;          // as the error names it
  std::string config_member; // set in config, or empty
  std::string test_member;   // set in tests[0], or empty
  ValueRange range;
};

std::vector<BoundedField> bounded_fields() {
  return {
      {"config.workerCount", "workerCount", "", ranges::worker_count},
      {"config.retries", "retries", "", ranges::retries},
      {"config.testTimeoutMs", "testTimeoutMs", "", ranges::test_timeout_ms},
      {"config.maxFailures", "maxFailures", "", ranges::max_failures},
      {"config.heartbeatIntervalMs", "heartbeatIntervalMs", "", ranges::heartbeat_interval_ms},
      {"config.heartbeatTimeoutMs", "heartbeatTimeoutMs", "", ranges::heartbeat_timeout_ms},
      {"tests[0].line", "", "line", ranges::line},
      {"tests[0].estimatedDurationMs", "", "estimatedDurationMs", ranges::estimated_duration_ms},
      {"tests[0].priority", "", "priority", ranges::priority},
  };
}

// A valid request with one field set to `number`, written as JSON text so
// that the parser sees it as a client would send it.
std::string request_with(const BoundedField& field, const std::string& number) {
  std::string config = R"("runner": {"kind": "command", "argv": ["true"]})";
  std::string test = R"("path": "a.sh")";
  if (!field.config_member.empty()) {
    config += ", \"" + field.config_member + "\": " + number;
    // The interval must stay below the timeout: keep the other one out of the way.
    if (field.config_member == "heartbeatIntervalMs")
      config += R"(, "heartbeatTimeoutMs": 86400000)";
    if (field.config_member == "heartbeatTimeoutMs")
      config += R"(, "heartbeatIntervalMs": 1)";
  } else {
    test += ", \"" + field.test_member + "\": " + number;
  }
  return "{\"tests\": [{" + test + "}], \"config\": {" + config + "}}";
}

Result<StartRequest> decode_text(const std::string& text) {
  auto json = parse_json(text);
  if (!json)
    return Error{"<json>", json.error().message};
  return decode_start_request(*json);
}

Failure out_of_range(const BoundedField& field, const std::string& shown) {
  return {field.path, out_of_range_message(shown, field.range)};
}

TEST(DocumentedRanges, accept_both_ends_of_every_range) {
  for (const auto& field : bounded_fields()) {
    for (auto edge : {field.range.min, field.range.max}) {
      auto decoded = decode_text(request_with(field, std::to_string(edge)));
      EXPECT_TRUE(decoded) << field.path << " = " << edge << ": "
                           << (decoded ? "" : decoded.error().to_string());
    }
  }
}

TEST(DocumentedRanges, refuse_the_first_value_past_either_end_naming_field_value_and_range) {
  for (const auto& field : bounded_fields()) {
    auto below = std::to_string(field.range.min - 1);
    auto above = std::to_string(field.range.max + 1);
    EXPECT_EQ(failure_of(decode_text(request_with(field, below))), out_of_range(field, below));
    EXPECT_EQ(failure_of(decode_text(request_with(field, above))), out_of_range(field, above));
  }
}

TEST(DocumentedRanges, refuse_the_values_that_overflowed_deadlines) {
  // 2^53 (the largest integer a JavaScript client sends exactly), 2^63 - 1,
  // 2^63 and 2^64 - 1 as integers; 10^13 and 9223372036854 as the issue sent them.
  const std::vector<std::string> huge = {"9007199254740992",    "9223372036854775807",
                                         "9223372036854775808", "18446744073709551615",
                                         "10000000000000",      "9223372036854"};
  for (const auto& field : bounded_fields())
    for (const auto& number : huge)
      EXPECT_EQ(failure_of(decode_text(request_with(field, number))), out_of_range(field, number));
}

TEST(DocumentedRanges, say_the_timeout_range_in_hours) {
  BoundedField timeout = bounded_fields()[2];
  ASSERT_EQ(timeout.path, "config.testTimeoutMs");
  EXPECT_EQ(failure_of(decode_text(request_with(timeout, "9007199254740992"))),
            (Failure{"config.testTimeoutMs",
                     "9007199254740992 is out of range; allowed: 1 to 86400000 (24 h)"}));
}

TEST(DocumentedRanges, refuse_huge_negative_values_and_floats_beyond_int64) {
  for (const auto& field : bounded_fields()) {
    EXPECT_EQ(failure_of(decode_text(request_with(field, "-9223372036854775808"))),
              out_of_range(field, "-9223372036854775808"));
    // The parser keeps integers beyond 64 bits as doubles.
    EXPECT_EQ(failure_of(decode_text(request_with(field, "1e300"))), out_of_range(field, "1e+300"));
    EXPECT_EQ(failure_of(decode_text(request_with(field, "-1e20"))), out_of_range(field, "-1e+20"));
  }
}

TEST(DocumentedRanges, refuse_fractions_and_floats_as_the_wrong_type_with_the_range) {
  for (const auto& field : bounded_fields()) {
    Failure wrong_type{field.path, "expected an integer; allowed: " + describe(field.range)};
    for (const char* number : {"1.5", "2.0", "2e0", "\"5\"", "true"})
      EXPECT_EQ(failure_of(decode_text(request_with(field, number))), wrong_type)
          << field.path << " = " << number;
  }
}

TEST(DocumentedRanges, describe_milliseconds_in_hours_and_counts_plainly) {
  EXPECT_EQ(describe(ranges::test_timeout_ms), "1 to 86400000 (24 h)");
  EXPECT_EQ(describe(ranges::heartbeat_interval_ms), "1 to 3600000 (1 h)");
  EXPECT_EQ(describe(ranges::worker_count), "1 to 10000");
}

} // namespace
} // namespace shardline
