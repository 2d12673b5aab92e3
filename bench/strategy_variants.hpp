#pragma once

#include "strategies/strategy.hpp"

#include <memory>
#include <string>
#include <vector>

namespace shardline::bench {

/// One way of planning to measure: a strategy with its options. `tag` appears
/// twice, once per tag mode.
struct StrategyVariant {
  std::string label;
  std::unique_ptr<Strategy> strategy; // null when make_strategy refused
  StrategyOptions options;
  std::string error; // why make_strategy refused
};

/// Every name known_strategies() lists, in its order.
inline std::vector<StrategyVariant> strategy_variants() {
  std::vector<StrategyVariant> variants;
  for (const auto name : known_strategies()) {
    const bool tag = name == "tag";
    for (const auto mode : {TagMode::group, TagMode::distribute}) {
      if (!tag && mode != TagMode::group) {
        continue;
      }
      StrategyVariant variant;
      variant.label = std::string(name);
      if (tag) {
        variant.label += mode == TagMode::group ? " (group)" : " (distribute)";
      }
      variant.options.tag_mode = mode;
      auto made = make_strategy(name);
      if (made) {
        variant.strategy = std::move(made.value());
      } else {
        variant.error = made.error().to_string();
      }
      variants.push_back(std::move(variant));
    }
  }
  return variants;
}

} // namespace shardline::bench
