#pragma once

#include "model/execution_config.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>

namespace shardline::test_support {

/// A strategy and the tag mode it runs with (only `tag` reads the mode).
struct Variant {
  std::string_view strategy;
  TagMode tag_mode = TagMode::group;
};

/// Shown when a parameterised test fails.
inline void PrintTo(const Variant& variant, std::ostream* out) {
  *out << variant.strategy << " (tag mode "
       << (variant.tag_mode == TagMode::group ? "group" : "distribute") << ")";
}

/// Every strategy, and tag in both modes.
inline auto every_variant() {
  return ::testing::Values(Variant{"round-robin"}, Variant{"duration"}, Variant{"file"},
                           Variant{"tag", TagMode::group}, Variant{"tag", TagMode::distribute},
                           Variant{"fail-first"});
}

/// A test name suffix: `fail_first`, `tag_distribute`.
inline std::string variant_name(const ::testing::TestParamInfo<Variant>& info) {
  std::string name{info.param.strategy};
  if (name == "tag")
    name += info.param.tag_mode == TagMode::group ? "_group" : "_distribute";
  for (auto& c : name)
    if (c == '-')
      c = '_';
  return name;
}

} // namespace shardline::test_support
