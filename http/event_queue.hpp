#pragma once

// The bounded buffer of server-sent events waiting for a slow client, and the
// wire format of one event. Not thread-safe: SseStream guards it. An event's
// bytes are shared, not copied: the streams of one session all hold the same
// formatted event.

#include <cstddef>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace shardline::http {

/// An event's bytes on the wire, formatted once and shared by every buffer
/// that holds it.
using EventBytes = std::shared_ptr<const std::string>;

/// `event: <name>\ndata: <line>\n...\n\n`: one `data:` line per line of data,
/// line breaks in the name replaced by spaces.
std::string format_event(std::string_view name, std::string_view data);

/// `: <text>\n\n`, a line clients ignore (keeps proxies from closing idle streams).
std::string format_comment(std::string_view text);

class EventQueue {
public:
  EventQueue(std::size_t max_events, std::size_t max_bytes);

  enum class Outcome { queued, coalesced, overflow };

  /// Appends a formatted event. One with a non-empty key first removes the
  /// buffered event with that key, so the latest takes its turn at the end.
  /// Overflow when the buffer has no room left: the event is not queued.
  Outcome push(EventBytes text, std::string_view coalesce_key = {});
  Outcome push(std::string text, std::string_view coalesce_key = {}) {
    return push(std::make_shared<const std::string>(std::move(text)), coalesce_key);
  }

  /// Everything buffered, in order; the buffer is then empty.
  std::vector<EventBytes> take();
  /// The same, as one string.
  std::string take_all();

  void clear();
  bool empty() const { return events_.empty(); }
  std::size_t size() const { return events_.size(); }
  std::size_t bytes() const { return bytes_; }

private:
  struct Event {
    std::string key;
    EventBytes text;
  };
  std::size_t max_events_;
  std::size_t max_bytes_;
  std::size_t bytes_ = 0;
  std::size_t keyed_ = 0; // buffered events with a key: none, no search
  std::deque<Event> events_;
};

} // namespace shardline::http
