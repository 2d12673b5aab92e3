#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace shardline::cli {

struct ServeOptions {
  std::string http = "127.0.0.1:8080"; // where the REST API listens
  int local_workers = 1;               // workers in this process
  int slots = 1;                       // tests at once per local worker
  std::string token;                   // bearer token; SHARDLINE_TOKEN when empty
  bool no_token = false;               // no token at all: loopback addresses only
  std::string token_file;              // where a generated token goes; empty: default_token_file()
  std::vector<std::string> allowed_hosts;   // Host names accepted besides this server's own
  std::vector<std::string> allowed_origins; // web pages that may call the API (CORS)
  std::string artifacts = "shardline-artifacts";
  std::int64_t heartbeat_interval_ms = 30000;
  std::int64_t heartbeat_timeout_ms = 90000;
  std::string log_level = "info";
  int http_nice = 10;       // of the HTTP I/O threads: serving yields to the tests
  int keep_sessions = 100;  // finished sessions kept for status and results
  std::string project_root; // every dir a client names lies in it; empty: the current folder
  int max_agents = 256;     // HTTP worker agents registered at once
  std::string db;           // the database file; empty: shardline.db in the current folder
  bool use_db = true;       // --no-db: none
  int keep_days = 0;        // sessions started longer ago are forgotten at start; 0: no limit
};

/// `shardline serve`: the coordinator, the REST API and local workers in one
/// process. Without --token (or SHARDLINE_TOKEN) it makes a random token,
/// prints it once and writes it to a file only its user can read; only
/// --no-token runs without any, and only on a loopback address. Logging
/// never blocks (AsyncLog). Runs until SIGINT or SIGTERM: then running
/// sessions are cancelled (their test processes killed), the server stops,
/// and it returns 0. Returns 2 on bad usage, one line on `err`.
int run_serve(const ServeOptions& options, std::ostream& out, std::ostream& err);

} // namespace shardline::cli
