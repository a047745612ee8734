// XmlWriter: a well-formed XML document built element by element (the Atom
// feeds, pages/atom_feed.h). Every attribute value and every piece of text goes
// through EscapeXml (common/html_escape.h, the one escaper for markup), so registry
// text can never add an element or end an attribute; element and attribute
// names are the caller's literals, never data. Elements close in order, so
// the output is always balanced. Not thread-safe: one writer per document.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mark::badge {

class XmlWriter {
 public:
  using Attributes = std::initializer_list<std::pair<std::string_view, std::string_view>>;

  // Starts the document with the XML declaration (version 1.0, UTF-8).
  XmlWriter();

  // <name attrs...>, indented two spaces per level; Close() ends it.
  XmlWriter& Open(std::string_view name, Attributes attrs = {});
  // Ends the innermost open element.
  XmlWriter& Close();
  // <name attrs...>text</name> on one line.
  XmlWriter& Element(std::string_view name, std::string_view text, Attributes attrs = {});
  // <name attrs.../>
  XmlWriter& Empty(std::string_view name, Attributes attrs = {});

  // The document, every element still open closed.
  std::string Finish() &&;

 private:
  void StartTag(std::string_view name, Attributes attrs);

  std::string out_;
  std::vector<std::string> open_;
};

}  // namespace mark::badge
