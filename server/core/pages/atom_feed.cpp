#include "pages/atom_feed.h"

#include "badge/xml_writer.h"

namespace mark::pages {

using namespace mark::badge;  // the verdicts, languages and badges the pages show

namespace {

constexpr const char* kAtomNs = "http://www.w3.org/2005/Atom";

void Links(XmlWriter& w, const std::vector<AtomLink>& links) {
  for (const AtomLink& l : links) {
    if (l.type.empty())
      w.Empty("link", {{"rel", l.rel}, {"href", l.href}});
    else
      w.Empty("link", {{"rel", l.rel}, {"type", l.type}, {"href", l.href}});
  }
}

}  // namespace

std::string RenderAtomFeed(const AtomFeed& feed) {
  XmlWriter w;
  w.Open("feed", {{"xmlns", kAtomNs}, {"xml:lang", feed.lang}});
  w.Element("id", feed.id);
  w.Element("title", feed.title, {{"type", "text"}});
  if (!feed.subtitle.empty()) w.Element("subtitle", feed.subtitle, {{"type", "text"}});
  w.Element("updated", feed.updated);
  w.Open("author");
  w.Element("name", feed.author_name);
  if (!feed.author_uri.empty()) w.Element("uri", feed.author_uri);
  w.Close();
  Links(w, feed.links);
  for (const AtomEntry& e : feed.entries) {
    w.Open("entry");
    w.Element("id", e.id);
    w.Element("title", e.title, {{"type", "text"}});
    w.Element("updated", e.updated);
    if (!e.published.empty()) w.Element("published", e.published);
    Links(w, e.links);
    for (const AtomCategory& c : e.categories) {
      if (c.label.empty())
        w.Empty("category", {{"term", c.term}});
      else
        w.Empty("category", {{"term", c.term}, {"label", c.label}});
    }
    if (!e.content.empty()) w.Element("content", e.content, {{"type", "text"}});
    w.Close();
  }
  return std::move(w).Finish();
}

}  // namespace mark::pages
