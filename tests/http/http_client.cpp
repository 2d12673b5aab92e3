#include "tests/http/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <limits>
#include <stdexcept>

namespace shardline::test_support {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using clock = std::chrono::steady_clock;

namespace {

std::string lower(std::string_view text) {
  std::string lowered(text);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lowered;
}

HttpResponse to_response(const bhttp::response<bhttp::string_body>& message) {
  HttpResponse response;
  response.status = static_cast<int>(message.result_int());
  for (const auto& field : message)
    response.headers.emplace_back(lower(field.name_string()), std::string(field.value()));
  response.body = message.body();
  return response;
}

bool is_disconnect(const beast::error_code& ec) {
  return ec == net::error::eof || ec == net::error::connection_reset ||
         ec == net::error::broken_pipe || ec == bhttp::error::end_of_stream ||
         ec == bhttp::error::partial_message;
}

/// A socket whose operations each wait at most a timeout: an asynchronous
/// operation run on a private io_context, cancelled when time is up.
struct Wire {
  net::io_context io_context;
  tcp::socket socket{io_context};
  beast::flat_buffer buffer;

  void connect(std::uint16_t port) {
    socket = tcp::socket(io_context);
    buffer.clear();
    socket.connect({net::ip::make_address("127.0.0.1"), port});
    socket.set_option(tcp::no_delay(true));
  }

  template <class Start>
  beast::error_code await(clock::duration timeout, Start start, std::size_t* bytes = nullptr) {
    std::optional<beast::error_code> result;
    start([&](beast::error_code ec, std::size_t n) {
      result = ec;
      if (bytes)
        *bytes = n;
    });
    io_context.restart();
    io_context.run_for(std::max<clock::duration>(timeout, clock::duration::zero()));
    if (!result) {
      beast::error_code ignored;
      socket.cancel(ignored);
      io_context.restart();
      io_context.run();
      return net::error::timed_out;
    }
    return *result;
  }

  beast::error_code write(std::string_view bytes, clock::duration timeout) {
    return await(timeout, [&](auto handler) {
      net::async_write(socket, net::buffer(bytes.data(), bytes.size()), handler);
    });
  }

  /// Reads until the peer closes or the deadline; whether it closed.
  bool wait_closed(clock::time_point deadline) {
    std::array<char, 4096> scratch;
    buffer.clear();
    while (true) {
      auto ec = await(deadline - clock::now(),
                      [&](auto handler) { socket.async_read_some(net::buffer(scratch), handler); });
      if (ec == net::error::timed_out)
        return false;
      if (ec)
        return true;
    }
  }

  void close() {
    beast::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
  }
};

} // namespace

std::optional<std::string> HttpResponse::header(std::string_view name) const {
  auto wanted = lower(name);
  for (const auto& [key, value] : headers)
    if (key == wanted)
      return value;
  return std::nullopt;
}

nlohmann::json HttpResponse::json() const {
  return nlohmann::json::parse(body);
}

// -- HttpClient -------------------------------------------------------------------------

struct HttpClient::Impl {
  std::uint16_t port;
  std::chrono::milliseconds timeout;
  Wire wire;
  bool connected = false;
  int opened = 0;

  std::optional<HttpResponse> attempt(const bhttp::request<bhttp::string_body>& request,
                                      beast::error_code& ec) {
    if (!connected) {
      wire.connect(port);
      connected = true;
      ++opened;
    }
    ec = wire.await(timeout,
                    [&](auto handler) { bhttp::async_write(wire.socket, request, handler); });
    if (ec)
      return std::nullopt;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    ec = wire.await(timeout, [&](auto handler) {
      bhttp::async_read(wire.socket, wire.buffer, parser, handler);
    });
    if (ec)
      return std::nullopt;
    auto response = parser.release();
    if (!response.keep_alive()) {
      wire.close();
      connected = false;
    }
    return to_response(response);
  }
};

HttpClient::HttpClient(std::uint16_t port, std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>()) {
  impl_->port = port;
  impl_->timeout = timeout;
}

HttpClient::~HttpClient() = default;

HttpResponse HttpClient::request(std::string_view method, std::string_view target, std::string body,
                                 const HeaderList& headers) {
  bhttp::request<bhttp::string_body> request;
  request.method_string(method);
  request.target(target);
  request.version(11);
  request.set(bhttp::field::host, "127.0.0.1:" + std::to_string(impl_->port));
  for (const auto& [name, value] : headers)
    if (beast::iequals(name, "host"))
      request.set(bhttp::field::host, value); // a test playing another site
    else
      request.insert(name, value);
  request.body() = std::move(body);
  request.prepare_payload();

  bool reused = impl_->connected;
  beast::error_code ec;
  auto response = impl_->attempt(request, ec);
  if (!response && reused && is_disconnect(ec)) {
    // The server closed the kept-alive connection meanwhile: once more on a new one.
    impl_->wire.close();
    impl_->connected = false;
    response = impl_->attempt(request, ec);
  }
  if (!response) {
    impl_->wire.close();
    impl_->connected = false;
    throw std::runtime_error("HttpClient: " + std::string(method) + " " + std::string(target) +
                             ": " + ec.message());
  }
  return std::move(*response);
}

int HttpClient::connections_opened() const {
  return impl_->opened;
}

// -- RawConnection ----------------------------------------------------------------------

struct RawConnection::Impl {
  Wire wire;
};

RawConnection::RawConnection(std::uint16_t port) : impl_(std::make_unique<Impl>()) {
  impl_->wire.connect(port);
}

RawConnection::~RawConnection() = default;

bool RawConnection::send(std::string_view bytes) {
  return !impl_->wire.write(bytes, 5s);
}

std::optional<HttpResponse> RawConnection::read_response(std::chrono::milliseconds timeout) {
  bhttp::response_parser<bhttp::string_body> parser;
  auto ec = impl_->wire.await(timeout, [&](auto handler) {
    bhttp::async_read(impl_->wire.socket, impl_->wire.buffer, parser, handler);
  });
  if (ec)
    return std::nullopt;
  return to_response(parser.release());
}

bool RawConnection::wait_closed(std::chrono::milliseconds timeout) {
  return impl_->wire.wait_closed(clock::now() + timeout);
}

void RawConnection::close() {
  impl_->wire.close();
}

// -- SseReader ---------------------------------------------------------------------------

struct SseReader::Impl {
  Wire wire;
  HttpResponse response;
  std::string pending; // received, not parsed yet
  SseEvent current;
  bool has_fields = false;
  bool has_data = false;
  bool ended = false;

