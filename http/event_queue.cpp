#include "http/event_queue.hpp"

#include <algorithm>

namespace shardline::http {

std::string format_event(std::string_view name, std::string_view data) {
  std::string text = "event: ";
  for (char c : name)
    text.push_back(c == '\n' || c == '\r' ? ' ' : c);
  text += '\n';
  // A line break in the data (\n, \r\n or \r) starts another data: line.
  std::size_t start = 0;
  while (true) {
    auto end = data.find_first_of("\r\n", start);
    text += "data: ";
    text +=
        data.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    text += '\n';
    if (end == std::string_view::npos)
      break;
    start = end + (data[end] == '\r' && end + 1 < data.size() && data[end + 1] == '\n' ? 2 : 1);
  }
  text += '\n';
  return text;
}

std::string format_comment(std::string_view text) {
  std::string comment = ": ";
  for (char c : text)
    comment.push_back(c == '\n' || c == '\r' ? ' ' : c);
  comment += "\n\n";
  return comment;
}

EventQueue::EventQueue(std::size_t max_events, std::size_t max_bytes)
    : max_events_(max_events), max_bytes_(max_bytes) {}

EventQueue::Outcome EventQueue::push(EventBytes text, std::string_view coalesce_key) {
  bool coalesced = false;
  if (!coalesce_key.empty() && keyed_ > 0) {
    auto same = std::find_if(events_.begin(), events_.end(),
                             [&](const Event& event) { return event.key == coalesce_key; });
    if (same != events_.end()) {
      bytes_ -= same->text->size();
      events_.erase(same);
      --keyed_;
      coalesced = true;
    }
  }
  if (events_.size() + 1 > max_events_ || bytes_ + text->size() > max_bytes_)
    return Outcome::overflow;
  bytes_ += text->size();
  if (!coalesce_key.empty())
    ++keyed_;
  events_.push_back({std::string(coalesce_key), std::move(text)});
  return coalesced ? Outcome::coalesced : Outcome::queued;
}

std::vector<EventBytes> EventQueue::take() {
  std::vector<EventBytes> all;
  all.reserve(events_.size());
  for (auto& event : events_)
    all.push_back(std::move(event.text));
  clear();
  return all;
}

std::string EventQueue::take_all() {
  std::string all;
  all.reserve(bytes_);
  for (const auto& text : take())
    all += *text;
  return all;
}

void EventQueue::clear() {
  events_.clear();
  bytes_ = 0;
  keyed_ = 0;
}

} // namespace shardline::http
