#include "badge/xml_writer.h"

#include <catch2/catch.hpp>

using mark::badge::XmlWriter;

TEST_CASE("XmlWriter nests, indents and closes what is open", "[xml]") {
  XmlWriter w;
  w.Open("feed", {{"xmlns", "http://www.w3.org/2005/Atom"}});
  w.Element("title", "登録簿");
  w.Empty("link", {{"rel", "self"}, {"href", "https://x.example/feed.atom?a=1&b=2"}});
  w.Open("entry");
  w.Element("id", "tag:x.example,2026-04-01:1");
  CHECK(std::move(w).Finish() ==
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        "  <title>登録簿</title>\n"
        "  <link rel=\"self\" href=\"https://x.example/feed.atom?a=1&amp;b=2\"/>\n"
        "  <entry>\n"
        "    <id>tag:x.example,2026-04-01:1</id>\n"
        "  </entry>\n"
        "</feed>\n");
}

TEST_CASE("XmlWriter escapes every text and attribute: data never becomes markup", "[xml]") {
  XmlWriter w;
  w.Open("a", {{"title", "\"/><script>x</script>"}});
  w.Element("b", "</b><c>&amp;\x01\x7f\xff");
  const std::string out = std::move(w).Finish();
  CHECK(out ==
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        "<a title=\"&quot;/&gt;&lt;script&gt;x&lt;/script&gt;\">\n"
        "  <b>&lt;/b&gt;&lt;c&gt;&amp;amp;\xEF\xBF\xBD</b>\n"
        "</a>\n");
  CHECK(out.find("<script") == std::string::npos);
}

TEST_CASE("XmlWriter: a Close with nothing open does nothing", "[xml]") {
  XmlWriter w;
  w.Empty("x").Close().Close();
  CHECK(std::move(w).Finish() == "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<x/>\n");
}
