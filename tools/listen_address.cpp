#include "tools/listen_address.hpp"

#include <charconv>

namespace shardline::cli {

Result<ListenAddress> parse_listen_address(std::string_view text) {
  auto wrong = [&](std::string_view why) {
    std::string message = "\"";
    message.append(text).append("\": ").append(why).append(
        " (expected HOST:PORT, e.g. 127.0.0.1:8080)");
    return Error{"", std::move(message)};
  };
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos)
    return wrong("no port");
  auto host = text.substr(0, colon);
  auto port_text = text.substr(colon + 1);
  if (host.starts_with('[')) {
    if (!host.ends_with(']') || host.size() < 3)
      return wrong("an IPv6 address must be in brackets");
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    return wrong("an IPv6 address must be in brackets");
  }
  unsigned port = 0;
  auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || error != std::errc{} || end != port_text.data() + port_text.size() ||
      port > 65535)
    return wrong("the port must be a number from 0 to 65535");
  ListenAddress address;
  address.host = host.empty() ? "127.0.0.1" : std::string{host};
  address.port = static_cast<std::uint16_t>(port);
  return address;
}

bool is_loopback(std::string_view host) {
  return host == "localhost" || host == "::1" || host.starts_with("127.");
}

} // namespace shardline::cli
