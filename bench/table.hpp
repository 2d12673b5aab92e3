#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace shardline::bench {

/// A plain-text table: the first column left-aligned, the others right-aligned,
/// each as wide as its widest cell. Optional group labels span several columns
/// (`sigma 0.2` over `mean  p95  vs (a)`). ASCII only, so widths are byte counts.
class Table {
public:
  explicit Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}

  /// Labels over the columns after the first; spans must add up to the rest.
  void set_groups(std::vector<std::pair<std::string, std::size_t>> groups) {
    groups_ = std::move(groups);
  }

  void add_row(std::vector<std::string> cells) {
    cells.resize(headers_.size());
    rows_.push_back(std::move(cells));
  }

  void print(std::FILE* out = stdout) const {
    std::vector<std::size_t> widths(headers_.size());
    for (std::size_t c = 0; c < headers_.size(); ++c) {
      widths[c] = headers_[c].size();
      for (const auto& row : rows_) {
        widths[c] = std::max(widths[c], row[c].size());
      }
    }
    widen_for_groups(widths);
    if (!groups_.empty()) {
      std::string line(widths[0], ' ');
      std::size_t column = 1;
      for (const auto& [label, span] : groups_) {
        std::size_t width = 0;
        for (std::size_t k = 0; k < span; ++k) {
          width += gap + widths[column + k];
        }
        column += span;
        const std::size_t pad = width - label.size();
        line += std::string(pad - pad / 2, ' ') + label + std::string(pad / 2, ' ');
      }
      std::fprintf(out, "%s\n", trim_right(line).c_str());
    }
    print_row(out, headers_, widths);
    std::size_t total = 0;
    for (std::size_t w : widths) {
      total += w;
    }
    std::fprintf(out, "%s\n", std::string(total + gap * (widths.size() - 1), '-').c_str());
    for (const auto& row : rows_) {
      print_row(out, row, widths);
    }
  }

private:
  static constexpr std::size_t gap = 2;

  void widen_for_groups(std::vector<std::size_t>& widths) const {
    std::size_t column = 1;
    for (const auto& [label, span] : groups_) {
      std::size_t width = 0;
      for (std::size_t k = 0; k < span; ++k) {
        width += gap + widths[column + k];
      }
      // The label needs one space before it to stay apart from the left group.
      if (label.size() + 1 > width) {
        widths[column + span - 1] += label.size() + 1 - width;
      }
      column += span;
    }
  }

  static void print_row(std::FILE* out, const std::vector<std::string>& cells,
                        const std::vector<std::size_t>& widths) {
    std::string line;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const std::string pad(widths[c] - cells[c].size(), ' ');
      if (c == 0) {
        line += cells[c] + pad;
      } else {
        line += std::string(gap, ' ') + pad + cells[c];
      }
    }
    std::fprintf(out, "%s\n", trim_right(line).c_str());
  }

  static std::string trim_right(std::string text) {
    while (!text.empty() && text.back() == ' ') {
      text.pop_back();
    }
    return text;
  }

  std::vector<std::string> headers_;
  std::vector<std::pair<std::string, std::size_t>> groups_;
  std::vector<std::vector<std::string>> rows_;
};

/// printf into a std::string, for table cells.
template <class... Args>
std::string format(const char* pattern, Args... args) {
  const int size = std::snprintf(nullptr, 0, pattern, args...);
  std::string text(static_cast<std::size_t>(size > 0 ? size : 0), '\0');
  std::snprintf(text.data(), text.size() + 1, pattern, args...);
  return text;
}

} // namespace shardline::bench
