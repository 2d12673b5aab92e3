#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace shardline {

/// A shard as the planner sees it: its index and the summed estimate of what
/// it holds so far. Bins order by load, then index, so ties go to the lowest.
struct Bin {
  std::int64_t load = 0;
  int index = 0;

  friend auto operator<=>(const Bin&, const Bin&) = default;
};

/// A set of bins with the least-loaded one at hand (a binary min-heap), so
/// placing n items onto m bins costs O(n log m).
class BinHeap {
public:
  BinHeap() = default;

  /// Bins 0..count-1, all empty.
  explicit BinHeap(int count);

  /// Any bins with any loads: a subset of the shards, part-filled.
  explicit BinHeap(std::vector<Bin> bins);

  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }

  /// The least-loaded bin, ties to the lowest index. Requires !empty().
  const Bin& least() const { return heap_.front(); }

  /// Removes and returns least().
  Bin pop_least();

  void push(Bin bin);

  /// Adds `weight` (saturating) to least() and returns that bin's index.
  int add_to_least(std::int64_t weight);

private:
  void sift_down(std::size_t at);

  std::vector<Bin> heap_;
};

/// Item indices 0..weights.size()-1, heaviest first, equal weights in index
/// order.
std::vector<std::size_t> heaviest_first(std::span<const std::int64_t> weights);

/// `tests` (indices into `estimates`) heaviest first, equal estimates in the
/// order given.
std::vector<std::size_t> heaviest_first(std::span<const std::size_t> tests,
                                        std::span<const std::int64_t> estimates);

/// Where an item went, as an index into the weights given to
/// place_longest_first, and the bin that took it.
struct Placement {
  std::size_t item = 0;
  int bin = 0;

  friend bool operator==(const Placement&, const Placement&) = default;
};

/// Longest processing time first: the items, heaviest first (equal weights in
/// input order), each onto the least-loaded of `bins` (ties to the lowest
/// index), whose load grows by the item's weight. `bins` keeps the new loads
/// so a caller can continue placing from them. Returns the placements in the
/// order they were made. Requires !bins.empty() unless weights is empty.
std::vector<Placement> place_longest_first(std::span<const std::int64_t> weights, BinHeap& bins);

/// place_longest_first for some of a suite's tests: `tests` are indices into
/// `estimates`, and so are the items of the returned placements.
std::vector<Placement> place_tests_longest_first(std::span<const std::size_t> tests,
                                                 std::span<const std::int64_t> estimates,
                                                 BinHeap& bins);

} // namespace shardline
