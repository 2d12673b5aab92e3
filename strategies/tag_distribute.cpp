#include "strategies/saturating.hpp"
#include "strategies/tag_modes.hpp"

#include <algorithm>
#include <compare>
#include <functional>
#include <vector>

namespace shardline {

namespace {

// A shard as the tag being spread sees it, ordered by what the tag's next
// test minimises. The count breaks ties of the tag load, so a tag whose tests
// all estimate 0 (its load never grows) still spreads one test per shard in turn.
struct TagBin {
  std::int64_t tag_load = 0;
  std::int64_t tag_count = 0;
  std::int64_t load = 0;
  int index = 0;

  friend auto operator<=>(const TagBin&, const TagBin&) = default;
};

// Spreads one tag. Shards without the tag's tests all have a tag load and count
// of 0 and stay ordered by (load, index) in the shared heap; only the touched ones need
// a heap of their own, so a tag with t tests costs O(t log m), not O(m).
class TagSpread {
public:
  explicit TagSpread(BinHeap& shards) : untouched_(shards) {}

  /// Puts a test of `weight` on the shard with the least (tag load, tag
  /// count, load, index) and returns that shard's index.
  int add(std::int64_t weight) {
    auto bin = take_least();
    bin.tag_load = saturating_add(bin.tag_load, weight);
    ++bin.tag_count;
    bin.load = saturating_add(bin.load, weight);
    touched_.push_back(bin);
    std::push_heap(touched_.begin(), touched_.end(), std::greater<>{});
    return bin.index;
  }

  /// Returns the touched shards, with their new loads, to the shared heap.
  void finish() {
    for (const auto& bin : touched_)
      untouched_.push(Bin{bin.load, bin.index});
    touched_.clear();
  }

private:
  TagBin take_least() {
    if (!untouched_.empty()) {
      const TagBin fresh{0, 0, untouched_.least().load, untouched_.least().index};
      if (touched_.empty() || fresh < touched_.front()) {
        untouched_.pop_least();
        return fresh;
      }
    }
    std::pop_heap(touched_.begin(), touched_.end(), std::greater<>{});
    const auto bin = touched_.back();
    touched_.pop_back();
    return bin;
  }

  BinHeap& untouched_;
  std::vector<TagBin> touched_; // min-heap
};

} // namespace

void spread_tags(const Groups& tags, std::span<const std::int64_t> estimates, BinHeap& shards,
                 ShardPlan& plan) {
  const auto weights = group_weights(tags, estimates);
  for (const auto tag : heaviest_first(weights)) {
    TagSpread spread(shards);
    for (const auto test : heaviest_first(tags.of(tag), estimates))
      plan.append(spread.add(estimates[test]), test);
    spread.finish();
  }
}

} // namespace shardline
