#include "http/connection.hpp"

#include "http/url.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cctype>

namespace shardline::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

namespace {

// A refused request may still be arriving: read and drop it for this long at
// most, and this much at most, before closing.
constexpr std::chrono::milliseconds linger_time{1000};
constexpr std::size_t linger_bytes = 1024 * 1024;

std::string lower(std::string_view text) {
  std::string lowered(text);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lowered;
}

bool is_http_error(const beast::error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category();
}

/// Answers through the connection's strand, whichever thread calls.
class ConnectionResponder final : public Responder {
public:
  explicit ConnectionResponder(std::shared_ptr<Connection> connection)
      : connection_(std::move(connection)) {}

  ~ConnectionResponder() override {
    if (!answered_.exchange(true)) {
      spdlog::warn("http: a handler dropped its responder without answering");
      connection_->post_response(
          error_response(500, "internal", "the server dropped this request without answering"));
    }
  }

  void reply(Response response) override {
    if (answered_.exchange(true)) {
      spdlog::warn("http: a second answer to one request was ignored");
      return;
    }
    connection_->post_response(std::move(response));
  }

  std::shared_ptr<EventStream> stream() override {
    if (answered_.exchange(true)) {
      spdlog::warn("http: an event stream for an answered request was refused");
      auto closed = std::make_shared<SseStream>(1, 1, [] {});
      closed->end();
      return closed;
    }
    return connection_->open_stream();
  }

  /// The handler threw: answer 500 unless it answered already.
  void fail() {
    if (!answered_.exchange(true))
      connection_->post_response(error_response(500, "internal", "the request's handler failed"));
  }

private:
  std::shared_ptr<Connection> connection_;
  std::atomic<bool> answered_ = false;
};

} // namespace

Connection::Connection(tcp::socket socket, std::shared_ptr<Server::State> state)
    : state_(std::move(state)), stream_(std::move(socket)),
      keep_alive_timer_(stream_.get_executor()) {}

Connection::~Connection() {
  if (events_)
    events_->end();
  state_->withdraw(this);
}

void Connection::run() {
  beast::error_code ec;
  auto peer = stream_.socket().remote_endpoint(ec);
  client_ = ec ? std::string("unknown") : peer.address().to_string();
  admission_ = state_->enroll(this, weak_from_this(), client_);
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
    // Enrolled before this check: Server::stop() either sees this connection
    // or this sees the server stopping.
    if (self->state_->stopping)
      return self->close();
    self->started_ = clock::now();
    if (self->admission_ == ConnectionTable::Admission::refused) {
      // Not a byte read or written: a flood of these costs an accept each.
      self->warn_refusal("http: connection from " + self->client_ +
                         " closed: over the connection caps and the reserve is full");
      return self->close();
    }
    self->read_request();
  });
}

void Connection::shut() {
  net::post(stream_.get_executor(), [self = shared_from_this()] { self->close(); });
}

void Connection::post_response(Response response) {
  post([self = shared_from_this(), response = std::move(response)]() mutable {
    self->send(std::move(response));
  });
}

// -- reading a request -----------------------------------------------------------

void Connection::read_request() {
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(state_->settings.header_limit));
  parser_->body_limit(state_->settings.body_limit);
  route_ = RequestCounter::unmatched;
  cors_origin_.clear();
  started_ = {};
  state_->waiting(this);
  // One deadline for the whole request, headers and body; a connection in
  // the reserve has the header timeout only.
  const auto& settings = state_->settings;
  read_deadline_ = clock::now() + (admission_ == ConnectionTable::Admission::reserve
                                       ? std::min(settings.read_timeout, settings.header_timeout)
                                       : settings.read_timeout);
  stream_.expires_at(read_deadline_);
  bhttp::async_read_header(stream_, buffer_, *parser_,
                           beast::bind_front_handler(&Connection::on_header, shared_from_this()));
}

void Connection::on_header(beast::error_code ec, std::size_t) {
  started_ = clock::now();
  const auto& header = parser_->get();
  method_ = std::string(header.method_string());
  path_ = std::string(split_target(header.target()).path);
  if (ec)
    return on_read_error(ec);
  version_ = header.version();
  keep_alive_ = header.keep_alive() && admission_ == ConnectionTable::Admission::admitted;
  if (auto refusal = screen())
    return refuse(std::move(*refusal));
  if (parser_->is_done())
    return dispatch();
  if (beast::iequals(header[bhttp::field::expect], "100-continue")) {
    // The client waits for this before sending the body (the limits passed).
    static constexpr std::string_view go_on = "HTTP/1.1 100 Continue\r\n\r\n";
    return net::async_write(stream_, net::buffer(go_on),
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec)
                                return self->close();
                              self->read_body();
                            });
  }
  read_body();
}

void Connection::read_body() {
  stream_.expires_at(read_deadline_);
  bhttp::async_read(stream_, buffer_, *parser_,
                    beast::bind_front_handler(&Connection::on_body, shared_from_this()));
}

