#pragma once

// What the HTTP transport (server, router) and the REST handlers share: a
// request as a handler sees it, the response it answers, and the two ways to
// answer: once (Responder::reply) or as a stream of server-sent events
// (Responder::stream). No Beast and no CAF in this header: handlers that talk
// to actors include this, the transport includes Beast.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shardline::http {

/// A request as the router hands it to a handler: already size-checked and,
/// when a token is configured, authenticated.
struct Request {
  std::string method;   // "GET", "POST", ...
  std::string path;     // percent-decoded path, without the query
  std::string raw_path; // the path as sent (still percent-encoded)
  std::vector<std::pair<std::string, std::string>> query;   // decoded, in order
  std::vector<std::pair<std::string, std::string>> headers; // names lower-cased
  std::string body;

  /// The first query parameter of that name, if any.
  std::optional<std::string> query_value(std::string_view name) const;
  /// The first header of that (lower-case) name, if any.
  std::optional<std::string> header(std::string_view name) const;
};

/// The path parameters a route pattern captured: ":sessionId" → ("sessionId",
/// value); a trailing "*" captures the rest of the path as ("*", value).
using Params = std::vector<std::pair<std::string, std::string>>;

/// The value of a captured path parameter ("" when absent).
std::string param(const Params& params, std::string_view name);

/// An open regular file a response sends as its body: the transport reads it
/// in chunks as it writes, never whole into memory. Closes the descriptor
/// unless the transport took it.
class BodyFile {
public:
  BodyFile(int fd, std::uint64_t size) : fd_(fd), size_(size) {}
  ~BodyFile();
  BodyFile(const BodyFile&) = delete;
  BodyFile& operator=(const BodyFile&) = delete;

  /// The descriptor, now the caller's to close; -1 once taken.
  int take() { return std::exchange(fd_, -1); }
  std::uint64_t size() const { return size_; }

private:
  int fd_;
  std::uint64_t size_;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers; // extra headers
  /// When set, the body is this file's contents (`body` is ignored).
  std::shared_ptr<BodyFile> file;
};

/// A JSON error body as docs/API.md has it:
/// {"error": {"code", "message", "field"?}} with that status.
Response error_response(int status, std::string_view code, std::string_view message,
                        std::optional<std::string_view> field = std::nullopt);

/// A JSON body (already serialised) with that status.
Response json_response(int status, std::string body);

/// An event formatted for the wire once (format_event, http/event_queue.hpp),
/// its bytes shared by every stream it goes to.
struct SharedEvent {
  std::shared_ptr<const std::string> bytes;
  std::string coalesce_key; // as EventStream::push's
};

/// An open server-sent-event stream. Thread-safe: any thread may push.
/// Pushing never blocks: events wait in a bounded buffer while the client
/// reads slowly. An event with a coalesce key replaces a buffered event with
/// the same key (the latest progress wins); when the buffer is full of events
/// that cannot be coalesced, the stream is closed (the client reconnects and
/// receives the current state first).
class EventStream {
public:
  virtual ~EventStream() = default;

  /// Queues `event: <name>\ndata: <data>\n\n`; false once the stream is closed.
  virtual bool push(std::string_view name, std::string_view data,
                    std::string_view coalesce_key = {}) = 0;

  /// Queues these formatted events in order, holding their bytes rather than
  /// a copy; false once the stream is closed.
  virtual bool push_shared(const std::vector<SharedEvent>& events) = 0;

  /// Ends the stream after what is buffered has been written.
  virtual void close() = 0;

  /// Whether the client went away or the stream was closed.
  virtual bool closed() const = 0;

  /// Called once, on any thread, when the stream closes for any reason.
  virtual void on_close(std::function<void()> callback) = 0;
};

/// How a handler answers. Either reply() once or stream() once; may be called
/// from any thread (an actor's continuation), later than the handler returns.
/// A responder dropped without answering answers 500.
class Responder {
public:
  virtual ~Responder() = default;
  virtual void reply(Response response) = 0;
  /// Sends the SSE headers (200, text/event-stream, no-cache) and hands the stream.
  virtual std::shared_ptr<EventStream> stream() = 0;
};

using ResponderPtr = std::shared_ptr<Responder>;

/// A route's handler. Runs on an I/O thread: it must never block (no
/// scoped_actor, no function_view, no file reads of unbounded size).
using Handler = std::function<void(const Request&, const Params&, ResponderPtr)>;

} // namespace shardline::http
