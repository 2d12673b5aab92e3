// The internal field machinery; the codecs' own tests cover its messages.
#include "model/json_fields.hpp"

#include "tests/model/failure.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace shardline::detail {
namespace {

using model_test::Failure;
using model_test::failure_of;
using nlohmann::json;
using namespace nlohmann::literals;

TEST(JsonFieldPath, joins_names_and_indices) {
  EXPECT_EQ(join_path("", "tests"), "tests");
  EXPECT_EQ(join_path("tests", 3), "tests[3]");
  EXPECT_EQ(join_path("tests[3]", "id"), "tests[3].id");
  EXPECT_EQ(join_path("", 3), "[3]");
  EXPECT_EQ(join_path("config.runner", "argv"), "config.runner.argv");
}

TEST(JsonFieldPath, quotes_values_as_json_strings) {
  EXPECT_EQ(in_quotes("a::b"), R"("a::b")");
  EXPECT_EQ(in_quotes("say \"hi\"\n"), R"("say \"hi\"\n")");
  EXPECT_EQ(in_quotes("bad \xff byte"), "\"bad \xEF\xBF\xBD byte\"");
}

TEST(JsonFieldReader, keeps_the_first_error_and_stops_reading) {
  auto object = R"({"a": "x", "b": "y"})"_json;
  std::int64_t a = 7;
  std::string b = "unchanged";
  ObjectReader in(object, "root");
  in.read("a", a);
  in.read("b", b);
  ASSERT_FALSE(in.ok());
  EXPECT_EQ(in.error(), (Error{"root.a", "expected an integer"}));
  EXPECT_EQ(a, 7);
  EXPECT_EQ(b, "unchanged");
}

TEST(JsonFieldReader, leaves_absent_and_null_fields_at_their_defaults) {
  auto object = R"({"b": null})"_json;
  int a = 5;
  std::optional<std::string> b = "kept";
  ObjectReader in(object, "");
  in.read("a", a);
  in.read("b", b);
  EXPECT_TRUE(in.ok());
  EXPECT_EQ(a, 5);
  EXPECT_EQ(b, "kept");
}

TEST(JsonFieldValue, int_fields_report_the_limits_of_int) {
  EXPECT_EQ(failure_of(int_value(json(2147483648LL))),
            (Failure{"", "must be between -2147483648 and 2147483647"}));
  EXPECT_EQ(failure_of(int_value(json(-2147483649LL))),
            (Failure{"", "must be between -2147483648 and 2147483647"}));
  EXPECT_EQ(int_value(json(-2147483648LL)).value(), INT32_MIN);
}

TEST(JsonFieldValue, describes_one_sided_ranges) {
  EXPECT_EQ(failure_of(integer_value(json("x"), IntRange{.min = 5})),
            (Failure{"", "expected an integer >= 5"}));
  EXPECT_EQ(failure_of(integer_value(json(4), IntRange{.min = 5})),
            (Failure{"", "expected an integer >= 5"}));
  EXPECT_EQ(failure_of(integer_value(json("x"), IntRange{.max = 5})),
            (Failure{"", "expected an integer <= 5"}));
}

TEST(JsonFieldValue, never_throws_on_non_finite_numbers) {
  EXPECT_EQ(failure_of(integer_value(json(std::numeric_limits<double>::infinity()))),
            (Failure{"", "expected an integer"}));
  EXPECT_EQ(failure_of(integer_value(json(std::numeric_limits<double>::quiet_NaN()))),
            (Failure{"", "expected an integer"}));
}

TEST(JsonFieldValue, reads_the_largest_unsigned_int64_that_fits) {
  EXPECT_EQ(integer_value(json(std::uint64_t{9223372036854775807ULL})).value(), INT64_MAX);
}

} // namespace
} // namespace shardline::detail
