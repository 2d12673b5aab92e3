#include "strategies/folder_chunks.hpp"

#include "random_suite.hpp"
#include "suite_builder.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>

namespace shardline {
namespace {

using test_support::test_case;
using Ends = std::vector<std::size_t>;

// A folder "f" made of files, each given as its tests' estimates.
struct Folder {
  std::vector<TestFile> tests;
  std::vector<std::int64_t> estimates;
  std::vector<std::size_t> members;

  explicit Folder(const std::vector<std::vector<std::int64_t>>& files) {
    for (std::size_t file = 0; file < files.size(); ++file)
      for (const auto estimate : files[file]) {
        members.push_back(tests.size());
        tests.push_back(test_case(test_support::numbered("T", std::ssize(tests) + 1))
                            .in(test_support::numbered("f/", static_cast<std::int64_t>(file))));
        estimates.push_back(estimate);
      }
  }

  Ends cut(std::int64_t fair_share) const {
    return cut_folder(members, tests, estimates, fair_share);
  }
};

TEST(CutFolder, cuts_a_single_giant_file_between_its_tests) {
  const Folder folder({std::vector<std::int64_t>(8, 100)});
  EXPECT_EQ(folder.cut(200), (Ends{2, 4, 6, 8}));
}

TEST(CutFolder, fills_each_chunk_to_the_fair_share_and_leaves_the_rest_as_the_last) {
  const Folder folder({std::vector<std::int64_t>(7, 100)});
  EXPECT_EQ(folder.cut(300), (Ends{3, 6, 7}));
}

TEST(CutFolder, moves_a_cut_to_a_file_boundary_within_a_sixteenth_of_the_fair_share) {
  // Target 1000; the file boundary at 940 is 60 away, the slack 1000 / 16 = 62.
  const Folder folder({{470, 470}, {30, 30, 30, 30, 30}, {900}});
  EXPECT_EQ(folder.cut(1000), (Ends{2, 8}));
}

TEST(CutFolder, cuts_inside_a_file_when_no_file_boundary_is_within_the_slack) {
  // Target 1000; the file boundaries at 600 and 1200 are both too far.
  const std::vector<std::int64_t> file(6, 100);
  const Folder folder({file, file, file});
  EXPECT_EQ(folder.cut(1000), (Ends{10, 18}));
}

TEST(CutFolder, keeps_the_rest_whole_when_it_is_within_the_slack_of_a_fair_share) {
  const Folder folder({{1000}, {30, 30}}); // the rest, 1060, is within 1000 + 62
  EXPECT_EQ(folder.cut(1000), (Ends{3}));
}

TEST(CutFolder, gives_a_test_heavier_than_the_fair_share_a_chunk_of_its_own) {
  const Folder folder({{10, 5000, 10, 10}});
  EXPECT_EQ(folder.cut(1000), (Ends{1, 2, 4}));
}

TEST(CutFolderProperty, cuts_into_non_empty_runs_none_heavier_than_a_fair_share_plus_slack) {
  std::mt19937_64 rng(12);
  auto below = [&](std::int64_t bound) {
    return std::uniform_int_distribution<std::int64_t>(0, bound - 1)(rng);
  };
  for (int round = 0; round < 300; ++round) {
    SCOPED_TRACE(::testing::Message() << "round " << round);
    std::vector<std::vector<std::int64_t>> files(static_cast<std::size_t>(1 + below(6)));
    std::int64_t longest = 0;
    std::int64_t total = 0;
    for (auto& file : files)
      for (std::int64_t test = 0, n = 1 + below(below(2) == 0 ? 4 : 60); test < n; ++test) {
        file.push_back(below(4) == 0 ? below(3) : below(below(10) == 0 ? 5000 : 300));
        longest = std::max(longest, file.back());
        total += file.back();
      }
    const Folder folder(files);
    const auto fair_share = total / (1 + below(12));
    const auto ends = folder.cut(fair_share);

    ASSERT_FALSE(ends.empty());
    EXPECT_EQ(ends.back(), folder.members.size());
    std::size_t begin = 0;
    for (const auto end : ends) {
      ASSERT_GT(end, begin) << "empty chunk";
      const auto weight = std::accumulate(
          folder.estimates.begin() + static_cast<std::ptrdiff_t>(begin),
          folder.estimates.begin() + static_cast<std::ptrdiff_t>(end), std::int64_t{0});
      // A chunk of several tests ends within the slack of its target or
      // within half a test of it; a single test may weigh anything.
      if (end - begin > 1) {
        EXPECT_LE(2 * weight, 2 * fair_share +
                                  std::max(2 * (fair_share / file_boundary_slack_divisor), longest))
            << "chunk [" << begin << ", " << end << ")";
      }
      begin = end;
    }
  }
}

} // namespace
} // namespace shardline
