#include "pages/atom_feed.h"

#include <catch2/catch.hpp>

using namespace mark::pages;

namespace {

AtomFeed SampleFeed() {
  AtomFeed f;
  f.id = "https://mark.example.jp/feed.atom";
  f.title = "変更 / changes";
  f.updated = "2026-04-01T01:00:00Z";
  f.author_name = "Registry";
  f.author_uri = "https://mark.example.jp/";
  f.links = {{"self", "https://mark.example.jp/feed.atom", "application/atom+xml"},
             {"next", "https://mark.example.jp/feed.atom?before=7", "application/atom+xml"}};
  AtomEntry e;
  e.id = "tag:mark.example.jp,2026-04-01:mark-event/J0072/8";
  e.title = "J0072 一時停止 / suspended: <b>";
  e.updated = "2026-04-01T01:00:00Z";
  e.published = e.updated;
  e.links = {{"alternate", "https://mark.example.jp/v/J0072", "text/html"}};
  e.categories = {{"suspended", "一時停止"}};
  e.content = "理由 / reason: a & b";
  f.entries.push_back(e);
  return f;
}

}  // namespace

TEST_CASE("An Atom feed has RFC 4287's required elements in order, all text escaped", "[atom]") {
  const std::string xml = RenderAtomFeed(SampleFeed());
  CHECK(xml ==
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"ja\">\n"
        "  <id>https://mark.example.jp/feed.atom</id>\n"
        "  <title type=\"text\">変更 / changes</title>\n"
        "  <updated>2026-04-01T01:00:00Z</updated>\n"
        "  <author>\n"
        "    <name>Registry</name>\n"
        "    <uri>https://mark.example.jp/</uri>\n"
        "  </author>\n"
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"https://mark.example.jp/feed.atom\"/>\n"
        "  <link rel=\"next\" type=\"application/atom+xml\" href=\"https://mark.example.jp/feed.atom?before=7\"/>\n"
        "  <entry>\n"
        "    <id>tag:mark.example.jp,2026-04-01:mark-event/J0072/8</id>\n"
        "    <title type=\"text\">J0072 一時停止 / suspended: &lt;b&gt;</title>\n"
        "    <updated>2026-04-01T01:00:00Z</updated>\n"
        "    <published>2026-04-01T01:00:00Z</published>\n"
        "    <link rel=\"alternate\" type=\"text/html\" href=\"https://mark.example.jp/v/J0072\"/>\n"
        "    <category term=\"suspended\" label=\"一時停止\"/>\n"
        "    <content type=\"text\">理由 / reason: a &amp; b</content>\n"
        "  </entry>\n"
        "</feed>\n");
}

TEST_CASE("Optional Atom elements are left out when empty", "[atom]") {
  AtomFeed f = SampleFeed();
  f.author_uri.clear();
  f.entries[0].published.clear();
  f.entries[0].content.clear();
  f.entries[0].categories = {{"granted", ""}};
  const std::string xml = RenderAtomFeed(f);
  CHECK(xml.find("<uri>") == std::string::npos);
  CHECK(xml.find("<published>") == std::string::npos);
  CHECK(xml.find("<content") == std::string::npos);
  CHECK(xml.find("<category term=\"granted\"/>") != std::string::npos);
}
