#include "model/xml_text.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

// The XML reader JUnit imports stand on: what it reads, and every malformed
// input as one Error naming what and where.

namespace shardline {
namespace {

std::string error_of(std::string_view text, const XmlLimits& limits = {}) {
  auto parsed = parse_xml(text, limits);
  return parsed ? std::string("(parsed)") : parsed.error().message;
}

TEST(XmlText, reads_elements_attributes_and_text_in_order) {
  auto root = parse_xml("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        "<a x=\"1\" y='two'>\n  <b/>hello<c z = \"3\">in c</c> world</a>\n");

  ASSERT_TRUE(root) << root.error().message;
  EXPECT_EQ(root->name, "a");
  ASSERT_EQ(root->attributes.size(), 2u);
  EXPECT_EQ(*root->attribute("y"), "two");
  EXPECT_EQ(root->attribute("nope"), nullptr);
  ASSERT_EQ(root->children.size(), 2u);
  EXPECT_EQ(root->children[0].name, "b");
  EXPECT_EQ(root->children[1].text, "in c");
  EXPECT_EQ(*root->children[1].attribute("z"), "3");
  EXPECT_EQ(root->children[1].line, 3);
  EXPECT_EQ(root->text, "\n  hello world");
}

TEST(XmlText, decodes_the_five_entities_and_character_references) {
  auto root =
      parse_xml("<a t=\"&lt;&gt;&amp;&quot;&apos;\">&#65;&#x42;&#xe9;&#x1F600;&amp;amp;</a>");

  ASSERT_TRUE(root) << root.error().message;
  EXPECT_EQ(*root->attribute("t"), "<>&\"'");
  EXPECT_EQ(root->text, "AB\xC3\xA9\xF0\x9F\x98\x80&amp;");
}

TEST(XmlText, cdata_is_text_as_written_and_comments_and_instructions_are_skipped) {
  auto root = parse_xml("<!-- before --><?pi stuff?>\n<a><![CDATA[<b>&amp; ]] > ok]]><!-- c "
                        "--><?pi x?>!</a>\n<!-- after -->\n");

  ASSERT_TRUE(root) << root.error().message;
  EXPECT_TRUE(root->children.empty());
  EXPECT_EQ(root->text, "<b>&amp; ]] > ok!");
}

TEST(XmlText, line_ends_become_newlines_and_whitespace_in_attributes_spaces) {
  auto root = parse_xml("<a m=\"one\r\ntwo\tthree\">x\r\ny\rz</a>");

  ASSERT_TRUE(root);
  EXPECT_EQ(*root->attribute("m"), "one two three");
  EXPECT_EQ(root->text, "x\ny\nz");
}

TEST(XmlText, a_byte_order_mark_and_an_empty_root_are_fine) {
  auto root = parse_xml("\xEF\xBB\xBF<testsuites/>");

  ASSERT_TRUE(root) << root.error().message;
  EXPECT_EQ(root->name, "testsuites");
}

TEST(XmlText, a_reference_to_a_control_character_is_dropped) {
  auto root = parse_xml("<a>red&#27;[31m&#0;</a>");

  ASSERT_TRUE(root) << root.error().message;
  EXPECT_EQ(root->text, "red[31m");
}

TEST(XmlText, malformed_documents_say_what_and_where) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"", "no root element: the document is empty or holds only comments"},
      {"<!-- only -->", "no root element: the document is empty or holds only comments"},
      {"<a>", "line 1, column 4: the document ends inside <a> (opened at line 1)"},
      {"<a>\n<b></a>", "line 2, column 4: </a> closes <b> (opened at line 2)"},
      {"<a></a><b/>", "line 1, column 8: a second root element; a document has one"},
      {"<a/>junk", "line 1, column 5: text after the root element"},
      {"junk<a/>", "line 1, column 1: text outside the root element"},
      {"<a x=1/>", "line 1, column 6: the value of attribute x is not in quotes"},
      {"<a x=\"1\" x=\"2\"/>", "line 1, column 10: attribute x appears twice in <a>"},
      {"<a x=\"1\"y=\"2\"/>", "line 1, column 9: expected whitespace, > or /> in <a>"},
      {"<a x=\"<\"/>", "line 1, column 7: a '<' in the value of attribute x: write it as &lt;"},
      {"<a x=\"1/>", "line 1, column 4: the value of attribute x is not closed"},
      {"<a>&nbsp;</a>", "line 1, column 4: unknown entity &nbsp; (without a DOCTYPE only &lt; "
                        "&gt; &amp; &quot; &apos; and character references like &#160; are "
                        "defined)"},
      {"<a>fish & chips</a>", "line 1, column 9: a bare '&': write it as &amp;"},
      {"<a>&#xZZ;</a>", "line 1, column 4: malformed character reference &#xZZ;"},
      {"<a>&#xD800;</a>",
       "line 1, column 4: character reference &#xD800; is to U+D800, which XML does not allow"},
      {"<a>&#x110000;</a>",
       "line 1, column 4: character reference &#x110000; is to no character, which XML does not "
       "allow"},
      {"<a><![CDATA[open</a>", "line 1, column 4: CDATA section is not closed with ]]>"},
      {"<a><!-- open</a>", "line 1, column 8: comment is not closed"},
      {"<a><? x ?></a>", "line 1, column 6: expected a processing instruction's name after <?"},
      {"<a><!ELEMENT x></a>", "line 1, column 4: unexpected markup after <!"},
      {"<!DOCTYPE a [<!ENTITY x \"y\">]><a/>",
       "line 1, column 1: a DOCTYPE is not accepted (a report needs none, and its entities could "
       "expand without bound)"},
      {"<a/>\n<?xml version=\"1.0\"?>",
       "line 2, column 1: an XML declaration is only allowed at the very start"},
      {"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>",
       "line 1, column 1: encoding \"ISO-8859-1\" is not read; only UTF-8 is"},
      {"<?xml version=\"2.0\"?><a/>", "line 1, column 1: XML version \"2.0\" is not read; 1.0 is"},
      {"<a>\n\x1b[31m</a>", "line 2, column 1: control character U+001B is not allowed in XML; "
                            "write it as a reference or remove it"},
      {"<a>\xC3\x28</a>", "line 1, column 4: bytes that are not UTF-8; only UTF-8 is read"},
      {"\xFF\xFE<\0a\0/\0>\0", "the document is UTF-16; only UTF-8 is read"},
      {"<1a/>", "line 1, column 2: expected an element name after <"},
      {"<a></ a>", "line 1, column 6: expected an element name after </"},
      {"<a></a  x>", "line 1, column 9: expected > to end </a"},
      {"<a", "line 1, column 1: <a is not closed with >"},
  };
  for (const auto& [text, expected] : cases)
    EXPECT_EQ(error_of(text), expected) << "input: " << text;
}

