#include "strategies/folder_chunks.hpp"

#include "strategies/saturating.hpp"

#include <algorithm>

namespace shardline {

std::vector<std::size_t> even_cuts(std::span<const std::int64_t> weights, std::size_t count) {
  const auto units = weights.size();
  // prefix[i] = weight of units [0, i); saturation keeps it non-decreasing.
  std::vector<std::int64_t> prefix(units + 1, 0);
  for (std::size_t unit = 0; unit < units; ++unit)
    prefix[unit + 1] = saturating_add(prefix[unit], weights[unit]);
  const auto total = prefix[units];
  const auto parts = static_cast<std::int64_t>(count);

  std::vector<std::size_t> ends;
  ends.reserve(count);
  std::size_t previous = 0;
  for (std::size_t j = 1; j < count; ++j) {
    const auto jj = static_cast<std::int64_t>(j);
    // j * total / count without overflowing: the remainder term is below count².
    const auto target = total / parts * jj + total % parts * jj / parts;
    // Leave at least one unit for this run and for each run after it.
    const auto first = previous + 1;
    const auto last = units - (count - j);
    const auto at =
        std::lower_bound(prefix.begin() + static_cast<std::ptrdiff_t>(first),
                         prefix.begin() + static_cast<std::ptrdiff_t>(last + 1), target);
    auto cut = static_cast<std::size_t>(at - prefix.begin());
    if (cut > last)
      cut = last;
    else if (cut > first && target - prefix[cut - 1] <= prefix[cut] - target)
      --cut;
    ends.push_back(cut);
    previous = cut;
  }
  ends.push_back(units);
  return ends;
}

std::vector<std::size_t> cut_folder(std::span<const std::size_t> members,
                                    std::span<const TestFile> tests,
                                    std::span<const std::int64_t> estimates, std::size_t count) {
  // Files: runs of consecutive members with the same path.
  std::vector<std::size_t> file_ends;
  std::vector<std::int64_t> file_weights;
  for (std::size_t at = 0; at < members.size(); ++at) {
    const auto test = members[at];
    if (at == 0 || tests[test].path != tests[members[at - 1]].path) {
      file_ends.push_back(at);
      file_weights.push_back(0);
    }
    file_ends.back() = at + 1;
    file_weights.back() = saturating_add(file_weights.back(), estimates[test]);
  }
  if (file_ends.size() >= count) {
    auto ends = even_cuts(file_weights, count);
    for (auto& end : ends)
      end = file_ends[end - 1];
    return ends;
  }
  std::vector<std::int64_t> test_weights;
  test_weights.reserve(members.size());
  for (const auto test : members)
    test_weights.push_back(estimates[test]);
  return even_cuts(test_weights, count);
}

} // namespace shardline
