// An Atom feed document (RFC 4287) from plain values, written with
// XmlWriter (every text and attribute escaped). The caller supplies what
// RFC 4287 requires (section 4.1.1: feed id, title, updated, an author;
// section 4.1.2: each entry's id, title, updated, and a link alternate since
// it carries no remote content); paging links (RFC 5005 section 3: first,
// next, previous) are plain links here. Pure function; thread-safe.
#pragma once

#include <string>
#include <vector>

namespace mark::pages {

struct AtomLink {
  std::string rel;   // "self", "alternate", "first", "next", "related" ...
  std::string href;  // absolute IRI
  std::string type;  // media type; "" for none
};

struct AtomCategory {
  std::string term;
  std::string label;  // "" for none
};

struct AtomEntry {
  std::string id;         // a permanent, universally unique IRI
  std::string title;      // plain text
  std::string updated;    // RFC 3339
  std::string published;  // RFC 3339; "" for none
  std::vector<AtomLink> links;
  std::vector<AtomCategory> categories;
  std::string content;  // plain text (type="text"); "" for none
};

struct AtomFeed {
  std::string lang = "ja";  // xml:lang of the document
  std::string id;
  std::string title;     // plain text
  std::string subtitle;  // plain text; "" for none
  std::string updated;   // RFC 3339
  std::string author_name;
  std::string author_uri;  // "" for none
  std::vector<AtomLink> links;
  std::vector<AtomEntry> entries;  // in the order given
};

// The document, UTF-8 with an XML declaration.
std::string RenderAtomFeed(const AtomFeed& feed);

}  // namespace mark::pages
