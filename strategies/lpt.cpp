#include "strategies/lpt.hpp"

#include "strategies/saturating.hpp"

#include <algorithm>
#include <functional>
#include <utility>

namespace shardline {

BinHeap::BinHeap(int count) {
  heap_.reserve(static_cast<std::size_t>(std::max(count, 0)));
  // Equal loads in ascending index order already form a valid min-heap.
  for (int index = 0; index < count; ++index)
    heap_.push_back(Bin{0, index});
}

BinHeap::BinHeap(std::vector<Bin> bins) : heap_(std::move(bins)) {
  std::make_heap(heap_.begin(), heap_.end(), std::greater<>{});
}

Bin BinHeap::pop_least() {
  std::pop_heap(heap_.begin(), heap_.end(), std::greater<>{});
  const auto bin = heap_.back();
  heap_.pop_back();
  return bin;
}

void BinHeap::push(Bin bin) {
  heap_.push_back(bin);
  std::push_heap(heap_.begin(), heap_.end(), std::greater<>{});
}

int BinHeap::add_to_least(std::int64_t weight) {
  auto& top = heap_.front();
  top.load = saturating_add(top.load, weight);
  const auto index = top.index;
  // Only the top grew, so one sift-down restores the heap: cheaper than pop + push.
  sift_down(0);
  return index;
}

void BinHeap::sift_down(std::size_t at) {
  const auto size = heap_.size();
  const auto bin = heap_[at];
  while (true) {
    auto child = 2 * at + 1;
    if (child >= size)
      break;
    if (child + 1 < size && heap_[child + 1] < heap_[child])
      ++child;
    if (!(heap_[child] < bin))
      break;
    heap_[at] = heap_[child];
    at = child;
  }
  heap_[at] = bin;
}

std::vector<std::size_t> heaviest_first(std::span<const std::int64_t> weights) {
  // Sorting (weight, index) pairs by value keeps the comparisons in cache,
  // which matters for a million tests; the keys are unique, so the order is
  // total and std::sort is as deterministic as a stable sort.
  std::vector<std::pair<std::int64_t, std::size_t>> keyed;
  keyed.reserve(weights.size());
  for (std::size_t item = 0; item < weights.size(); ++item)
    keyed.emplace_back(weights[item], item);
  std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::vector<std::size_t> order;
  order.reserve(keyed.size());
  for (const auto& [weight, item] : keyed)
    order.push_back(item);
  return order;
}

std::vector<std::size_t> heaviest_first(std::span<const std::size_t> tests,
                                        std::span<const std::int64_t> estimates) {
  std::vector<std::int64_t> weights;
  weights.reserve(tests.size());
  for (const auto test : tests)
    weights.push_back(estimates[test]);
  auto order = heaviest_first(weights);
  for (auto& item : order)
    item = tests[item];
  return order;
}

std::vector<Placement> place_longest_first(std::span<const std::int64_t> weights, BinHeap& bins) {
  std::vector<Placement> placements;
  placements.reserve(weights.size());
  for (const auto item : heaviest_first(weights))
    placements.push_back(Placement{item, bins.add_to_least(weights[item])});
  return placements;
}

std::vector<Placement> place_tests_longest_first(std::span<const std::size_t> tests,
                                                 std::span<const std::int64_t> estimates,
                                                 BinHeap& bins) {
  std::vector<std::int64_t> weights;
  weights.reserve(tests.size());
  for (const auto test : tests)
    weights.push_back(estimates[test]);
  auto placements = place_longest_first(weights, bins);
  for (auto& placement : placements)
    placement.item = tests[placement.item];
  return placements;
}

} // namespace shardline
