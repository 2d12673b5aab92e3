#include "runners/ansi.hpp"

#include <gtest/gtest.h>

namespace shardline {
namespace {

TEST(StripAnsi, removes_the_colours_of_a_playwright_error) {
  auto message = "\x1b[31mError: \x1b[39m\x1b[2mexpect(\x1b[22m\x1b[31mreceived\x1b[39m\x1b[2m)."
                 "\x1b[22mtoBe\x1b[2m(\x1b[22m\x1b[32mexpected\x1b[39m\x1b[2m)\x1b[22m";

  EXPECT_EQ(strip_ansi(message), "Error: expect(received).toBe(expected)");
}

TEST(StripAnsi, leaves_plain_text_and_utf8_alone) {
  EXPECT_EQ(strip_ansi("group \u203a test: ünïcode ✓\n"), "group \u203a test: ünïcode ✓\n");
  EXPECT_EQ(strip_ansi(""), "");
}

TEST(StripAnsi, removes_csi_sequences_with_parameters_and_intermediates) {
  EXPECT_EQ(strip_ansi("a\x1b[1;38;5;208mb\x1b[0m\x1b[2Kc\x1b[?25hd\x1b[ qe"), "abcde");
}

TEST(StripAnsi, removes_an_osc_hyperlink_but_keeps_its_text) {
  EXPECT_EQ(strip_ansi("see \x1b]8;;https://example.test/\x07the docs\x1b]8;;\x1b\\ now"),
            "see the docs now");
}

TEST(StripAnsi, removes_string_sequences_and_two_byte_escapes) {
  // Split literals: "\x07c" would be one hex escape.
  EXPECT_EQ(strip_ansi("a\x1bPq#0;1\x1b\\b\x1b_app\x07"
                       "c\x1b(Bd\x1b=e\x1b"
                       "7f"),
            "abcdef");
}

TEST(StripAnsi, drops_a_sequence_cut_off_by_the_end) {
  EXPECT_EQ(strip_ansi("text\x1b[31"), "text");
  EXPECT_EQ(strip_ansi("text\x1b]8;;http://cut"), "text");
  EXPECT_EQ(strip_ansi("text\x1b"), "text");
}

TEST(StripAnsi, keeps_the_byte_that_ends_a_malformed_csi) {
  EXPECT_EQ(strip_ansi("a\x1b[12\nb"), "a\nb");
}

TEST(FirstPlainLine, skips_blank_lines_strips_colours_and_trims) {
  EXPECT_EQ(first_plain_line("\n  \n  \x1b[31mError:\x1b[0m boom  \r\nmore"), "Error: boom");
  EXPECT_EQ(first_plain_line(" \n\t"), "");
  EXPECT_EQ(first_plain_line("one"), "one");
}

} // namespace
} // namespace shardline
