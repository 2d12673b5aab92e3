#include "http/connection_table.hpp"

#include <algorithm>

namespace shardline::http {

ConnectionTable::Decision ConnectionTable::enroll(Key key, const std::string& client,
                                                  clock::time_point now) {
  Decision decision;
  // Near the cap: whoever has not sent a whole request in time goes first.
  auto near = limits_.max_connections - limits_.max_connections / 8;
  if (admitted_ >= near) {
    for (auto& [other, entry] : entries_)
      if (entry.admission == Admission::admitted && entry.waiting &&
          now - entry.since >= limits_.header_timeout)
        release(other, entry, decision.to_close);
  }
  auto make_room = [&](const std::string* of_client) {
    auto victim = longest_waiting(of_client);
    if (victim == nullptr)
      return false;
    release(victim, entries_.at(victim), decision.to_close);
    return true;
  };
  bool room = true;
  if (admitted_from(client) >= limits_.max_per_client)
    room = make_room(&client);
  if (room && admitted_ >= limits_.max_connections)
    room = make_room(nullptr);
  if (room) {
    decision.admission = Admission::admitted;
    ++admitted_;
    ++per_client_[client];
  } else if (reserve_ < limits_.reserve) {
    decision.admission = Admission::reserve;
    ++reserve_;
  } else {
    return decision; // refused: not kept
  }
  entries_.emplace(key, Entry{client, decision.admission, true, now});
  return decision;
}

void ConnectionTable::waiting(Key key, clock::time_point now) {
  auto found = entries_.find(key);
  if (found == entries_.end())
    return;
  found->second.waiting = true;
  found->second.since = now;
}

void ConnectionTable::working(Key key) {
  auto found = entries_.find(key);
  if (found != entries_.end())
    found->second.waiting = false;
}

void ConnectionTable::withdraw(Key key) {
  auto found = entries_.find(key);
  if (found == entries_.end())
    return;
  auto& entry = found->second;
  if (entry.admission == Admission::admitted) {
    --admitted_;
    if (--per_client_[entry.client] == 0)
      per_client_.erase(entry.client);
  } else if (entry.admission == Admission::reserve) {
    --reserve_;
  }
  entries_.erase(found);
}

std::size_t ConnectionTable::waiting_now() const {
  std::size_t count = 0;
  for (const auto& [key, entry] : entries_)
    count += entry.admission == Admission::admitted && entry.waiting;
  return count;
}

std::size_t ConnectionTable::admitted_from(const std::string& client) const {
  auto found = per_client_.find(client);
  return found == per_client_.end() ? 0 : found->second;
}

void ConnectionTable::release(Key key, Entry& entry, std::vector<Key>& to_close) {
  // Still known until it is gone, but no longer counted: withdraw() then
  // finds it refused and counts nothing twice.
  entry.admission = Admission::refused;
  entry.waiting = false;
  --admitted_;
  if (--per_client_[entry.client] == 0)
    per_client_.erase(entry.client);
  ++closed_for_room_;
  to_close.push_back(key);
}

ConnectionTable::Key ConnectionTable::longest_waiting(const std::string* client) const {
  Key oldest = nullptr;
  clock::time_point since = clock::time_point::max();
  for (const auto& [key, entry] : entries_)
    if (entry.admission == Admission::admitted && entry.waiting &&
        (client == nullptr || entry.client == *client) && entry.since < since) {
      oldest = key;
      since = entry.since;
    }
  return oldest;
}

} // namespace shardline::http
