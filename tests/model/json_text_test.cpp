#include "model/json_text.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

namespace shardline {
namespace {

TEST(JsonText, parses_valid_text) {
  auto json = parse_json(R"({"a": [1, 2]})");
  ASSERT_TRUE(json);
  EXPECT_EQ((*json)["a"][1], 2);
}

TEST(JsonText, syntax_error_names_line_and_column) {
  auto json = parse_json("{\n  \"a\": 1,\n  \"b\" 2\n}");
  ASSERT_FALSE(json);
  EXPECT_EQ(json.error().field, "");
  EXPECT_EQ(json.error().message.rfind("invalid JSON at line 3, column 7: ", 0), 0u)
      << json.error().message;
}

TEST(JsonText, empty_input_is_an_error_not_a_crash) {
  auto json = parse_json("");
  ASSERT_FALSE(json);
  EXPECT_EQ(json.error().message.rfind("invalid JSON at line 1, column 1", 0), 0u)
      << json.error().message;
}

TEST(JsonText, invalid_utf8_in_input_is_an_error) {
  EXPECT_FALSE(parse_json("\"\xff\xfe\""));
}

TEST(JsonText, deep_nesting_neither_overflows_nor_throws) {
  std::string text(200000, '[');
  text += std::string(200000, ']');
  auto json = parse_json(text);
  EXPECT_TRUE(json);
}

TEST(JsonText, serialising_invalid_utf8_replaces_instead_of_throwing) {
  nlohmann::json json = std::string("title \xff end");
  EXPECT_EQ(to_json_text(json), "\"title \xEF\xBF\xBD end\"");
}

TEST(JsonText, indent_pretty_prints) {
  EXPECT_EQ(to_json_text(nlohmann::json{{"a", 1}}, 2), "{\n  \"a\": 1\n}");
}

} // namespace
} // namespace shardline

namespace {

// Found by the fuzzer: nlohmann throws out_of_range, not parse_error, for these.
TEST(JsonText, a_number_too_large_for_a_double_is_an_error_not_a_crash) {
  for (const auto* text : {"1e400", "66866260e8334081300", "[-1e99999]"}) {
    auto json = shardline::parse_json(text);
    ASSERT_FALSE(json) << text;
    EXPECT_NE(json.error().message.find("invalid JSON"), std::string::npos) << json.error().message;
  }
}

} // namespace
