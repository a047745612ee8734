#include "badge/xml_writer.h"

#include "common/html_escape.h"

namespace mark::badge {

XmlWriter::XmlWriter() : out_("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n") {}

void XmlWriter::StartTag(std::string_view name, Attributes attrs) {
  out_.append(2 * open_.size(), ' ');
  out_ += '<';
  out_ += name;
  for (const auto& [key, value] : attrs) {
    out_ += ' ';
    out_ += key;
    out_ += "=\"";
    out_ += EscapeXml(value);
    out_ += '"';
  }
}

XmlWriter& XmlWriter::Open(std::string_view name, Attributes attrs) {
  StartTag(name, attrs);
  out_ += ">\n";
  open_.emplace_back(name);
  return *this;
}

XmlWriter& XmlWriter::Close() {
  if (open_.empty()) return *this;
  const std::string name = std::move(open_.back());
  open_.pop_back();
  out_.append(2 * open_.size(), ' ');
  out_ += "</";
  out_ += name;
  out_ += ">\n";
  return *this;
}

XmlWriter& XmlWriter::Element(std::string_view name, std::string_view text, Attributes attrs) {
  StartTag(name, attrs);
  out_ += '>';
  out_ += EscapeXml(text);
  out_ += "</";
  out_ += name;
  out_ += ">\n";
  return *this;
}

XmlWriter& XmlWriter::Empty(std::string_view name, Attributes attrs) {
  StartTag(name, attrs);
  out_ += "/>\n";
  return *this;
}

std::string XmlWriter::Finish() && {
  while (!open_.empty()) Close();
  return std::move(out_);
}

}  // namespace mark::badge
