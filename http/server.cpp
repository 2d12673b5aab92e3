#include "http/server.hpp"

#include "http/connection.hpp"
#include "http/server_state.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <spdlog/spdlog.h>

#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace shardline::http {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

namespace {

// How long stop() lets connections close before abandoning what is left.
constexpr std::chrono::seconds stop_grace{2};
// After a failed accept (out of file descriptors, say), wait before the next.
constexpr std::chrono::milliseconds accept_backoff{50};

std::optional<BearerToken> token_of(const ServerSettings& settings) {
  if (!settings.token)
    return std::nullopt;
  return BearerToken(*settings.token);
}

} // namespace

// -- the state shared with connections -------------------------------------------

Server::State::State(ServerSettings settings_, Router router_,
                     std::shared_ptr<RequestCounter> requests_)
    : settings(std::move(settings_)), router(std::move(router_)),
      requests(requests_ ? std::move(requests_) : std::make_shared<RequestCounter>()),
      counters(settings.counters ? settings.counters : std::make_shared<ServerCounters>()),
      token(token_of(settings)),
      table_(ConnectionTable::Limits{settings.max_connections, settings.max_connections_per_client,
                                     settings.reserve_connections, settings.header_timeout}) {}

ConnectionTable::Admission Server::State::enroll(const Connection* key,
                                                 std::weak_ptr<Connection> connection,
                                                 const std::string& client) {
  std::vector<std::shared_ptr<Connection>> to_close;
  ConnectionTable::Admission admission;
  {
    std::lock_guard lock(mutex_);
    auto decision = table_.enroll(key, client, ConnectionTable::clock::now());
    admission = decision.admission;
    if (admission != ConnectionTable::Admission::refused)
      connections_.emplace(key, std::move(connection));
    else
      counters->refused_reserve_full();
    if (!decision.to_close.empty())
      counters->closed_for_room(decision.to_close.size());
    for (auto other : decision.to_close) {
      auto found = connections_.find(static_cast<const Connection*>(other));
      if (found != connections_.end())
        if (auto alive = found->second.lock())
          to_close.push_back(std::move(alive));
    }
  }
  // Outside the lock: the last reference may go here, and its destructor withdraws.
  for (auto& other : to_close)
    other->shut();
  return admission;
}

void Server::State::withdraw(const Connection* key) {
  std::lock_guard lock(mutex_);
  connections_.erase(key);
  table_.withdraw(key);
}

void Server::State::waiting(const Connection* key) {
  std::lock_guard lock(mutex_);
  table_.waiting(key, ConnectionTable::clock::now());
}

void Server::State::working(const Connection* key) {
  std::lock_guard lock(mutex_);
  table_.working(key);
}

std::size_t Server::State::closed_for_room() {
  std::lock_guard lock(mutex_);
  return table_.closed_for_room();
}

std::size_t Server::State::waiting_now() {
  std::lock_guard lock(mutex_);
  return table_.waiting_now();
}

std::vector<std::shared_ptr<Connection>> Server::State::connections() {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<Connection>> alive;
  for (const auto& [key, weak] : connections_)
    if (auto connection = weak.lock())
      alive.push_back(std::move(connection));
  return alive;
}

// -- the listener ---------------------------------------------------------------------

class Server::Listener : public std::enable_shared_from_this<Listener> {
public:
  Listener(std::shared_ptr<State> state, const tcp::endpoint& endpoint)
      : state_(std::move(state)), acceptor_(net::make_strand(state_->io_context)),
        backoff_(acceptor_.get_executor()) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
  }

  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }

  void accept() {
    acceptor_.async_accept(net::make_strand(state_->io_context),
                           beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
  }

  void close() {
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
      beast::error_code ignored;
      self->acceptor_.close(ignored);
      self->backoff_.cancel();
    });
  }

private:
  void on_accept(beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || state_->stopping)
      return;
    if (ec) {
      if (auto held = state_->errors_log.admit(std::chrono::steady_clock::now()))
        spdlog::warn("http: accepting a connection failed: {}{}", ec.message(),
                     LogThrottle::held_back(*held));
      backoff_.expires_after(accept_backoff);
      backoff_.async_wait([self = shared_from_this()](beast::error_code wait_ec) {
        if (!wait_ec && !self->state_->stopping)
          self->accept();
      });
      return;
    }
    std::make_shared<Connection>(std::move(socket), state_)->run();
    accept();
  }

  std::shared_ptr<State> state_;
  tcp::acceptor acceptor_;
  net::steady_timer backoff_;
};

