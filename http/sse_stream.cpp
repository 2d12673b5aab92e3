#include "http/sse_stream.hpp"

namespace shardline::http {

namespace {

// No event name can produce it: SSE keys come from the application.
constexpr std::string_view keep_alive_key = "\x01keep-alive";

const EventBytes& keep_alive_comment() {
  static const EventBytes comment =
      std::make_shared<const std::string>(format_comment("keep-alive"));
  return comment;
}

} // namespace

SseStream::SseStream(std::size_t max_events, std::size_t max_bytes, std::function<void()> wakeup)
    : queue_(max_events, max_bytes), wakeup_(std::move(wakeup)) {}

template <class QueueEvents>
bool SseStream::push_locked(QueueEvents queue_events) {
  std::function<void()> fire;
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    if (state_ != State::open)
      return false;
    if (!queue_events()) {
      // A client this far behind reconnects and gets the current state first.
      queue_.clear();
      fire = leave_open(State::aborted);
      wake = true;
    } else {
      wake = claim_wakeup();
    }
  }
  if (wake)
    wakeup_();
  if (fire)
    fire();
  return !fire;
}

bool SseStream::push(std::string_view name, std::string_view data, std::string_view coalesce_key) {
  auto text = std::make_shared<const std::string>(format_event(name, data));
  return push_locked(
      [&] { return queue_.push(std::move(text), coalesce_key) != EventQueue::Outcome::overflow; });
}

bool SseStream::push_shared(const std::vector<SharedEvent>& events) {
  if (events.empty())
    return !closed();
  return push_locked([&] {
    for (const auto& event : events)
      if (queue_.push(event.bytes, event.coalesce_key) == EventQueue::Outcome::overflow)
        return false;
    return true;
  });
}

void SseStream::close() {
  std::function<void()> fire;
  {
    std::lock_guard lock(mutex_);
    if (state_ != State::open)
      return;
    fire = leave_open(State::closing);
  }
  wakeup_();
  if (fire)
    fire();
}

bool SseStream::closed() const {
  std::lock_guard lock(mutex_);
  return state_ != State::open;
}

void SseStream::on_close(std::function<void()> callback) {
  {
    std::lock_guard lock(mutex_);
    if (!close_fired_) {
      on_close_ = std::move(callback);
      return;
    }
  }
  if (callback)
    callback();
}

SseStream::Batch SseStream::take() {
  std::lock_guard lock(mutex_);
  wakeup_pending_ = false;
  Batch batch;
  switch (state_) {
  case State::open:
    batch.chunks = queue_.take();
    batch.next = Next::more;
    break;
  case State::closing:
    batch.chunks = queue_.take();
    batch.next = Next::finish;
    break;
  case State::aborted:
  case State::ended:
    queue_.clear();
    batch.next = Next::abort;
    break;
  }
  return batch;
}

std::string SseStream::Batch::text() const {
  std::string all;
  for (const auto& chunk : chunks)
    all += *chunk;
  return all;
}

void SseStream::keep_alive() {
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    if (state_ != State::open)
      return;
    if (queue_.push(keep_alive_comment(), keep_alive_key) != EventQueue::Outcome::overflow)
      wake = claim_wakeup();
  }
  if (wake)
    wakeup_();
}

void SseStream::end() {
  std::function<void()> fire;
  {
    std::lock_guard lock(mutex_);
    queue_.clear();
    if (state_ == State::open)
      fire = leave_open(State::ended);
    else
      state_ = State::ended;
  }
  if (fire)
    fire();
}

std::function<void()> SseStream::leave_open(State next) {
  state_ = next;
  close_fired_ = true;
  auto fire = std::move(on_close_);
  on_close_ = nullptr;
  // An empty function stands for "fired, nobody listening": hand back a no-op
  // so the caller still knows the stream just closed.
  return fire ? fire : [] {};
}

bool SseStream::claim_wakeup() {
  if (wakeup_pending_)
    return false;
  wakeup_pending_ = true;
  return true;
}

} // namespace shardline::http
