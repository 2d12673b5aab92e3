#pragma once

// The table of routes: which handler answers a method and path, and what the
// pattern captured. One table for the whole API, so an OpenAPI test can walk it.
//
// A pattern is a sequence of segments: a literal (`status`), a parameter
// (`:sessionId`, one non-empty segment) or, last, `*` (the rest of the path,
// one or more segments). When several patterns match a path, the most
// specific wins segment by segment: a literal before a parameter before `*`.
// That pattern names the resource; the method then picks among its routes,
// and a method it lacks answers 405 with the methods it has.

#include "http/exchange.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shardline::http {

/// A route as written in the table.
struct RouteInfo {
  std::string method;
  std::string pattern;
  std::string name;
  bool needs_token = true;
};

enum class RouteOutcome { found, not_found, method_not_allowed };

struct RouteMatch {
  RouteOutcome outcome = RouteOutcome::not_found;
  const Handler* handler = nullptr; // found: the route's handler, owned by the router
  Params params;                    // found: parameters percent-decoded, `*` as sent
  std::string route_name;           // found: the route's name
  bool needs_token = true;          // found: whether the route wants the token
  std::vector<std::string> allowed; // method_not_allowed: the path's methods, sorted
};

class Router {
public:
  /// Adds a route; throws std::invalid_argument for a malformed pattern or a
  /// (method, pattern) already in the table.
  void add(std::string method, std::string pattern, std::string route_name, Handler handler,
           bool needs_token = true);

  /// Which route answers `method` on `raw_path` (percent-encoded, without the query).
  RouteMatch match(std::string_view method, std::string_view raw_path) const;

  /// Every route, in the order added.
  std::vector<RouteInfo> routes() const;

  /// The `Allow` header value for a 405: "GET, POST".
  static std::string allow_header(const std::vector<std::string>& methods);

private:
  enum class SegmentKind { literal, parameter, tail };
  struct Segment {
    SegmentKind kind;
    std::string text; // the literal, or the parameter's name
  };
  struct Route {
    RouteInfo info;
    std::vector<Segment> segments;
    Handler handler;
  };

  static std::vector<Segment> parse_pattern(std::string_view pattern);
  static bool same_shape(const std::vector<Segment>& a, const std::vector<Segment>& b);
  static bool more_specific(const std::vector<Segment>& a, const std::vector<Segment>& b);
  static std::optional<Params> capture(const Route& route, std::string_view raw_path,
                                       const std::vector<std::string_view>& raw_segments,
                                       const std::vector<std::optional<std::string>>& decoded);

  std::vector<Route> routes_;
};

} // namespace shardline::http
