#pragma once

#include <caf/actor_system_config.hpp>

namespace shardline {

/// The actor system configuration every shardline process uses: registers
/// every message type of actors/messages.hpp under its stable name, so
/// actors on different nodes understand each other.
class ActorConfig : public caf::actor_system_config {
public:
  ActorConfig();
};

/// Registers the message types on any configuration (tests that need a
/// configuration of their own, such as one with the test scheduler).
void register_message_types(caf::actor_system_config& config);

} // namespace shardline
