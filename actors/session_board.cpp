#include "actors/session_board.hpp"

#include <algorithm>

namespace shardline {

void SessionBoard::publish(Snapshot session) {
  if (!session)
    return;
  std::lock_guard<std::mutex> guard{mutex_};
  auto it = latest_.find(session->session_id);
  if (it != latest_.end()) {
    it->second = std::move(session);
    return;
  }
  order_.push_back(session->session_id);
  latest_.emplace(session->session_id, std::move(session));
}

void SessionBoard::remove(std::string_view session_id) {
  std::lock_guard<std::mutex> guard{mutex_};
  auto it = latest_.find(session_id);
  if (it == latest_.end())
    return;
  latest_.erase(it);
  order_.erase(std::find(order_.begin(), order_.end(), session_id));
}

SessionBoard::Snapshot SessionBoard::find(std::string_view session_id) const {
  std::lock_guard<std::mutex> guard{mutex_};
  auto it = latest_.find(session_id);
  return it == latest_.end() ? nullptr : it->second;
}

std::vector<SessionBoard::Snapshot> SessionBoard::sessions() const {
  std::lock_guard<std::mutex> guard{mutex_};
  std::vector<Snapshot> all;
  all.reserve(order_.size());
  for (auto it = order_.rbegin(); it != order_.rend(); ++it)
    all.push_back(latest_.find(*it)->second);
  return all;
}

std::vector<std::string> SessionBoard::ids() const {
  std::lock_guard<std::mutex> guard{mutex_};
  return {order_.rbegin(), order_.rend()};
}

std::size_t SessionBoard::size() const {
  std::lock_guard<std::mutex> guard{mutex_};
  return order_.size();
}

} // namespace shardline