void Connection::on_body(beast::error_code ec, std::size_t) {
  if (ec)
    return on_read_error(ec);
  dispatch();
}

void Connection::on_read_error(beast::error_code ec) {
  if (started_ == clock::time_point{})
    started_ = clock::now();
  const auto& settings = state_->settings;
  if (ec == bhttp::error::header_limit) {
    warn_refusal("http: request headers over " + std::to_string(settings.header_limit) +
                 " bytes refused");
    return refuse(error_response(431, "request_header_fields_too_large",
                                 "the request's headers are larger than " +
                                     std::to_string(settings.header_limit) + " bytes"));
  }
  if (ec == bhttp::error::body_limit) {
    warn_refusal("http: " + method_ + " " + path_ + ": body over " +
                 std::to_string(settings.body_limit) + " bytes refused");
    return refuse(error_response(413, "payload_too_large",
                                 "the request's body is larger than " +
                                     std::to_string(settings.body_limit) + " bytes"));
  }
  if (is_http_error(ec) && ec != bhttp::error::end_of_stream &&
      ec != bhttp::error::partial_message) {
    warn_refusal("http: malformed request refused: " + ec.message());
    return refuse(error_response(400, "bad_request", "malformed HTTP request: " + ec.message()));
  }
  // The client left, went quiet past the read timeout, or the server is stopping.
  spdlog::debug("http: connection closed while reading: {}", ec.message());
  close();
}

std::optional<Response> Connection::screen() {
  const auto& settings = state_->settings;
  const auto& header = parser_->get();
  auto listed = [&](const std::vector<std::string>& paths) {
    return std::find(paths.begin(), paths.end(), path_) != paths.end();
  };
  if (admission_ == ConnectionTable::Admission::reserve && !listed(settings.priority_paths)) {
    state_->counters->refused_over_caps();
    warn_refusal("http: " + method_ + " " + path_ + " from " + client_ +
                 " refused: the server has too many open connections");
    return error_response(503, "unavailable",
                          "the server has too many open connections; try again shortly");
  }
  if (listed(settings.any_site_paths))
    return std::nullopt;
  auto field = [&](bhttp::field name) -> std::optional<std::string_view> {
    auto found = header.find(name);
    if (found == header.end())
      return std::nullopt;
    return std::string_view(found->value().data(), found->value().size());
  };
  auto host = field(bhttp::field::host);
  if (auto refusal = state_->site->check_host(host)) {
    warn_refusal("http: " + method_ + " " + path_ + " refused: Host " +
                 std::string(host.value_or("(none)")));
    return refusal;
  }
  auto origin = field(bhttp::field::origin);
  if (header.method() == bhttp::verb::options && origin)
    return std::nullopt; // a preflight: answered by dispatch()
  if (auto refusal = state_->site->check_origin(origin, *host)) {
    warn_refusal("http: " + method_ + " " + path_ + " refused: Origin " + std::string(*origin));
    return refusal;
  }
  if (origin && state_->site->cors_origin(*origin))
    cors_origin_ = std::string(*origin);
  return std::nullopt;
}

void Connection::dispatch() {
  state_->working(this);
  auto message = parser_->release();
  parser_.reset();
  auto target = split_target(message.target());
  auto path = percent_decode(target.path);
  auto query = parse_query(target.query);
  if (target.path.empty() || target.path.front() != '/' || !path || !query)
    return send(error_response(400, "bad_request",
                               "the request target must be an absolute path with well-formed "
                               "percent-escapes"));

  Request request;
  request.method = method_;
  request.raw_path = std::string(target.path);
  request.path = std::move(*path);
  request.query = std::move(*query);
  for (const auto& field : message)
    request.headers.emplace_back(lower(field.name_string()), std::string(field.value()));
  request.body = std::move(message.body());

  auto match = state_->router.match(request.method, request.raw_path);
  auto origin = request.header("origin");
  if (request.method == "OPTIONS" && origin && match.outcome != RouteOutcome::found)
    return send(state_->site->preflight(origin, request.header("access-control-request-method"),
                                        match.allowed));
  switch (match.outcome) {
  case RouteOutcome::not_found:
    return send(error_response(404, "not_found", "no route for " + method_ + " " + path_));
  case RouteOutcome::method_not_allowed: {
    auto response = error_response(405, "method_not_allowed",
                                   "the route " + path_ + " answers " +
                                       Router::allow_header(match.allowed) + ", not " + method_);
    response.headers.emplace_back("Allow", Router::allow_header(match.allowed));
    return send(std::move(response));
  }
  case RouteOutcome::found:
    break;
  }
  route_ = match.route_name;
  if (match.needs_token && state_->token) {
    auto authorization = request.header("authorization");
    if (!state_->token->accepts(authorization))
      return send(BearerToken::unauthorized(authorization));
  }
  call_handler(*match.handler, request, match.params);
}

