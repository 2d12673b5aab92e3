#pragma once

// The EventStream a connection hands out: any thread pushes, the connection's
// strand takes what is buffered and writes it. The two sides meet under one
// mutex; the connection is woken through a callback that posts onto its strand.

#include "http/event_queue.hpp"
#include "http/exchange.hpp"

#include <functional>
#include <mutex>
#include <string>

namespace shardline::http {

class SseStream final : public EventStream {
public:
  /// `wakeup` is called (on the pushing thread, outside the lock) when there
  /// is something new to take; it must not block.
  SseStream(std::size_t max_events, std::size_t max_bytes, std::function<void()> wakeup);

  bool push(std::string_view name, std::string_view data,
            std::string_view coalesce_key = {}) override;
  bool push_shared(const std::vector<SharedEvent>& events) override;
  void close() override;
  bool closed() const override;
  void on_close(std::function<void()> callback) override;

  // -- the connection's side ---------------------------------------------------

  /// What the connection does after writing `bytes`.
  enum class Next {
    more,   // ask again when woken
    finish, // the stream was closed: end the response
    abort,  // overflow, or the connection ended: drop the connection now
  };
  struct Batch {
    std::vector<EventBytes> chunks; // written one after the other, not copied
    Next next = Next::more;

    /// The chunks as one string.
    std::string text() const;
  };
  Batch take();

  /// Queues a `: keep-alive` comment (one at most in the buffer).
  void keep_alive();

  /// The connection went away (client left, server stopping).
  void end();

private:
  enum class State { open, closing, aborted, ended };

  /// Leaves the open state; returns the on_close callback to call, if it is due.
  std::function<void()> leave_open(State next);
  /// Whether the caller should call the wakeup (one pending at a time).
  bool claim_wakeup();
  /// Queues what `queue_events` pushes into the buffer (under the lock);
  /// on overflow drops the buffer and closes the stream.
  template <class QueueEvents>
  bool push_locked(QueueEvents queue_events);

  mutable std::mutex mutex_;
  EventQueue queue_;
  State state_ = State::open;
  bool wakeup_pending_ = false;
  bool close_fired_ = false;
  std::function<void()> wakeup_;
  std::function<void()> on_close_;
};

} // namespace shardline::http
