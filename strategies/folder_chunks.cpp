#include "strategies/folder_chunks.hpp"

#include "strategies/saturating.hpp"

#include <algorithm>
#include <optional>

namespace shardline {

namespace {

// Distance between two points of the non-negative prefix sums: no overflow.
std::int64_t distance(std::int64_t a, std::int64_t b) {
  return a < b ? b - a : a - b;
}

} // namespace

std::vector<std::size_t> cut_folder(std::span<const std::size_t> members,
                                    std::span<const TestFile> tests,
                                    std::span<const std::int64_t> estimates,
                                    std::int64_t fair_share) {
  const auto count = members.size();
  // prefix[i] = weight of members [0, i); saturation keeps it non-decreasing.
  std::vector<std::int64_t> prefix(count + 1, 0);
  // Offsets where a file (a run of one path) ends, ascending; count is last.
  std::vector<std::size_t> file_ends;
  for (std::size_t at = 0; at < count; ++at) {
    prefix[at + 1] = saturating_add(prefix[at], estimates[members[at]]);
    if (at + 1 == count || tests[members[at + 1]].path != tests[members[at]].path)
      file_ends.push_back(at + 1);
  }
  const auto slack = fair_share / file_boundary_slack_divisor;
  const auto last_chunk_limit = saturating_add(fair_share, slack);

  std::vector<std::size_t> ends;
  std::size_t begin = 0;
  while (count - begin > 1 && prefix[count] - prefix[begin] > last_chunk_limit) {
    const auto target = saturating_add(prefix[begin], fair_share);
    // Cuts in [first, last] leave at least one test on each side.
    const auto first = begin + 1;
    const auto last = count - 1;

    // The nearest file boundary in range, ties to the earlier.
    std::optional<std::size_t> file_cut;
    const auto from = std::lower_bound(file_ends.begin(), file_ends.end(), first);
    const auto to = std::upper_bound(from, file_ends.end(), last);
    const auto later = std::lower_bound(
        from, to, target, [&](std::size_t end, std::int64_t t) { return prefix[end] < t; });
    if (later != to)
      file_cut = *later;
    if (later != from && (!file_cut || distance(prefix[*(later - 1)], target) <=
                                           distance(prefix[*file_cut], target)))
      file_cut = *(later - 1);

    std::size_t cut = 0;
    if (file_cut && distance(prefix[*file_cut], target) <= slack) {
      cut = *file_cut;
    } else {
      // The nearest boundary between tests, ties to the earlier.
      const auto at =
          std::lower_bound(prefix.begin() + static_cast<std::ptrdiff_t>(first),
                           prefix.begin() + static_cast<std::ptrdiff_t>(last + 1), target);
      cut = static_cast<std::size_t>(at - prefix.begin());
      if (cut > last)
        cut = last;
      else if (cut > first && target - prefix[cut - 1] <= prefix[cut] - target)
        --cut;
    }
    ends.push_back(cut);
    begin = cut;
  }
  ends.push_back(count);
  return ends;
}

} // namespace shardline