void Connection::call_handler(const Handler& handler, const Request& request,
                              const Params& params) {
  auto responder = std::make_shared<ConnectionResponder>(shared_from_this());
  try {
    handler(request, params, responder);
  } catch (const std::exception& error) {
    spdlog::warn("http: {} {} [{}]: the handler threw: {}", method_, path_, route_, error.what());
    responder->fail();
  } catch (...) {
    spdlog::warn("http: {} {} [{}]: the handler threw", method_, path_, route_);
    responder->fail();
  }
}

// -- answering ---------------------------------------------------------------------

void Connection::send(Response response) {
  if (closed_ || response_ || file_response_ || events_)
    return;
  if (response.file)
    return send_file(std::move(response));
  auto& message = response_.emplace();
  message.version(version_);
  message.result(static_cast<unsigned>(response.status));
  message.set(bhttp::field::server, "shardline");
  message.set(bhttp::field::content_type, response.content_type);
  for (auto& [name, value] : response.headers)
    message.insert(name, value);
  if (!cors_origin_.empty())
    for (auto& [name, value] : SitePolicy::cors_headers(cors_origin_))
      message.insert(name, value);
  message.body() = std::move(response.body);
  bool keep_alive = keep_alive_ && !state_->stopping;
  message.keep_alive(keep_alive);
  message.prepare_payload();
  state_->requests->count(route_, response.status);
  log_answer(response.status);
  stream_.expires_after(state_->settings.write_timeout);
  bhttp::async_write(
      stream_, message,
      beast::bind_front_handler(&Connection::on_write, shared_from_this(), keep_alive));
}

void Connection::send_file(Response response) {
  beast::file file;
  file.native_handle(response.file->take());
  auto& message = file_response_.emplace();
  beast::error_code ec;
  message.body().reset(std::move(file), ec);
  if (ec) {
    file_response_.reset();
    return send(error_response(500, "internal", "the file could not be read"));
  }
  message.version(version_);
  message.result(static_cast<unsigned>(response.status));
  message.set(bhttp::field::server, "shardline");
  message.set(bhttp::field::content_type, response.content_type);
  for (auto& [name, value] : response.headers)
    message.insert(name, value);
  if (!cors_origin_.empty())
    for (auto& [name, value] : SitePolicy::cors_headers(cors_origin_))
      message.insert(name, value);
  bool keep_alive = keep_alive_ && !state_->stopping;
  message.keep_alive(keep_alive);
  message.prepare_payload();
  state_->requests->count(route_, response.status);
  log_answer(response.status);
  file_serializer_.emplace(message);
  write_file_chunk(keep_alive);
}

void Connection::write_file_chunk(bool keep_alive) {
  stream_.expires_after(state_->settings.write_timeout);
  bhttp::async_write_some(
      stream_, *file_serializer_,
      beast::bind_front_handler(&Connection::on_file_chunk, shared_from_this(), keep_alive));
}

void Connection::on_file_chunk(bool keep_alive, beast::error_code ec, std::size_t bytes) {
  if (!ec && !file_serializer_->is_done())
    return write_file_chunk(keep_alive);
  file_serializer_.reset();
  on_write(keep_alive, ec, bytes);
}

void Connection::refuse(Response response) {
  keep_alive_ = false;
  send(std::move(response));
}

void Connection::on_write(bool keep_alive, beast::error_code ec, std::size_t) {
  response_.reset();
  file_response_.reset();
  if (ec) {
    spdlog::debug("http: writing the answer failed: {}", ec.message());
    return close();
  }
  if (!keep_alive)
    return linger();
  read_request();
}

void Connection::linger() {
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream_.expires_after(std::min<clock::duration>(state_->settings.read_timeout, linger_time));
  stream_.async_read_some(net::buffer(discard_),
                          beast::bind_front_handler(&Connection::on_linger, shared_from_this()));
}

void Connection::on_linger(beast::error_code ec, std::size_t bytes) {
  lingered_ += bytes;
  if (ec || lingered_ > linger_bytes)
    return close();
  stream_.async_read_some(net::buffer(discard_),
                          beast::bind_front_handler(&Connection::on_linger, shared_from_this()));
}

void Connection::close() {
  if (closed_)
    return;
  closed_ = true;
  keep_alive_timer_.cancel();
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream_.close();
  if (events_)
    events_->end();
}

void Connection::warn_refusal(std::string_view what) const {
  if (auto held = state_->refusals_log.admit(clock::now()))
    spdlog::warn("{}{}", what, LogThrottle::held_back(*held));
}

void Connection::log_answer(int status) const {
  auto elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - started_).count();
  if (status >= 500) {
    if (auto held = state_->errors_log.admit(clock::now()))
      spdlog::warn("http {} {} -> {} [{}] {} ms{}", method_, path_, status, route_, elapsed,
                   LogThrottle::held_back(*held));
  } else
    spdlog::debug("http {} {} -> {} [{}] {} ms", method_, path_, status, route_, elapsed);
}

} // namespace shardline::http