TEST(XmlText, limits_are_errors_that_name_the_limit) {
  XmlLimits limits;
  limits.max_bytes = 10;
  EXPECT_EQ(error_of("<a>0123456789</a>", limits), "the document is 17 bytes; at most 10 are read");

  limits = {};
  limits.max_depth = 3;
  EXPECT_TRUE(parse_xml("<a><b><c/></b></a>", limits));
  EXPECT_EQ(error_of("<a><b><c><d/></c></b></a>", limits),
            "line 1, column 10: elements nest deeper than 3");

  limits = {};
  limits.max_elements = 3;
  EXPECT_EQ(error_of("<a><b/><b/><b/></a>", limits), "line 1, column 12: more than 3 elements");

  limits = {};
  limits.max_attributes = 2;
  EXPECT_EQ(error_of("<a x=\"1\" y=\"2\" z=\"3\"/>", limits),
            "line 1, column 16: <a> has more than 2 attributes");

  limits = {};
  limits.max_name_bytes = 4;
  EXPECT_EQ(error_of("<testcase/>", limits), "line 1, column 2: an element name after < longer "
                                             "than 4 bytes");
}

TEST(XmlText, deep_nesting_beyond_the_limit_is_an_error_not_a_crash) {
  std::string deep;
  for (int i = 0; i < 100'000; ++i)
    deep += "<a>";

  EXPECT_EQ(error_of(deep), "line 1, column 193: elements nest deeper than 64");
}

} // namespace
} // namespace shardline
