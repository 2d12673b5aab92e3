#pragma once

// Which web sites may talk to the server. A page in the user's browser can
// send requests to a server on the user's machine: a "simple" cross-site POST
// needs no CORS preflight, and a name the attacker controls can be rebound to
// 127.0.0.1 (DNS rebinding), after which the page reads the answers too. Two
// headers tell such requests apart, and the browser sets both itself:
//
// - Host must name this server: the address it listens on, a loopback name
//   (localhost, 127.0.0.1, [::1]; any port, since only a name can be rebound
//   and a page of another port is told by its Origin), or a name given with
//   --allowed-host. A rebound name is none of these.
// - Origin, when present (browsers send it on every cross-origin request and
//   on every POST), must be the server's own (the page it served itself) or
//   one given with --allowed-origin, which is also answered with CORS headers
//   and preflight.
//
// Clients that are not browsers (curl, agents) send the right Host and no
// Origin. A plain class: the connection asks it, the tests call it directly.

#include "http/exchange.hpp"
#include "model/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shardline::http {

class SitePolicy {
public:
  /// `listen_host` as the server was told (an IP address or a name; a
  /// wildcard 0.0.0.0 or :: accepts any IP address as Host), `port` the one
  /// it bound. Entries must have passed allowed_host() / allowed_origin().
  SitePolicy(std::string listen_host, std::uint16_t port, std::vector<std::string> allowed_hosts,
             std::vector<std::string> allowed_origins);

  /// An --allowed-host value, normalised (lower case): `name` (any port) or
  /// `name:port`; an error saying what is wrong otherwise.
  static Result<std::string> allowed_host(std::string_view text);
  /// An --allowed-origin value, normalised: `http[s]://name[:port]`, no path.
  static Result<std::string> allowed_origin(std::string_view text);

  /// nullopt when a request with this Host header may go on; else the 403
  /// `forbidden_host` answer. A missing Host is refused too.
  std::optional<Response> check_host(std::optional<std::string_view> host) const;

  /// nullopt when a request with this Origin (and that accepted Host) may go
  /// on; else the 403 `forbidden_origin` answer. No Origin: not a web page's
  /// cross-origin request.
  std::optional<Response> check_origin(std::optional<std::string_view> origin,
                                       std::string_view host) const;

  /// Whether `origin` was given with --allowed-origin: its answers carry
  /// Access-Control-Allow-Origin, and its preflights are answered.
  bool cors_origin(std::string_view origin) const;

  /// The headers an answer to an allowed cross-origin request carries.
  static std::vector<std::pair<std::string, std::string>> cors_headers(std::string_view origin);

  /// The answer to an OPTIONS preflight from `origin` asking for `method` on a
  /// path that answers `path_methods` (empty: no such path): 204 with the CORS
  /// headers, 403 for an origin not allowed, 404 or 405 otherwise.
  Response preflight(std::optional<std::string_view> origin, std::optional<std::string_view> method,
                     const std::vector<std::string>& path_methods) const;

  /// The hosts accepted without --allowed-host, for messages: "127.0.0.1:8080, ...".
  std::string own_hosts() const;

private:
  struct HostName {
    std::string name; // lower case; IPv6 in brackets
    std::optional<std::uint16_t> port;
  };
  static std::optional<HostName> parse_host(std::string_view text);
  bool host_accepted(const HostName& host) const;

  std::string listen_host_; // lower case; IPv6 in brackets
  std::uint16_t port_;
  bool wildcard_;
  std::vector<HostName> allowed_hosts_;
  std::vector<std::string> allowed_origins_;
};

} // namespace shardline::http
