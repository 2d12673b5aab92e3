#include "runners/line_splitter.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace shardline {
namespace {

class LineSplitterTest : public ::testing::Test {
protected:
  LineSplitter::Sink collect() {
    return [this](std::string_view line) { lines.emplace_back(line); };
  }

  std::vector<std::string> lines;
};

TEST_F(LineSplitterTest, hands_over_each_complete_line_without_its_newline) {
  LineSplitter splitter;

  splitter.append("one\ntwo\n", collect());

  EXPECT_EQ(lines, (std::vector<std::string>{"one", "two"}));
}

TEST_F(LineSplitterTest, joins_a_line_that_arrives_in_pieces) {
  LineSplitter splitter;

  splitter.append("@shardline {\"ev", collect());
  splitter.append("ent\":\"end\"}", collect());
  EXPECT_TRUE(lines.empty());
  splitter.append("\nnext", collect());

  EXPECT_EQ(lines, (std::vector<std::string>{"@shardline {\"event\":\"end\"}"}));
}

TEST_F(LineSplitterTest, hands_over_the_last_line_without_a_newline_at_the_end) {
  LineSplitter splitter;
  splitter.append("done\nno newline", collect());

  splitter.finish(collect());

  EXPECT_EQ(lines, (std::vector<std::string>{"done", "no newline"}));
}

TEST_F(LineSplitterTest, keeps_empty_lines) {
  LineSplitter splitter;

  splitter.append("\n\nx\n", collect());
  splitter.finish(collect());

  EXPECT_EQ(lines, (std::vector<std::string>{"", "", "x"}));
}

TEST_F(LineSplitterTest, drops_a_line_over_the_limit_whole_and_goes_on_after_it) {
  LineSplitter splitter(8);

  splitter.append("short\n0123456", collect());
  splitter.append("789abcdef", collect());
  splitter.append("more\nafter\n", collect());

  EXPECT_EQ(lines, (std::vector<std::string>{"short", "after"}));
  EXPECT_EQ(splitter.dropped_lines(), 1U);
}

TEST_F(LineSplitterTest, a_line_of_exactly_the_limit_passes) {
  LineSplitter splitter(8);

  splitter.append("01234567\n", collect());

  EXPECT_EQ(lines, (std::vector<std::string>{"01234567"}));
}

} // namespace
} // namespace shardline
