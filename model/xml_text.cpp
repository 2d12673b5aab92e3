#include "model/xml_text.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>

namespace shardline {

const std::string* XmlElement::attribute(std::string_view key) const {
  for (const auto& [name, value] : attributes)
    if (name == key)
      return &value;
  return nullptr;
}

namespace {

constexpr std::string_view byte_order_mark = "\xEF\xBB\xBF";
constexpr std::size_t max_reference_bytes = 12; // "&#x10FFFF;" and a little room

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool is_name_start(char c) {
  auto byte = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || byte >= 0x80;
}

bool is_name_char(char c) {
  return is_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  return out;
}

void append_utf8(std::string& out, std::uint32_t code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

std::string code_point_text(std::uint32_t code) {
  char text[16];
  std::snprintf(text, sizeof text, "U+%04X", static_cast<unsigned>(code));
  return text;
}

// The length of the UTF-8 sequence at `at` (1 to 4), or 0 when it is not
// one: overlong forms, surrogates and code points beyond U+10FFFF included.
std::size_t utf8_length(std::string_view text, std::size_t at) {
  auto byte = [&](std::size_t i) {
    return i < text.size() ? static_cast<unsigned char>(text[i]) : 0u;
  };
  auto continuation = [&](std::size_t i) { return (byte(i) & 0xC0) == 0x80; };
  auto first = byte(at);
  if (first < 0x80)
    return 1;
  if (first >= 0xC2 && first <= 0xDF)
    return continuation(at + 1) ? 2 : 0;
  if (first >= 0xE0 && first <= 0xEF) {
    auto second = byte(at + 1);
    if ((first == 0xE0 && second < 0xA0) || (first == 0xED && second > 0x9F))
      return 0;
    return continuation(at + 1) && continuation(at + 2) ? 3 : 0;
  }
  if (first >= 0xF0 && first <= 0xF4) {
    auto second = byte(at + 1);
    if ((first == 0xF0 && second < 0x90) || (first == 0xF4 && second > 0x8F))
      return 0;
    return continuation(at + 1) && continuation(at + 2) && continuation(at + 3) ? 4 : 0;
  }
  return 0;
}

class Reader {
public:
  Reader(std::string_view text, const XmlLimits& limits) : in_(text), limits_(limits) {}

  Result<XmlElement> read() {
    if (in_.size() > limits_.max_bytes)
      return Error{"", "the document is " + std::to_string(in_.size()) + " bytes; at most " +
                           std::to_string(limits_.max_bytes) + " are read"};
    if (in_.starts_with("\xFE\xFF") || in_.starts_with("\xFF\xFE"))
      return Error{"", "the document is UTF-16; only UTF-8 is read"};
    if (auto error = check_characters())
      return *error;
    if (in_.starts_with(byte_order_mark))
      pos_ = byte_order_mark.size();
    if (auto error = declaration())
      return *error;
    if (auto error = misc())
      return *error;
    if (at_end())
      return Error{"", "no root element: the document is empty or holds only comments"};
    if (peek() != '<')
      return fail(pos_, "text outside the root element");
    auto root = element_tree();
    if (!root)
      return root.error();
    if (auto error = misc())
      return *error;
    if (!at_end())
      return fail(pos_, peek() == '<' ? "a second root element; a document has one"
                                      : "text after the root element");
    return root;
  }

private:
  // -- positions ---------------------------------------------------------------

  bool at_end() const { return pos_ >= in_.size(); }
  char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < in_.size() ? in_[pos_ + ahead] : '\0';
  }
  bool looking_at(std::string_view what) const { return in_.substr(pos_).starts_with(what); }

  // The 1-based line of `at`. Positions asked for mostly grow, so lines are
  // counted on from the last answer; an earlier one counts from the start.
  std::int64_t line_of(std::size_t at) {
    if (at < counted_to_) {
      counted_to_ = 0;
      counted_lines_ = 1;
    }
    at = std::min(at, in_.size());
    counted_lines_ += std::count(in_.begin() + static_cast<std::ptrdiff_t>(counted_to_),
                                 in_.begin() + static_cast<std::ptrdiff_t>(at), '\n');
    counted_to_ = at;
    return counted_lines_;
  }

  Error fail(std::size_t at, const std::string& what) {
    at = std::min(at, in_.size());
    auto line_start = at == 0 ? std::string_view::npos : in_.rfind('\n', at - 1);
    auto column = line_start == std::string_view::npos ? at + 1 : at - line_start;
    return Error{"", std::string("line ")
                         .append(std::to_string(line_of(at)))
                         .append(", column ")
                         .append(std::to_string(column))
                         .append(": ")
                         .append(what)};
  }

  // -- characters ----------------------------------------------------------------

  // UTF-8 throughout and no control character XML 1.0 forbids, checked once
  // up front so the rest reads bytes.
  std::optional<Error> check_characters() {
    for (std::size_t at = 0; at < in_.size();) {
      auto byte = static_cast<unsigned char>(in_[at]);
      if (byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r')
        return fail(at, "control character " + code_point_text(byte) +
                            " is not allowed in XML; write it as a reference or remove it");
      auto length = utf8_length(in_, at);
      if (length == 0)
        return fail(at, "bytes that are not UTF-8; only UTF-8 is read");
      at += length;
    }
    return std::nullopt;
  }

  // Appends `text` with line ends made "\n" (or, in an
  // attribute value, every whitespace character a space).
  static void append_text(std::string& out, std::string_view text, bool attribute) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      char c = text[i];
      if (c == '\r') {
        if (i + 1 < text.size() && text[i + 1] == '\n')
          continue;
        c = '\n';
      }
      if (attribute && (c == '\n' || c == '\t'))
        c = ' ';
      out += c;
    }
  }

