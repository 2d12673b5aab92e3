#include "runners/command_template.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace shardline {
namespace {

using Argv = std::vector<std::string>;

TestFile login_test() {
  TestFile test;
  test.id = "auth/login.spec.ts::logs in";
  test.path = "auth/login.spec.ts";
  test.title = "logs in";
  test.line = 12;
  return test;
}

TEST(ExpandTemplate, replaces_each_placeholder_inside_its_own_argument) {
  Argv argv = expand_template({"run", "--at={path}:{line}", "{title}", "{id}"}, login_test());

  EXPECT_EQ(argv,
            (Argv{"run", "--at=auth/login.spec.ts:12", "logs in", "auth/login.spec.ts::logs in"}));
}

TEST(ExpandTemplate, leaves_line_empty_when_the_test_has_none) {
  auto test = login_test();
  test.line.reset();

  EXPECT_EQ(expand_template({"{path}:{line}"}, test), Argv{"auth/login.spec.ts:"});
}

TEST(ExpandTemplate, never_splits_a_value_into_several_arguments) {
  auto test = login_test();
  test.title = "a  b\tc\nd; rm -rf ~ $(id) `id` 'q' \"q\"";

  EXPECT_EQ(expand_template({"{title}"}, test), Argv{test.title});
}

TEST(ExpandTemplate, does_not_expand_placeholders_inside_a_value) {
  auto test = login_test();
  test.title = "{path} and {id}";

  EXPECT_EQ(expand_template({"<{title}>"}, test), Argv{"<{path} and {id}>"});
}

TEST(ExpandTemplate, keeps_other_braces_as_written) {
  Argv literal = {"{}", "{file}", "${HOME}", "awk '{print $1}'", "{", "}{", "{path"};

  EXPECT_EQ(expand_template(literal, login_test()), literal);
}

TEST(ValidateTemplate, accepts_known_placeholders_and_other_braces) {
  EXPECT_FALSE(validate_template({"npx", "jest", "{path}", "-t", "{title}", "--line={line}", "{id}",
                                  "{}", "${HOME}", "awk '{print $1}'", "{Upper}"}));
}

TEST(ValidateTemplate, rejects_an_empty_template) {
  auto error = validate_template({});

  ASSERT_TRUE(error);
  EXPECT_EQ(error->field, "runner.argv");
}

TEST(ValidateTemplate, rejects_an_empty_program) {
  auto error = validate_template({"", "{path}"});

  ASSERT_TRUE(error);
  EXPECT_EQ(error->field, "runner.argv[0]");
}

TEST(ValidateTemplate, names_the_argument_with_a_misspelt_placeholder) {
  auto error = validate_template({"npx", "jest", "--file={file}"}, "config.runner.argv");

  ASSERT_TRUE(error);
  EXPECT_EQ(error->to_string(), "config.runner.argv[2]: unknown placeholder {file}; known: "
                                "{path}, {title}, {id}, {line}");
}

} // namespace
} // namespace shardline