  /// The next complete event or comment in `pending`.
  std::optional<SseEvent> parse() {
    while (true) {
      auto end = pending.find('\n');
      if (end == std::string::npos)
        return std::nullopt;
      std::string line = pending.substr(0, end);
      pending.erase(0, end + 1);
      if (!line.empty() && line.back() == '\r')
        line.pop_back();
      if (line.empty()) {
        if (!has_fields)
          continue;
        has_fields = false;
        has_data = false;
        return std::exchange(current, SseEvent{});
      }
      auto colon = line.find(':');
      std::string value = colon == std::string::npos ? "" : line.substr(colon + 1);
      if (!value.empty() && value.front() == ' ')
        value.erase(0, 1);
      if (colon == 0)
        return SseEvent{{}, {}, value};
      std::string field = line.substr(0, colon);
      if (field == "event")
        current.name = value;
      else if (field == "data")
        current.data += (std::exchange(has_data, true) ? "\n" : "") + value;
      has_fields = true;
    }
  }
};

SseReader::SseReader(std::uint16_t port, std::string_view target, const HeaderList& headers,
                     std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>()) {
  auto& wire = impl_->wire;
  wire.connect(port);
  bhttp::request<bhttp::string_body> request{bhttp::verb::get, target, 11};
  request.set(bhttp::field::host, "127.0.0.1:" + std::to_string(port));
  request.set(bhttp::field::accept, "text/event-stream");
  for (const auto& [name, value] : headers)
    request.insert(name, value);
  auto ec =
      wire.await(timeout, [&](auto handler) { bhttp::async_write(wire.socket, request, handler); });
  bhttp::response_parser<bhttp::string_body> parser;
  if (!ec)
    ec = wire.await(timeout, [&](auto handler) {
      bhttp::async_read_header(wire.socket, wire.buffer, parser, handler);
    });
  if (ec)
    throw std::runtime_error("SseReader: GET " + std::string(target) + ": " + ec.message());
  impl_->response = to_response(parser.get());
  // What came after the headers is the start of the event stream.
  auto data = wire.buffer.data();
  impl_->pending.assign(static_cast<const char*>(data.data()), data.size());
  wire.buffer.clear();
}

SseReader::~SseReader() = default;

const HttpResponse& SseReader::response() const {
  return impl_->response;
}

std::optional<SseEvent> SseReader::next(std::chrono::milliseconds timeout) {
  auto deadline = clock::now() + timeout;
  while (true) {
    if (auto event = impl_->parse())
      return event;
    if (impl_->ended)
      return std::nullopt;
    std::array<char, 4096> chunk;
    std::size_t bytes = 0;
    auto ec = impl_->wire.await(
        deadline - clock::now(),
        [&](auto handler) { impl_->wire.socket.async_read_some(net::buffer(chunk), handler); },
        &bytes);
    if (ec == net::error::timed_out)
      return std::nullopt;
    if (ec) {
      impl_->ended = true;
      continue;
    }
    impl_->pending.append(chunk.data(), bytes);
  }
}

std::optional<SseEvent> SseReader::next_event(std::chrono::milliseconds timeout) {
  auto deadline = clock::now() + timeout;
  while (auto event =
             next(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()))) {
    if (event->comment.empty() || !event->name.empty() || !event->data.empty())
      return event;
  }
  return std::nullopt;
}

bool SseReader::wait_closed(std::chrono::milliseconds timeout) {
  return impl_->ended || impl_->wire.wait_closed(clock::now() + timeout);
}

void SseReader::close() {
  impl_->wire.close();
}

} // namespace shardline::test_support