  // At '&': appends what the reference stands for.
  std::optional<Error> reference(std::string& out) {
    auto start = pos_;
    auto end = in_.find(';', pos_);
    if (end == std::string_view::npos || end - pos_ > max_reference_bytes)
      return fail(start, "a bare '&': write it as &amp;");
    auto body = in_.substr(pos_ + 1, end - pos_ - 1);
    if (body.empty() || (body[0] != '#' && !std::all_of(body.begin(), body.end(), is_name_char)))
      return fail(start, "a bare '&': write it as &amp;");
    pos_ = end + 1;
    if (body.starts_with('#')) {
      bool hex = body.size() > 1 && body[1] == 'x';
      auto digits = body.substr(hex ? 2 : 1);
      std::uint32_t code = 0;
      if (digits.empty() || digits.size() > 8)
        return fail(start, "malformed character reference &" + std::string(body) + ";");
      for (char c : digits) {
        std::uint32_t digit = 0;
        if (c >= '0' && c <= '9')
          digit = static_cast<std::uint32_t>(c - '0');
        else if (hex && c >= 'a' && c <= 'f')
          digit = static_cast<std::uint32_t>(c - 'a' + 10);
        else if (hex && c >= 'A' && c <= 'F')
          digit = static_cast<std::uint32_t>(c - 'A' + 10);
        else
          return fail(start, "malformed character reference &" + std::string(body) + ";");
        code = code * (hex ? 16 : 10) + digit;
      }
      if (code < 0x20 && code != '\t' && code != '\n' && code != '\r')
        return std::nullopt; // a control character: dropped (see the header)
      if ((code >= 0xD800 && code <= 0xDFFF) || code == 0xFFFE || code == 0xFFFF || code > 0x10FFFF)
        return fail(start,
                    "character reference &" + std::string(body) + "; is to " +
                        (code > 0x10FFFF ? std::string("no character") : code_point_text(code)) +
                        ", which XML does not allow");
      append_utf8(out, code);
      return std::nullopt;
    }
    if (body == "lt")
      out += '<';
    else if (body == "gt")
      out += '>';
    else if (body == "amp")
      out += '&';
    else if (body == "quot")
      out += '"';
    else if (body == "apos")
      out += '\'';
    else
      return fail(start, "unknown entity &" + std::string(body) +
                             "; (without a DOCTYPE only &lt; &gt; &amp; &quot; &apos; and "
                             "character references like &#160; are defined)");
    return std::nullopt;
  }

  // -- markup --------------------------------------------------------------------

  Result<std::string> name(const char* what) {
    auto start = pos_;
    if (at_end() || !is_name_start(peek()))
      return fail(start, std::string("expected ") + what);
    while (!at_end() && is_name_char(peek()))
      ++pos_;
    if (pos_ - start > limits_.max_name_bytes)
      return fail(start, std::string(what) + " longer than " +
                             std::to_string(limits_.max_name_bytes) + " bytes");
    return std::string(in_.substr(start, pos_ - start));
  }

