#pragma once

// A small, strict and bounded XML reader for the reports shardline imports
// (JUnit XML, runners/junit_report.hpp). No library: what a report needs is
// little, and what a general XML library also does (DTDs, external
// entities, other encodings) is what a file from another machine must not
// reach.
//
// Read: UTF-8 (a byte order mark is skipped), the XML declaration,
// elements, attributes in ' or " quotes, the five predefined entities,
// numeric character references, CDATA sections, comments and processing
// instructions (both skipped). Line ends become "\n"; whitespace in an
// attribute value becomes a space, as XML says.
// Refused, as an Error naming what and where (`line 7, column 12: ...`): a
// DOCTYPE (entity declarations could expand without bound), any other
// encoding, bytes that are not UTF-8, control characters XML 1.0 forbids,
// unknown entities, a bare '&' or '<', mismatched or unclosed tags, text
// outside the root element, a second root, and anything beyond XmlLimits.
// A character reference to a control character (`&#27;`, as maven-surefire
// writes an ANSI escape in a test's output) is dropped rather than refused:
// the reference itself is well formed, and dropping it loses nothing a
// report is read for. The reader never recurses, so no input can exhaust
// the stack, and it runs in time linear in the input.

#include "model/result.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shardline {

struct XmlElement {
  std::string name;
  /// In document order, references decoded.
  std::vector<std::pair<std::string, std::string>> attributes;
  /// The character data directly inside (between its children too), CDATA
  /// included, references decoded.
  std::string text;
  std::vector<XmlElement> children;
  std::int64_t line = 0; // where its start tag is, 1-based

  /// The attribute's value, or nullptr when the element has none so named.
  const std::string* attribute(std::string_view key) const;
};

/// How much a document may hold; parse_xml refuses anything beyond.
struct XmlLimits {
  std::size_t max_bytes = std::size_t{128} * 1024 * 1024;
  std::size_t max_depth = 64;           // elements inside elements
  std::size_t max_elements = 2'000'000; // in the whole document
  std::size_t max_attributes = 64;      // on one element
  std::size_t max_name_bytes = 256;     // an element's or attribute's name
};

/// The document's root element, or an Error whose message says what is
/// wrong and where (`line 3, column 14: </testsuite> closes <testcase>
/// (opened at line 2)`); a limit's message names the limit.
Result<XmlElement> parse_xml(std::string_view text, const XmlLimits& limits = {});

} // namespace shardline
