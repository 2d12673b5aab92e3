#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace shardline {

/// The last `limit` bytes of a process's output. A chatty test must not grow
/// a worker's memory, and the end of the output is where a failure shows.
class OutputTail {
public:
  static constexpr std::size_t default_limit = 64 * 1024;

  explicit OutputTail(std::size_t limit = default_limit) : limit_(limit) {}

  void append(std::string_view bytes);

  /// The kept bytes. When earlier output was dropped, the text starts at the
  /// first whole UTF-8 character rather than in the middle of one.
  std::string str() const;

  /// True when output was dropped to stay within the limit.
  bool truncated() const { return total_bytes_ > kept().size(); }

  /// Everything ever appended, kept or not.
  std::uint64_t total_bytes() const { return total_bytes_; }

  std::size_t limit() const { return limit_; }

private:
  std::string_view kept() const;

  std::size_t limit_;
  // Grows to at most twice the limit, then drops all but the last `limit_`
  // bytes at once: bounded memory at an amortised constant cost per byte.
  std::string buffer_;
  std::uint64_t total_bytes_ = 0;
};

} // namespace shardline
