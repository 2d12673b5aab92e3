#include "strategies/lpt.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace shardline {
namespace {

TEST(BinHeap, offers_the_lowest_index_among_equally_loaded_bins) {
  BinHeap bins(std::vector<Bin>{{5, 2}, {3, 4}, {3, 1}, {9, 0}});
  EXPECT_EQ(bins.least(), (Bin{3, 1}));
  EXPECT_EQ(bins.pop_least(), (Bin{3, 1}));
  EXPECT_EQ(bins.pop_least(), (Bin{3, 4}));
  EXPECT_EQ(bins.pop_least(), (Bin{5, 2}));
}

TEST(BinHeap, keeps_the_least_loaded_bin_on_top_after_adding_to_it) {
  BinHeap bins(3);
  EXPECT_EQ(bins.add_to_least(10), 0);
  EXPECT_EQ(bins.add_to_least(4), 1);
  EXPECT_EQ(bins.add_to_least(4), 2);
  EXPECT_EQ(bins.add_to_least(1), 1);
  EXPECT_EQ(bins.least(), (Bin{4, 2}));
}

TEST(BinHeap, saturates_a_load_near_int64_max) {
  constexpr auto max_ms = std::numeric_limits<std::int64_t>::max();
  BinHeap bins(1);
  bins.add_to_least(max_ms);
  bins.add_to_least(5);
  EXPECT_EQ(bins.least().load, max_ms);
}

TEST(HeaviestFirst, orders_by_weight_descending_and_equal_weights_by_position) {
  const std::vector<std::int64_t> weights{3, 9, 3, 1, 9};
  EXPECT_EQ(heaviest_first(weights), (std::vector<std::size_t>{1, 4, 0, 2, 3}));
}

TEST(HeaviestFirst, orders_a_subset_of_tests_by_their_estimates) {
  const std::vector<std::int64_t> estimates{50, 10, 70, 10, 30};
  const std::vector<std::size_t> subset{3, 0, 1, 2};
  EXPECT_EQ(heaviest_first(subset, estimates), (std::vector<std::size_t>{2, 0, 3, 1}));
}

TEST(PlaceLongestFirst, puts_each_item_longest_first_onto_the_least_loaded_bin) {
  const std::vector<std::int64_t> weights{2, 7, 4, 5, 3};
  BinHeap bins(2);
  // 7 -> 0, 5 -> 1, 4 -> 1 (5 < 7), 3 -> 0 (7 < 9), 2 -> 1 (9 < 10)
  EXPECT_EQ(place_longest_first(weights, bins),
            (std::vector<Placement>{{1, 0}, {3, 1}, {2, 1}, {4, 0}, {0, 1}}));
  EXPECT_EQ(bins.pop_least(), (Bin{10, 0}));
  EXPECT_EQ(bins.pop_least(), (Bin{11, 1}));
}

TEST(PlaceLongestFirst, breaks_ties_by_input_order_then_lowest_bin) {
  const std::vector<std::int64_t> weights{5, 5, 5, 5};
  BinHeap bins(3);
  EXPECT_EQ(place_longest_first(weights, bins),
            (std::vector<Placement>{{0, 0}, {1, 1}, {2, 2}, {3, 0}}));
}

TEST(PlaceLongestFirst, continues_from_existing_loads_on_a_subset_of_bins) {
  const std::vector<std::int64_t> weights{4, 4};
  BinHeap bins(std::vector<Bin>{{10, 0}, {3, 2}});
  EXPECT_EQ(place_longest_first(weights, bins), (std::vector<Placement>{{0, 2}, {1, 2}}));
  EXPECT_EQ(bins.least(), (Bin{10, 0}));
}

TEST(PlaceTestsLongestFirst, reports_suite_indices_of_the_placed_subset) {
  const std::vector<std::int64_t> estimates{1, 8, 2, 6};
  const std::vector<std::size_t> subset{0, 3, 1};
  BinHeap bins(2);
  EXPECT_EQ(place_tests_longest_first(subset, estimates, bins),
            (std::vector<Placement>{{1, 0}, {3, 1}, {0, 1}}));
}

} // namespace
} // namespace shardline