  bool skip_space() {
    auto start = pos_;
    while (!at_end() && is_space(peek()))
      ++pos_;
    return pos_ > start;
  }

  // Skips from `open` to past `close`; `what` names it when it never closes.
  std::optional<Error> skip_past(std::string_view close, const char* what) {
    auto start = pos_;
    auto end = in_.find(close, pos_);
    if (end == std::string_view::npos)
      return fail(start, std::string(what) + " is not closed");
    pos_ = end + close.size();
    return std::nullopt;
  }

  // At "<?": a processing instruction, skipped. The XML declaration is only
  // allowed first (declaration()).
  std::optional<Error> processing_instruction() {
    auto start = pos_;
    pos_ += 2;
    auto target = name("a processing instruction's name after <?");
    if (!target)
      return target.error();
    if (lower(*target) == "xml")
      return fail(start, "an XML declaration is only allowed at the very start");
    return skip_past("?>", "processing instruction");
  }

  // At "<!": a comment, or a DOCTYPE (refused), or something that is neither.
  std::optional<Error> comment_or_doctype() {
    if (looking_at("<!--")) {
      pos_ += 4;
      return skip_past("-->", "comment");
    }
    if (looking_at("<!DOCTYPE"))
      return fail(pos_, "a DOCTYPE is not accepted (a report needs none, and its entities "
                        "could expand without bound)");
    if (looking_at("<![CDATA["))
      return fail(pos_, "CDATA outside the root element");
    return fail(pos_, "unexpected markup after <!");
  }

  // The XML declaration, if the document starts with one: version 1.x,
  // encoding UTF-8 (or its subset US-ASCII) when named.
  std::optional<Error> declaration() {
    if (!looking_at("<?xml") || !is_space(peek(5)))
      return std::nullopt;
    auto start = pos_;
    pos_ += 5;
    auto end = in_.find("?>", pos_);
    if (end == std::string_view::npos)
      return fail(start, "the XML declaration is not closed");
    std::string_view inside = in_.substr(pos_, end - pos_);
    for (std::string_view key : {"version", "encoding"}) {
      auto found = inside.find(key);
      if (found == std::string_view::npos)
        continue;
      auto quote = inside.find_first_of("'\"", found);
      auto close = quote == std::string_view::npos ? quote : inside.find(inside[quote], quote + 1);
      if (close == std::string_view::npos)
        return fail(start, "the XML declaration's " + std::string(key) + " is not quoted");
      auto value = inside.substr(quote + 1, close - quote - 1);
      if (key == "version" && !value.starts_with("1."))
        return fail(start, "XML version \"" + std::string(value) + "\" is not read; 1.0 is");
      if (key == "encoding" && lower(value) != "utf-8" && lower(value) != "utf8" &&
          lower(value) != "us-ascii")
        return fail(start, "encoding \"" + std::string(value) + "\" is not read; only UTF-8 is");
    }
    pos_ = end + 2;
    return std::nullopt;
  }

  // Whitespace, comments and processing instructions around the root.
  std::optional<Error> misc() {
    while (true) {
      skip_space();
      if (looking_at("<?")) {
        if (auto error = processing_instruction())
          return error;
      } else if (looking_at("<!")) {
        if (auto error = comment_or_doctype())
          return error;
      } else {
        return std::nullopt;
      }
    }
  }

