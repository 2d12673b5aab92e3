#include "runners/command_template.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace shardline {

namespace {

constexpr std::array<std::string_view, 4> placeholder_names = {"path", "title", "id", "line"};

std::string value_of(std::string_view name, const TestFile& test) {
  if (name == "path")
    return test.path;
  if (name == "title")
    return test.title;
  if (name == "id")
    return test.id;
  return test.line ? std::to_string(*test.line) : std::string();
}

bool is_placeholder_name(std::string_view name) {
  return std::find(placeholder_names.begin(), placeholder_names.end(), name) !=
         placeholder_names.end();
}

// The word between a '{' at `open` and the next '}', if there is a '}'.
std::optional<std::string_view> braced_word(std::string_view text, std::size_t open) {
  auto close = text.find('}', open + 1);
  if (close == std::string_view::npos)
    return std::nullopt;
  return text.substr(open + 1, close - open - 1);
}

std::string expand_element(std::string_view element, const TestFile& test) {
  std::string expanded;
  expanded.reserve(element.size());
  std::size_t position = 0;
  while (position < element.size()) {
    auto open = element.find('{', position);
    if (open == std::string_view::npos)
      break;
    expanded.append(element.substr(position, open - position));
    auto word = braced_word(element, open);
    if (word && is_placeholder_name(*word)) {
      expanded += value_of(*word, test);
      position = open + word->size() + 2;
    } else {
      expanded += '{';
      position = open + 1;
    }
  }
  if (position < element.size())
    expanded.append(element.substr(position));
  return expanded;
}

bool looks_like_placeholder(std::string_view word) {
  auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  return !word.empty() && lower(word.front()) && std::all_of(word.begin(), word.end(), [&](char c) {
    return lower(c) || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string known_placeholders() {
  std::string list;
  for (auto name : placeholder_names)
    list += (list.empty() ? "{" : ", {") + std::string(name) + "}";
  return list;
}

} // namespace

std::vector<std::string> expand_template(const std::vector<std::string>& argv_template,
                                         const TestFile& test) {
  std::vector<std::string> argv;
  argv.reserve(argv_template.size());
  for (const auto& element : argv_template)
    argv.push_back(expand_element(element, test));
  return argv;
}

std::optional<Error> validate_template(const std::vector<std::string>& argv_template,
                                       const std::string& at) {
  if (argv_template.empty())
    return Error{at, "must name a program to run, e.g. [\"npx\", \"jest\", \"{path}\"]"};
  if (argv_template.front().empty())
    return Error{at + "[0]", "must name a program to run, not be empty"};
  for (std::size_t i = 0; i < argv_template.size(); ++i) {
    std::string_view element = argv_template[i];
    for (auto open = element.find('{'); open != std::string_view::npos;
         open = element.find('{', open + 1)) {
      auto word = braced_word(element, open);
      bool shell_variable = open > 0 && element[open - 1] == '$';
      if (word && !shell_variable && looks_like_placeholder(*word) && !is_placeholder_name(*word))
        return Error{at + "[" + std::to_string(i) + "]", "unknown placeholder {" +
                                                             std::string(*word) +
                                                             "}; known: " + known_placeholders()};
    }
  }
  return std::nullopt;
}

} // namespace shardline
