#pragma once

// One client connection, after Beast's http_server_async: owned by the
// shared_ptrs its pending operations (and an unanswered Responder) hold, all of
// its work on one strand. It reads one request at a time, and the next only
// once the answer is written.

#include "http/exchange.hpp"
#include "http/server_state.hpp"
#include "http/sse_stream.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/file_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/string_body.hpp>

#include <array>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace shardline::http {

class Connection : public std::enable_shared_from_this<Connection> {
public:
  Connection(boost::asio::ip::tcp::socket socket, std::shared_ptr<Server::State> state);
  ~Connection();

  /// Starts reading requests. Over the connection caps: a reserve
  /// connection may ask for a priority path (the others answer 503), and
  /// beyond the reserve the connection is closed at once.
  void run();

  /// Closes the connection at once (the server is stopping). Any thread.
  void shut();

  // -- for the Responder, from any thread ----------------------------------------

  void post_response(Response response);
  std::shared_ptr<EventStream> open_stream();

private:
  using clock = std::chrono::steady_clock;

  // -- reading a request ------------------------------------------------------
  void read_request();
  void on_header(boost::beast::error_code ec, std::size_t bytes);
  void read_body();
  void on_body(boost::beast::error_code ec, std::size_t bytes);
  /// A failed read: answers what the client can learn from, or just closes.
  void on_read_error(boost::beast::error_code ec);
  /// The refusal for a request whose header arrived, before its body is read:
  /// over the cap for anything but a priority path, or from a foreign site.
  std::optional<Response> screen();
  void dispatch();
  void call_handler(const Handler& handler, const Request& request, const Params& params);

  // -- answering --------------------------------------------------------------
  void send(Response response);
  /// send() for a response whose body is an open file (Response::file),
  /// streamed from its descriptor in chunks.
  void send_file(Response response);
  /// Writes the file response's next chunk. The write timeout applies to
  /// each chunk, not to the whole file: a slow client downloading a large
  /// video keeps its connection as long as it makes progress.
  void write_file_chunk(bool keep_alive);
  void on_file_chunk(bool keep_alive, boost::beast::error_code ec, std::size_t bytes);
  /// Answers a request that will not be read any further, then closes.
  void refuse(Response response);
  void on_write(bool keep_alive, boost::beast::error_code ec, std::size_t bytes);
  /// Half-closes and reads what the client still sends for a moment, so the
  /// answer is not lost to a reset when unread bytes are left in the socket.
  void linger();
  void on_linger(boost::beast::error_code ec, std::size_t bytes);
  void close();

  // -- server-sent events -----------------------------------------------------
  void start_stream(std::shared_ptr<SseStream> stream);
  void write_events();
  void on_events_written(SseStream::Next next, boost::beast::error_code ec, std::size_t bytes);
  void on_client_read(boost::beast::error_code ec, std::size_t bytes);
  void arm_keep_alive();

  /// Runs `function` on the strand, unless the server is stopping (the
  /// connection is closed then, and nothing more runs).
  template <class Function>
  void post(Function function) {
    if (!state_->stopping)
      boost::asio::post(stream_.get_executor(), std::move(function));
  }
  void log_answer(int status) const;
  /// A warning a client can repeat at will: at most one line per interval.
  void warn_refusal(std::string_view what) const;

  // Declared first, destroyed last: the sockets and timers below belong to
  // its io_context, which a Responder outliving the Server keeps alive here.
  std::shared_ptr<Server::State> state_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::optional<boost::beast::http::response<boost::beast::http::string_body>> response_;
  std::optional<boost::beast::http::response<boost::beast::http::file_body>> file_response_;
  std::optional<boost::beast::http::response_serializer<boost::beast::http::file_body>>
      file_serializer_;
  ConnectionTable::Admission admission_ = ConnectionTable::Admission::refused;
  std::string client_; // the peer's address
  bool closed_ = false;

  // The request being answered.
  std::string method_;
  std::string path_;
  std::string route_{RequestCounter::unmatched};
  std::string cors_origin_; // an --allowed-origin the answer names, if the request came from one
  unsigned version_ = 11;
  bool keep_alive_ = false;
  clock::time_point started_{};
  clock::time_point read_deadline_{};

  std::array<char, 1024> discard_{};
  std::size_t lingered_ = 0;

  std::shared_ptr<SseStream> events_;
  std::string events_buffer_;
  bool events_writing_ = false;
  boost::asio::steady_timer keep_alive_timer_;
};

} // namespace shardline::http
