#pragma once

// A small synchronous HTTP/1.1 client for tests over real sockets, with a
// timeout on every wait: one request at a time on a kept-alive connection
// (HttpClient), arbitrary bytes (RawConnection), and a server-sent-event
// reader (SseReader). No Beast in this header.

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shardline::test_support {

using HeaderList = std::vector<std::pair<std::string, std::string>>;
using namespace std::chrono_literals;

struct HttpResponse {
  int status = 0;
  HeaderList headers; // names lower-cased
  std::string body;

  std::optional<std::string> header(std::string_view name) const;
  nlohmann::json json() const; // the body parsed (throws when it is not JSON)
};

/// One connection to 127.0.0.1:port, opened on the first request and kept
/// alive; opened again when the server closed it. Throws std::runtime_error
/// when an answer does not arrive within the timeout.
class HttpClient {
public:
  explicit HttpClient(std::uint16_t port, std::chrono::milliseconds timeout = 5s);
  ~HttpClient();

  HttpResponse request(std::string_view method, std::string_view target, std::string body = {},
                       const HeaderList& headers = {});

  /// How many TCP connections the client opened so far.
  int connections_opened() const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// A connection that sends exactly the bytes it is given.
class RawConnection {
public:
  explicit RawConnection(std::uint16_t port);
  ~RawConnection();

  /// False when the server has closed or reset the connection.
  bool send(std::string_view bytes);
  /// The next response, or nullopt when none arrived within the timeout or
  /// the connection closed first.
  std::optional<HttpResponse> read_response(std::chrono::milliseconds timeout = 5s);
  /// Whether the server closed the connection within the timeout (bytes it
  /// sends meanwhile are dropped).
  bool wait_closed(std::chrono::milliseconds timeout = 5s);
  void close();

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// An event as the stream delivered it; a comment line has only `comment`.
struct SseEvent {
  std::string name;
  std::string data;
  std::string comment;
};

/// Opens an event stream with GET; the response's headers are read at once.
class SseReader {
public:
  SseReader(std::uint16_t port, std::string_view target, const HeaderList& headers = {},
            std::chrono::milliseconds timeout = 5s);
  ~SseReader();

  /// Status and headers (body empty).
  const HttpResponse& response() const;
  /// The next event or comment; nullopt on timeout or when the stream ended.
  std::optional<SseEvent> next(std::chrono::milliseconds timeout = 5s);
  /// The next event that is not a comment.
  std::optional<SseEvent> next_event(std::chrono::milliseconds timeout = 5s);
  /// Whether the server ended the stream within the timeout.
  bool wait_closed(std::chrono::milliseconds timeout = 5s);
  void close();

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace shardline::test_support
