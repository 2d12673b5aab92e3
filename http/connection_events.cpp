// The server-sent-event half of Connection: the stream's headers, its events
// as the client takes them, a keep-alive comment now and then, and a read kept
// pending to notice when the client leaves.

#include "http/connection.hpp"

#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <spdlog/spdlog.h>

#include <memory>
#include <vector>

namespace shardline::http {

namespace net = boost::asio;
namespace beast = boost::beast;

std::shared_ptr<EventStream> Connection::open_stream() {
  std::weak_ptr<Connection> weak = weak_from_this();
  auto stream = std::make_shared<SseStream>(state_->settings.sse_max_events,
                                            state_->settings.sse_max_bytes, [weak] {
                                              if (auto self = weak.lock())
                                                self->post([self] { self->write_events(); });
                                            });
  if (state_->stopping) {
    stream->end();
    return stream;
  }
  post([self = shared_from_this(), stream] { self->start_stream(stream); });
  return stream;
}

void Connection::start_stream(std::shared_ptr<SseStream> stream) {
  if (closed_ || response_ || events_) {
    stream->end();
    return;
  }
  events_ = std::move(stream);
  state_->requests->count(route_, 200);
  log_answer(200);
  // No Content-Length: the body ends when the connection closes, so the
  // stream is the last answer on this connection.
  events_buffer_ = "HTTP/1.1 200 OK\r\n"
                   "Server: shardline\r\n"
                   "Content-Type: text/event-stream\r\n"
                   "Cache-Control: no-cache\r\n"
                   "Connection: close\r\n"
                   "X-Accel-Buffering: no\r\n";
  if (!cors_origin_.empty())
    for (const auto& [name, value] : SitePolicy::cors_headers(cors_origin_))
      events_buffer_.append(name).append(": ").append(value).append("\r\n");
  events_buffer_.append("\r\n");
  // The client sends nothing more: a read that completes means it left.
  stream_.expires_never();
  stream_.async_read_some(
      net::buffer(discard_),
      beast::bind_front_handler(&Connection::on_client_read, shared_from_this()));
  events_writing_ = true;
  stream_.expires_after(state_->settings.write_timeout); // the write's alone: a read is pending
  net::async_write(stream_, net::buffer(events_buffer_),
                   beast::bind_front_handler(&Connection::on_events_written, shared_from_this(),
                                             SseStream::Next::more));
  arm_keep_alive();
}

void Connection::write_events() {
  if (!events_ || events_writing_ || closed_)
    return;
  auto batch = std::make_shared<SseStream::Batch>(events_->take());
  if (batch->next == SseStream::Next::abort)
    return close();
  if (batch->chunks.empty()) {
    if (batch->next == SseStream::Next::finish)
      close();
    return;
  }
  // One write of the shared chunks as they are (no copy into one buffer);
  // the batch lives until the write completes.
  std::vector<net::const_buffer> buffers;
  buffers.reserve(batch->chunks.size());
  for (const auto& chunk : batch->chunks)
    buffers.emplace_back(chunk->data(), chunk->size());
  events_writing_ = true;
  stream_.expires_after(state_->settings.write_timeout);
  net::async_write(stream_, buffers,
                   [self = shared_from_this(), batch](beast::error_code ec, std::size_t bytes) {
                     self->on_events_written(batch->next, ec, bytes);
                   });
}

void Connection::on_events_written(SseStream::Next next, beast::error_code ec, std::size_t) {
  events_writing_ = false;
  if (ec) {
    spdlog::debug("http {} [{}]: writing events failed: {}", path_, route_, ec.message());
    return close();
  }
  if (next == SseStream::Next::finish)
    return close();
  write_events();
}

void Connection::on_client_read(beast::error_code ec, std::size_t) {
  if (ec) {
    if (!closed_)
      spdlog::debug("http {} [{}]: the client left the event stream", path_, route_);
    return close();
  }
  stream_.async_read_some(
      net::buffer(discard_),
      beast::bind_front_handler(&Connection::on_client_read, shared_from_this()));
}

void Connection::arm_keep_alive() {
  keep_alive_timer_.expires_after(state_->settings.sse_keep_alive);
  keep_alive_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (ec || self->closed_ || !self->events_)
      return;
    self->events_->keep_alive();
    self->arm_keep_alive();
  });
}

} // namespace shardline::http
