#include "strategies/folder_chunks.hpp"

#include "suite_builder.hpp"

#include <gtest/gtest.h>

namespace shardline {
namespace {

using test_support::test_case;
using Ends = std::vector<std::size_t>;

TEST(EvenCuts, cuts_equal_weights_into_equal_runs) {
  const std::vector<std::int64_t> weights{1, 1, 1, 1, 1, 1};
  EXPECT_EQ(even_cuts(weights, 3), (Ends{2, 4, 6}));
}

TEST(EvenCuts, cuts_at_the_boundary_closest_to_the_even_target) {
  const std::vector<std::int64_t> weights{3, 3, 3, 3};
  // Targets 4 and 8: boundary 3 (tie between 3 and 6 goes to the earlier), then 9.
  EXPECT_EQ(even_cuts(weights, 3), (Ends{1, 3, 4}));
}

TEST(EvenCuts, keeps_every_run_non_empty_even_when_the_weight_sits_at_the_end) {
  const std::vector<std::int64_t> weights{0, 0, 0, 9};
  EXPECT_EQ(even_cuts(weights, 3), (Ends{2, 3, 4}));
}

TEST(EvenCuts, gives_one_run_for_a_count_of_one) {
  const std::vector<std::int64_t> weights{4, 5};
  EXPECT_EQ(even_cuts(weights, 1), (Ends{2}));
}

class CutFolder : public ::testing::Test {
protected:
  // Files f/1 (200), f/2 (100), f/3 (300), one test of 100 per line.
  std::vector<TestFile> suite{test_case("T1").in("f/1.spec.ts"), test_case("T2").in("f/1.spec.ts"),
                              test_case("T3").in("f/2.spec.ts"), test_case("T4").in("f/3.spec.ts"),
                              test_case("T5").in("f/3.spec.ts"), test_case("T6").in("f/3.spec.ts")};
  std::vector<std::int64_t> estimates = std::vector<std::int64_t>(6, 100);
  std::vector<std::size_t> members{0, 1, 2, 3, 4, 5};
};

TEST_F(CutFolder, cuts_between_files_when_there_are_enough_of_them) {
  EXPECT_EQ(cut_folder(members, suite, estimates, 2), (Ends{3, 6}));
  EXPECT_EQ(cut_folder(members, suite, estimates, 3), (Ends{2, 3, 6}));
}

TEST_F(CutFolder, cuts_between_tests_when_there_are_fewer_files_than_chunks) {
  EXPECT_EQ(cut_folder(members, suite, estimates, 4), (Ends{1, 3, 4, 6}));
}

TEST_F(CutFolder, treats_only_consecutive_tests_of_one_path_as_a_file) {
  // Members in input order: f/1, f/2, f/1 — three runs, so three chunks fit between files.
  const std::vector<std::size_t> interleaved{0, 2, 1};
  EXPECT_EQ(cut_folder(interleaved, suite, estimates, 3), (Ends{1, 2, 3}));
}

} // namespace
} // namespace shardline