// -- the server -------------------------------------------------------------------------

Server::Server(ServerSettings settings, Router router, std::shared_ptr<RequestCounter> requests)
    : state_(std::make_shared<State>(std::move(settings), std::move(router), std::move(requests))) {
}

namespace {

// Linux keeps a nice value per thread: this one only, and never higher in
// priority than it already is.
void lower_priority(int nice) {
  auto self = static_cast<id_t>(::gettid());
  errno = 0;
  int current = ::getpriority(PRIO_PROCESS, self);
  if (nice <= 0 || (errno == 0 && current >= nice))
    return;
  if (::setpriority(PRIO_PROCESS, self, nice) != 0)
    spdlog::warn("http: cannot lower the priority of an I/O thread to nice {}: {}", nice,
                 std::strerror(errno));
}

} // namespace

Server::~Server() {
  stop();
}

void Server::start() {
  if (started_)
    throw std::logic_error("http server: start() called twice");
  const auto& settings = state_->settings;
  if (settings.threads == 0)
    throw std::invalid_argument("http server: threads must be at least 1");
  for (const auto& host : settings.allowed_hosts)
    if (auto checked = SitePolicy::allowed_host(host); !checked)
      throw std::invalid_argument("http server: allowed host " + checked.error().message);
  for (const auto& origin : settings.allowed_origins)
    if (auto checked = SitePolicy::allowed_origin(origin); !checked)
      throw std::invalid_argument("http server: allowed origin " + checked.error().message);
  auto where = settings.host + ":" + std::to_string(settings.port);
  try {
    tcp::resolver resolver(state_->io_context);
    auto endpoints = resolver.resolve(settings.host, std::to_string(settings.port),
                                      tcp::resolver::passive | tcp::resolver::numeric_service);
    listener_ = std::make_shared<Listener>(state_, endpoints.begin()->endpoint());
  } catch (const boost::system::system_error& error) {
    throw std::runtime_error("cannot listen on " + where + ": " + error.code().message());
  }
  port_ = listener_->port();
  state_->site.emplace(settings.host, port_, settings.allowed_hosts, settings.allowed_origins);
  started_ = true;
  listener_->accept();

  work_guard_ = std::make_shared<net::executor_work_guard<net::io_context::executor_type>>(
      state_->io_context.get_executor());
  running_ = settings.threads;
  for (unsigned i = 0; i < settings.threads; ++i) {
    threads_.emplace_back([this, state = state_] {
      lower_priority(state->settings.nice);
      while (true) {
        try {
          state->io_context.run();
          break;
        } catch (const std::exception& error) {
          spdlog::error("http: an I/O thread caught: {}", error.what());
        }
      }
      std::lock_guard lock(running_mutex_);
      --running_;
      running_changed_.notify_all();
    });
  }
  spdlog::info("http: listening on {}:{} ({} threads)", settings.host, port_, settings.threads);
}

void Server::stop() {
  if (!started_ || stopped_)
    return;
  stopped_ = true;
  state_->stopping = true;
  listener_->close();
  for (const auto& connection : state_->connections())
    connection->shut();
  work_guard_.reset();
  // Every socket is closed: the threads run out of work. A handler that keeps
  // posting is cut short after the grace period.
  {
    std::unique_lock lock(running_mutex_);
    if (!running_changed_.wait_for(lock, stop_grace, [this] { return running_ == 0; })) {
      spdlog::warn("http: connections still busy {} s after stop; abandoning them",
                   stop_grace.count());
      state_->io_context.stop();
    }
  }
  for (auto& thread : threads_)
    thread.join();
  threads_.clear();
  listener_.reset();
  spdlog::info("http: stopped listening on port {}", port_);
}

std::uint16_t Server::port() const {
  return port_;
}

const ServerSettings& Server::settings() const {
  return state_->settings;
}

const std::shared_ptr<RequestCounter>& Server::requests() const {
  return state_->requests;
}

std::size_t Server::connections_closed_for_room() const {
  return state_->closed_for_room();
}

std::size_t Server::connections_waiting() const {
  return state_->waiting_now();
}

const std::shared_ptr<ServerCounters>& Server::counters() const {
  return state_->counters;
}

} // namespace shardline::http
