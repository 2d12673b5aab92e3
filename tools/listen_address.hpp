#pragma once

#include "model/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace shardline::cli {

struct ListenAddress {
  std::string host;
  std::uint16_t port = 0;
};

/// `HOST:PORT`, `[IPv6]:PORT` or `:PORT` (loopback); port 0 picks a free one.
/// Errors say what is wrong with the text.
Result<ListenAddress> parse_listen_address(std::string_view text);

/// Whether only this machine can reach `host` (127.0.0.0/8, ::1, localhost).
bool is_loopback(std::string_view host);

} // namespace shardline::cli
