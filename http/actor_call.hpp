#pragma once

// How a REST handler talks to an actor without blocking its I/O thread: a
// one-shot actor sends the request with a finite timeout and hands the answer
// (or the error) to a continuation, on a CAF thread. The continuation answers
// through the Responder, which is safe from any thread.

#include "http/api.hpp"
#include "http/exchange.hpp"

#include <caf/actor_system.hpp>
#include <caf/error.hpp>
#include <caf/event_based_actor.hpp>

#include <chrono>
#include <string>
#include <utility>

namespace shardline::http {

/// How long call() without an Api waits for an actor before answering 503.
inline constexpr std::chrono::milliseconds actor_timeout = default_actor_timeout;

/// The HTTP answer to an actor's error: ours map to 400/404/409, a timeout
/// (after `waited`) or a vanished actor to 503 `unavailable`.
Response error_for(const caf::error& error, std::chrono::milliseconds waited = actor_timeout);

/// Sends `message...` to `target` and calls `on_answer(answer...)` or
/// `on_error(error)` once, on a CAF thread. The answer types are those of
/// `on_answer`'s parameters, as CAF's `then` requires.
template <class Handle, class OnAnswer, class OnError, class... Message>
void call(caf::actor_system& system, const Handle& target, std::chrono::milliseconds timeout,
          OnAnswer on_answer, OnError on_error, Message... message) {
  system.spawn([=](caf::event_based_actor* self) mutable {
    self->request(target, timeout, std::move(message)...)
        .then(std::move(on_answer), std::move(on_error));
  });
}

/// call() whose errors answer the responder with error_for(), waiting
/// `timeout` for the answer.
template <class Handle, class OnAnswer, class... Message>
void call(caf::actor_system& system, std::chrono::milliseconds timeout, const Handle& target,
          const ResponderPtr& responder, OnAnswer on_answer, Message... message) {
  call(
      system, target, timeout, std::move(on_answer),
      [responder, timeout](const caf::error& error) {
        responder->reply(error_for(error, timeout));
      },
      std::move(message)...);
}

/// call() whose errors answer the responder with error_for(), waiting
/// actor_timeout for the answer.
template <class Handle, class OnAnswer, class... Message>
void call(caf::actor_system& system, const Handle& target, const ResponderPtr& responder,
          OnAnswer on_answer, Message... message) {
  call(system, actor_timeout, target, responder, std::move(on_answer), std::move(message)...);
}

/// call() with the API's system and actor timeout (Api::actor_timeout).
template <class Handle, class OnAnswer, class... Message>
void call(const ApiPtr& api, const Handle& target, const ResponderPtr& responder,
          OnAnswer on_answer, Message... message) {
  call(api->system, api->actor_timeout, target, responder, std::move(on_answer),
       std::move(message)...);
}

} // namespace shardline::http
