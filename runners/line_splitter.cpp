#include "runners/line_splitter.hpp"

namespace shardline {

void LineSplitter::append(std::string_view bytes, const Sink& sink) {
  while (!bytes.empty()) {
    auto newline = bytes.find('\n');
    auto piece = bytes.substr(0, newline);
    if (!dropping_ && partial_.size() + piece.size() > limit_) {
      dropping_ = true;
      ++dropped_lines_;
      partial_.clear();
      partial_.shrink_to_fit();
    }
    if (!dropping_)
      partial_.append(piece);
    if (newline == std::string_view::npos)
      return;
    if (!dropping_)
      sink(partial_);
    partial_.clear();
    dropping_ = false;
    bytes.remove_prefix(newline + 1);
  }
}

void LineSplitter::finish(const Sink& sink) {
  if (!dropping_ && !partial_.empty())
    sink(partial_);
  partial_.clear();
  dropping_ = false;
}

} // namespace shardline
