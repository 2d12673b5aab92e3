#pragma once

// The secret each HTTP agent is given when it registers: its heartbeats,
// results and drain carry it (header X-Shardline-Agent-Secret), so no other
// client can speak for it, bearer token or not.

#include "http/exchange.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shardline::http {

class AgentSecrets {
public:
  /// The header that carries an agent's secret (lower-case, as Request has it).
  static constexpr std::string_view header = "x-shardline-agent-secret";

  enum class Check {
    not_an_agent, // no secret was issued for this id: not an HTTP agent's (or forgotten)
    accepted,
    missing, // an agent's id, and no secret sent
    wrong,   // an agent's id, and another secret
  };

  /// A new secret for the agent: 32 random bytes from the kernel, in hex.
  /// Throws std::runtime_error when the kernel gives no random bytes.
  std::string issue(const std::string& worker_id);

  /// Whether `presented` is the agent's secret; compared in constant time.
  Check check(const std::string& worker_id, std::optional<std::string_view> presented) const;

  /// The agent is gone (dropped by the directory): its secret goes too.
  void forget(const std::string& worker_id);

  /// Forgets every agent not in `live` whose secret was issued before
  /// `issued_before` (an agent registering meanwhile is kept).
  void retain(const std::vector<std::string>& live, std::uint64_t issued_before);

  /// A mark for retain(): the secrets issued so far.
  std::uint64_t issued() const;
  std::size_t size() const;

  /// 401 or 403 for a refused check (missing or wrong), in the agent's terms.
  static Response refusal(Check check, const std::string& worker_id);

private:
  struct Entry {
    std::string secret;
    std::uint64_t order = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::string, Entry> secrets_; // by worker id
  std::uint64_t issued_ = 0;
};

} // namespace shardline::http
