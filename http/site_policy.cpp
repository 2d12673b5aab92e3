#include "http/site_policy.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace shardline::http {

namespace {

std::string lower(std::string_view text) {
  std::string lowered(text);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lowered;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

bool name_character(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
}

bool ip_literal(const std::string& name) {
  unsigned char address[16];
  if (name.size() > 2 && name.front() == '[' && name.back() == ']')
    return ::inet_pton(AF_INET6, name.substr(1, name.size() - 2).c_str(), address) == 1;
  return ::inet_pton(AF_INET, name.c_str(), address) == 1;
}

std::string bracketed(std::string host) {
  host = lower(host);
  if (host.find(':') != std::string::npos && !host.starts_with('['))
    return "[" + host + "]";
  return host;
}

constexpr std::uint16_t default_http_port = 80;

} // namespace

SitePolicy::SitePolicy(std::string listen_host, std::uint16_t port,
                       std::vector<std::string> allowed_hosts,
                       std::vector<std::string> allowed_origins)
    : listen_host_(bracketed(std::move(listen_host))), port_(port),
      wildcard_(listen_host_ == "0.0.0.0" || listen_host_ == "[::]") {
  for (const auto& host : allowed_hosts)
    if (auto parsed = parse_host(host))
      allowed_hosts_.push_back(std::move(*parsed));
  for (const auto& origin : allowed_origins)
    if (auto normalised = allowed_origin(origin))
      allowed_origins_.push_back(std::move(*normalised));
}

std::optional<SitePolicy::HostName> SitePolicy::parse_host(std::string_view text) {
  text = trim(text);
  HostName host;
  std::string_view rest;
  if (text.starts_with('[')) {
    auto close = text.find(']');
    if (close == std::string_view::npos || close < 2)
      return std::nullopt;
    host.name = lower(text.substr(0, close + 1));
    if (!ip_literal(host.name))
      return std::nullopt;
    rest = text.substr(close + 1);
  } else {
    auto colon = text.find(':');
    host.name = lower(text.substr(0, colon));
    if (host.name.empty() || !std::all_of(host.name.begin(), host.name.end(), name_character))
      return std::nullopt;
    rest = colon == std::string_view::npos ? std::string_view{} : text.substr(colon);
  }
  if (rest.empty())
    return host;
  if (rest.front() != ':' || rest.size() < 2 || rest.size() > 6)
    return std::nullopt;
  unsigned port = 0;
  auto digits = rest.substr(1);
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (error != std::errc{} || end != digits.data() + digits.size() || port > 65535)
    return std::nullopt;
  host.port = static_cast<std::uint16_t>(port);
  return host;
}

Result<std::string> SitePolicy::allowed_host(std::string_view text) {
  auto host = parse_host(text);
  if (!host) {
    std::string message = "\"";
    message.append(text).append("\" is not a host name: expected NAME or NAME:PORT (letters, "
                                "digits, '-', '.'; an IPv6 address in brackets)");
    return Error{"", std::move(message)};
  }
  if (host->port)
    host->name.append(":").append(std::to_string(*host->port));
  return host->name;
}

Result<std::string> SitePolicy::allowed_origin(std::string_view text) {
  auto wrong = [&](std::string_view why) {
    std::string message = "\"";
    message.append(text)
        .append("\" is not an origin: ")
        .append(why)
        .append(" (expected http://NAME[:PORT] or https://NAME[:PORT])");
    return Error{"", std::move(message)};
  };
  auto origin = lower(trim(text));
  if (origin == "*" || origin == "null")
    return wrong("a wildcard or null origin would let every web page run commands; name each one");
  std::string_view rest = origin;
  std::string scheme;
  for (std::string_view candidate : {"http://", "https://"})
    if (rest.starts_with(candidate))
      scheme = candidate;
  if (scheme.empty())
    return wrong("it must start with http:// or https://");
  rest.remove_prefix(scheme.size());
  if (rest.ends_with('/'))
    rest.remove_suffix(1);
  if (rest.find('/') != std::string_view::npos)
    return wrong("an origin has no path");
  auto host = parse_host(rest);
  if (!host)
    return wrong("the host part is not a name");
  scheme.append(host->name);
  if (host->port)
    scheme.append(":").append(std::to_string(*host->port));
  return scheme;
}

bool SitePolicy::host_accepted(const HostName& host) const {
  // Any port: DNS rebinding needs a name the attacker controls, and a page of
  // another port is told apart by its Origin. A proxy may forward its own port.
  if (host.name == "localhost" || host.name == "127.0.0.1" || host.name == "[::1]" ||
      host.name == listen_host_)
    return true;
  // Only a name can be rebound to this machine; an address is what it says.
  if (wildcard_ && ip_literal(host.name))
    return true;
  auto port = host.port.value_or(default_http_port);
  return std::any_of(allowed_hosts_.begin(), allowed_hosts_.end(), [&](const HostName& allowed) {
    return allowed.name == host.name && (!allowed.port || *allowed.port == port);
  });
}

std::string SitePolicy::own_hosts() const {
  auto port = std::to_string(port_);
  std::string hosts;
  if (listen_host_ != "127.0.0.1" && listen_host_ != "localhost" && listen_host_ != "[::1]")
    hosts.append(wildcard_ ? "any IP address of this machine" : listen_host_)
        .append(":")
        .append(port)
        .append(", ");
  for (std::string_view name : {"127.0.0.1", "localhost", "[::1]"})
    hosts.append(name).append(":").append(port).append(name == "[::1]" ? "" : ", ");
  return hosts;
}

std::optional<Response> SitePolicy::check_host(std::optional<std::string_view> host) const {
  auto accepted_text =
      "this server answers to " + own_hosts() + " and to the names given with --allowed-host";
  if (!host)
    return error_response(403, "forbidden_host",
                          "the request has no Host header; " + accepted_text);
  auto parsed = parse_host(*host);
  if (parsed && host_accepted(*parsed))
    return std::nullopt;
  return error_response(403, "forbidden_host",
                        "the Host header \"" + std::string(*host) +
                            "\" does not name this server; " + accepted_text);
}

std::optional<Response> SitePolicy::check_origin(std::optional<std::string_view> origin,
                                                 std::string_view host) const {
  if (!origin)
    return std::nullopt;
  auto sent = lower(trim(*origin));
  auto own = lower(trim(host));
  if (sent == "http://" + own || sent == "https://" + own || cors_origin(sent))
    return std::nullopt;
  return error_response(403, "forbidden_origin",
                        "requests from web pages of " + std::string(*origin) +
                            " are refused: this server accepts its own pages and the origins "
                            "given with --allowed-origin");
}

bool SitePolicy::cors_origin(std::string_view origin) const {
  auto sent = lower(trim(origin));
  return std::find(allowed_origins_.begin(), allowed_origins_.end(), sent) !=
         allowed_origins_.end();
}

std::vector<std::pair<std::string, std::string>> SitePolicy::cors_headers(std::string_view origin) {
  return {{"Access-Control-Allow-Origin", std::string(trim(origin))}, {"Vary", "Origin"}};
}

Response SitePolicy::preflight(std::optional<std::string_view> origin,
                               std::optional<std::string_view> method,
                               const std::vector<std::string>& path_methods) const {
  if (!origin || !cors_origin(*origin))
    return error_response(403, "forbidden_origin",
                          "a preflight from " +
                              (origin ? std::string(*origin) : std::string("no origin")) +
                              " is refused: only origins given with --allowed-origin are answered");
  if (path_methods.empty())
    return error_response(404, "not_found", "no route for this path");
  std::string allowed;
  for (const auto& name : path_methods)
    allowed += (allowed.empty() ? "" : ", ") + name;
  if (!method || std::find(path_methods.begin(), path_methods.end(), *method) == path_methods.end())
    return error_response(405, "method_not_allowed",
                          "the preflight asks for " +
                              (method ? std::string(*method) : std::string("no method")) +
                              "; this path answers " + allowed);
  Response response;
  response.status = 204;
  response.headers = cors_headers(*origin);
  response.headers.emplace_back("Access-Control-Allow-Methods", allowed);
  response.headers.emplace_back("Access-Control-Allow-Headers",
                                "Authorization, Content-Type, Last-Event-ID");
  response.headers.emplace_back("Access-Control-Max-Age", "600");
  return response;
}

} // namespace shardline::http
