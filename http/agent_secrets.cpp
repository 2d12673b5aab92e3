#include "http/agent_secrets.hpp"

#include "http/bearer_token.hpp"

#include <sys/random.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <stdexcept>

namespace shardline::http {

namespace {

std::string random_hex(std::size_t bytes) {
  std::array<unsigned char, 64> buffer{};
  bytes = std::min(bytes, buffer.size());
  std::size_t got = 0;
  while (got < bytes) {
    auto n = ::getrandom(buffer.data() + got, bytes - got, 0);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      throw std::runtime_error("the kernel gave no random bytes for an agent's secret");
    got += static_cast<std::size_t>(n);
  }
  static constexpr char digits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes * 2);
  for (std::size_t i = 0; i < bytes; ++i) {
    hex.push_back(digits[buffer[i] >> 4]);
    hex.push_back(digits[buffer[i] & 0xF]);
  }
  return hex;
}

} // namespace

std::string AgentSecrets::issue(const std::string& worker_id) {
  auto secret = random_hex(32);
  std::lock_guard<std::mutex> guard{mutex_};
  secrets_.insert_or_assign(worker_id, Entry{secret, ++issued_});
  return secret;
}

AgentSecrets::Check AgentSecrets::check(const std::string& worker_id,
                                        std::optional<std::string_view> presented) const {
  std::string expected;
  {
    std::lock_guard<std::mutex> guard{mutex_};
    auto it = secrets_.find(worker_id);
    if (it == secrets_.end())
      return Check::not_an_agent;
    expected = it->second.secret;
  }
  if (!presented || presented->empty())
    return Check::missing;
  return constant_time_equal(expected, *presented) ? Check::accepted : Check::wrong;
}

void AgentSecrets::forget(const std::string& worker_id) {
  std::lock_guard<std::mutex> guard{mutex_};
  secrets_.erase(worker_id);
}

void AgentSecrets::retain(const std::vector<std::string>& live, std::uint64_t issued_before) {
  std::lock_guard<std::mutex> guard{mutex_};
  for (auto it = secrets_.begin(); it != secrets_.end();) {
    bool gone = it->second.order <= issued_before &&
                std::find(live.begin(), live.end(), it->first) == live.end();
    it = gone ? secrets_.erase(it) : std::next(it);
  }
}

std::uint64_t AgentSecrets::issued() const {
  std::lock_guard<std::mutex> guard{mutex_};
  return issued_;
}

std::size_t AgentSecrets::size() const {
  std::lock_guard<std::mutex> guard{mutex_};
  return secrets_.size();
}

Response AgentSecrets::refusal(Check check, const std::string& worker_id) {
  if (check == Check::missing)
    return error_response(401, "unauthorized",
                          "worker " + worker_id +
                              " is an agent: its heartbeats, results and drain carry the secret "
                              "its registration answered, in the X-Shardline-Agent-Secret header");
  return error_response(403, "forbidden",
                        "the X-Shardline-Agent-Secret sent is not worker " + worker_id +
                            "'s: only the agent that registered can speak for it");
}

} // namespace shardline::http
