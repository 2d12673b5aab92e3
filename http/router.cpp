#include "http/router.hpp"

#include "http/url.hpp"

#include <algorithm>
#include <stdexcept>

namespace shardline::http {

void Router::add(std::string method, std::string pattern, std::string route_name, Handler handler,
                 bool needs_token) {
  if (method.empty())
    throw std::invalid_argument("route " + route_name + ": empty method");
  if (!handler)
    throw std::invalid_argument("route " + route_name + ": no handler");
  auto segments = parse_pattern(pattern);
  for (const auto& route : routes_)
    if (route.info.method == method && same_shape(route.segments, segments))
      throw std::invalid_argument("route " + route_name + ": " + method + " " + pattern +
                                  " is already routed as " + route.info.name);
  routes_.push_back({{std::move(method), std::move(pattern), std::move(route_name), needs_token},
                     std::move(segments),
                     std::move(handler)});
}

RouteMatch Router::match(std::string_view method, std::string_view raw_path) const {
  auto raw_segments = path_segments(raw_path);
  std::vector<std::optional<std::string>> decoded;
  decoded.reserve(raw_segments.size());
  for (auto segment : raw_segments)
    decoded.push_back(percent_decode(segment));

  // The most specific pattern matching the path names the resource; every
  // route of that shape is one of its methods.
  const std::vector<Segment>* resource = nullptr;
  for (const auto& route : routes_) {
    if (!capture(route, raw_path, raw_segments, decoded))
      continue;
    if (resource == nullptr || more_specific(route.segments, *resource))
      resource = &route.segments;
  }
  RouteMatch result;
  if (resource == nullptr)
    return result;
  for (const auto& route : routes_) {
    if (!same_shape(route.segments, *resource))
      continue;
    if (route.info.method == method) {
      result.outcome = RouteOutcome::found;
      result.handler = &route.handler;
      result.params = *capture(route, raw_path, raw_segments, decoded);
      result.route_name = route.info.name;
      result.needs_token = route.info.needs_token;
      result.allowed.clear();
      return result;
    }
    result.allowed.push_back(route.info.method);
  }
  std::sort(result.allowed.begin(), result.allowed.end());
  result.allowed.erase(std::unique(result.allowed.begin(), result.allowed.end()),
                       result.allowed.end());
  result.outcome = RouteOutcome::method_not_allowed;
  return result;
}

std::vector<RouteInfo> Router::routes() const {
  std::vector<RouteInfo> infos;
  infos.reserve(routes_.size());
  for (const auto& route : routes_)
    infos.push_back(route.info);
  return infos;
}

std::string Router::allow_header(const std::vector<std::string>& methods) {
  std::string header;
  for (const auto& method : methods) {
    if (!header.empty())
      header += ", ";
    header += method;
  }
  return header;
}

std::vector<Router::Segment> Router::parse_pattern(std::string_view pattern) {
  auto fail = [&](const std::string& why) {
    throw std::invalid_argument("route pattern \"" + std::string(pattern) + "\": " + why);
  };
  if (pattern.empty() || pattern.front() != '/')
    fail("must start with /");
  std::vector<Segment> segments;
  for (auto text : path_segments(pattern)) {
    if (!segments.empty() && segments.back().kind == SegmentKind::tail)
      fail("* must be the last segment");
    if (text.empty())
      fail("empty segment");
    if (text == "*")
      segments.push_back({SegmentKind::tail, "*"});
    else if (text.front() == ':' && text.size() > 1)
      segments.push_back({SegmentKind::parameter, std::string(text.substr(1))});
    else if (text.find_first_of(":*%") != std::string_view::npos)
      fail("segment \"" + std::string(text) + "\" is neither a literal, :name nor *");
    else
      segments.push_back({SegmentKind::literal, std::string(text)});
  }
  return segments;
}

bool Router::same_shape(const std::vector<Segment>& a, const std::vector<Segment>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const Segment& x, const Segment& y) {
    return x.kind == y.kind && (x.kind != SegmentKind::literal || x.text == y.text);
  });
}

bool Router::more_specific(const std::vector<Segment>& a, const std::vector<Segment>& b) {
  // Kinds are declared from most to least specific: compare them in order.
  return std::lexicographical_compare(
      a.begin(), a.end(), b.begin(), b.end(),
      [](const Segment& x, const Segment& y) { return x.kind < y.kind; });
}

std::optional<Params> Router::capture(const Route& route, std::string_view raw_path,
                                      const std::vector<std::string_view>& raw_segments,
                                      const std::vector<std::optional<std::string>>& decoded) {
  const auto& segments = route.segments;
  bool has_tail = !segments.empty() && segments.back().kind == SegmentKind::tail;
  std::size_t fixed = has_tail ? segments.size() - 1 : segments.size();
  if (has_tail ? raw_segments.size() <= fixed : raw_segments.size() != fixed)
    return std::nullopt;
  Params params;
  for (std::size_t i = 0; i < fixed; ++i) {
    if (!decoded[i] || decoded[i]->empty())
      return std::nullopt;
    if (segments[i].kind == SegmentKind::literal && *decoded[i] != segments[i].text)
      return std::nullopt;
    if (segments[i].kind == SegmentKind::parameter)
      params.emplace_back(segments[i].text, *decoded[i]);
  }
  if (has_tail) {
    // The tail stays percent-encoded so a handler can tell "/" from "%2F".
    auto offset = static_cast<std::size_t>(raw_segments[fixed].data() - raw_path.data());
    auto tail = raw_path.substr(offset);
    if (tail.empty())
      return std::nullopt;
    params.emplace_back("*", std::string(tail));
  }
  return params;
}

} // namespace shardline::http