  // At '<' of a start tag: its name and attributes, then ">" or "/>".
  // Returns whether the element is empty ("/>").
  Result<bool> start_tag(XmlElement& element) {
    auto start = pos_;
    ++pos_;
    element.line = line_of(start);
    auto tag = name("an element name after <");
    if (!tag)
      return tag.error();
    element.name = std::move(*tag);
    while (true) {
      bool spaced = skip_space();
      if (at_end())
        return fail(start, "<" + element.name + " is not closed with >");
      if (looking_at("/>")) {
        pos_ += 2;
        return true;
      }
      if (peek() == '>') {
        ++pos_;
        return false;
      }
      if (!spaced)
        return fail(pos_, "expected whitespace, > or /> in <" + element.name + ">");
      auto attribute_at = pos_;
      auto key = name("an attribute name");
      if (!key)
        return key.error();
      if (element.attribute(*key) != nullptr)
        return fail(attribute_at, "attribute " + *key + " appears twice in <" + element.name + ">");
      if (element.attributes.size() >= limits_.max_attributes)
        return fail(attribute_at, "<" + element.name + "> has more than " +
                                      std::to_string(limits_.max_attributes) + " attributes");
      skip_space();
      if (peek() != '=')
        return fail(pos_, "expected = after attribute " + *key);
      ++pos_;
      skip_space();
      char quote = peek();
      if (quote != '"' && quote != '\'')
        return fail(pos_, "the value of attribute " + *key + " is not in quotes");
      ++pos_;
      std::string value;
      while (true) {
        auto stop = in_.find_first_of(quote == '"' ? "\"<&" : "'<&", pos_);
        if (stop == std::string_view::npos)
          return fail(attribute_at, "the value of attribute " + *key + " is not closed");
        append_text(value, in_.substr(pos_, stop - pos_), true);
        pos_ = stop;
        if (peek() == quote) {
          ++pos_;
          break;
        }
        if (peek() == '<')
          return fail(pos_, "a '<' in the value of attribute " + *key + ": write it as &lt;");
        if (auto error = reference(value))
          return *error;
      }
      element.attributes.emplace_back(std::move(*key), std::move(value));
    }
  }

  // At the root's '<': the whole element, built with an explicit stack of
  // open elements (a child is moved into its parent when it closes).
  Result<XmlElement> element_tree() {
    std::vector<XmlElement> open;
    std::size_t elements = 1;
    XmlElement root;
    auto empty_root = start_tag(root);
    if (!empty_root)
      return empty_root.error();
    if (*empty_root)
      return root;
    open.push_back(std::move(root));
    auto open_child = [&]() -> std::optional<Error> {
      if (open.size() >= limits_.max_depth)
        return fail(pos_, "elements nest deeper than " + std::to_string(limits_.max_depth));
      if (++elements > limits_.max_elements)
        return fail(pos_, "more than " + std::to_string(limits_.max_elements) + " elements");
      XmlElement element;
      auto empty = start_tag(element);
      if (!empty)
        return empty.error();
      if (*empty)
        open.back().children.push_back(std::move(element));
      else
        open.push_back(std::move(element));
      return std::nullopt;
    };
    while (true) {
      if (at_end())
        return fail(pos_, "the document ends inside <" + open.back().name + "> (opened at line " +
                              std::to_string(open.back().line) + ")");
      auto stop = in_.find_first_of("<&", pos_);
      if (stop == std::string_view::npos)
        stop = in_.size();
      append_text(open.back().text, in_.substr(pos_, stop - pos_), false);
      pos_ = stop;
      if (at_end())
        continue;
      if (peek() == '&') {
        if (auto error = reference(open.back().text))
          return *error;
      } else if (looking_at("<![CDATA[")) {
        pos_ += 9;
        auto end = in_.find("]]>", pos_);
        if (end == std::string_view::npos)
          return fail(pos_ - 9, "CDATA section is not closed with ]]>");
        append_text(open.back().text, in_.substr(pos_, end - pos_), false);
        pos_ = end + 3;
      } else if (looking_at("<!")) {
        if (auto error = comment_or_doctype())
          return *error;
      } else if (looking_at("<?")) {
        if (auto error = processing_instruction())
          return *error;
      } else if (looking_at("</")) {
        auto start = pos_;
        pos_ += 2;
        auto tag = name("an element name after </");
        if (!tag)
          return tag.error();
        skip_space();
        if (peek() != '>')
          return fail(pos_, "expected > to end </" + *tag);
        ++pos_;
        if (*tag != open.back().name)
          return fail(start, "</" + *tag + "> closes <" + open.back().name + "> (opened at line " +
                                 std::to_string(open.back().line) + ")");
        if (open.size() == 1)
          return std::move(open.back());
        auto done = std::move(open.back());
        open.pop_back();
        open.back().children.push_back(std::move(done));
      } else if (auto error = open_child()) {
        return *error;
      }
    }
  }

  std::string_view in_;
  const XmlLimits& limits_;
  std::size_t pos_ = 0;
  std::size_t counted_to_ = 0;
  std::int64_t counted_lines_ = 1;
};

} // namespace

Result<XmlElement> parse_xml(std::string_view text, const XmlLimits& limits) {
  return Reader(text, limits).read();
}

} // namespace shardline
