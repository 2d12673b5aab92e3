#pragma once

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace shardline::bench {

/// `--name value` / `--name=value` options with defaults. A bad value or an
/// unknown option prints the usage and exits with 2, like the shardline tool.
class Args {
public:
  Args(int argc, char** argv, std::string usage) : usage_(std::move(usage)) {
    program_ = argc > 0 ? argv[0] : "bench";
    for (int i = 1; i < argc; ++i) {
      std::string_view arg = argv[i];
      if (arg == "--help" || arg == "-h") {
        std::printf("usage: %s %s\n", program_.c_str(), usage_.c_str());
        std::exit(0);
      }
      if (!arg.starts_with("--")) {
        fail("unexpected argument '" + std::string(arg) + "'");
      }
      arg.remove_prefix(2);
      if (const auto eq = arg.find('='); eq != std::string_view::npos) {
        values_[std::string(arg.substr(0, eq))] = std::string(arg.substr(eq + 1));
      } else if (i + 1 < argc) {
        values_[std::string(arg)] = argv[++i];
      } else {
        fail("--" + std::string(arg) + " needs a value");
      }
    }
  }

  std::uint64_t u64(const std::string& name, std::uint64_t fallback) {
    const auto text = take(name);
    return text.empty() ? fallback : parse<std::uint64_t>(name, text);
  }

  /// An integer >= `min`.
  int integer(const std::string& name, int fallback, int min = 1) {
    const auto text = take(name);
    const int value = text.empty() ? fallback : parse<int>(name, text);
    if (value < min) {
      fail("--" + name + " must be >= " + std::to_string(min));
    }
    return value;
  }

  /// A comma-separated list of integers >= `min`.
  std::vector<int> integers(const std::string& name, std::vector<int> fallback, int min = 1) {
    const auto text = take(name);
    if (text.empty()) {
      return fallback;
    }
    std::vector<int> values;
    for (const auto& item : split(text)) {
      values.push_back(parse<int>(name, item));
      if (values.back() < min) {
        fail("--" + name + " must be >= " + std::to_string(min));
      }
    }
    return values;
  }

  /// A comma-separated list of numbers >= 0.
  std::vector<double> numbers(const std::string& name, std::vector<double> fallback) {
    const auto text = take(name);
    if (text.empty()) {
      return fallback;
    }
    std::vector<double> values;
    for (const auto& item : split(text)) {
      char* end = nullptr;
      const double value = std::strtod(item.c_str(), &end);
      if (item.empty() || *end != '\0' || !(value >= 0)) {
        fail("--" + name + ": '" + item + "' is not a number >= 0");
      }
      values.push_back(value);
    }
    return values;
  }

  /// One of `allowed`; `fallback` (the first of them, say) when absent.
  std::string choice(const std::string& name, const std::vector<std::string>& allowed,
                     const std::string& fallback) {
    const auto text = take(name);
    if (text.empty()) {
      return fallback;
    }
    if (std::find(allowed.begin(), allowed.end(), text) == allowed.end()) {
      std::string list;
      for (const auto& word : allowed) {
        list += (list.empty() ? "" : ", ") + word;
      }
      fail("--" + name + ": '" + text + "' is not one of " + list);
    }
    return text;
  }

  /// Call after reading every option: rejects the ones nobody asked for.
  void finish() const {
    for (const auto& [name, value] : values_) {
      if (!known_.contains(name)) {
        fail("unknown option --" + name);
      }
    }
  }

  const std::string& program() const { return program_; }

private:
  std::string take(const std::string& name) {
    known_.insert(name);
    const auto it = values_.find(name);
    if (it != values_.end() && it->second.empty()) {
      fail("--" + name + " needs a value");
    }
    return it == values_.end() ? std::string() : it->second;
  }

  template <class T>
  T parse(const std::string& name, const std::string& text) const {
    T value{};
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) {
      fail("--" + name + ": '" + text + "' is not an integer");
    }
    return value;
  }

  static std::vector<std::string> split(const std::string& text) {
    std::vector<std::string> items;
    std::size_t start = 0;
    while (true) {
      const auto comma = text.find(',', start);
      items.push_back(text.substr(start, comma - start));
      if (comma == std::string::npos) {
        return items;
      }
      start = comma + 1;
    }
  }

  [[noreturn]] void fail(const std::string& message) const {
    std::fprintf(stderr, "%s: %s\nusage: %s %s\n", program_.c_str(), message.c_str(),
                 program_.c_str(), usage_.c_str());
    std::exit(2);
  }

  std::string program_;
  std::string usage_;
  std::map<std::string, std::string> values_;
  std::set<std::string> known_;
};

} // namespace shardline::bench
