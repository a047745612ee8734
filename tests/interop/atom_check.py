#!/usr/bin/python3
"""Reads an Atom feed on stdin with Python's own XML parser and checks what
RFC 4287 requires of it, independently of the C++ that wrote it:

  feed (4.1.1): exactly one id, title and updated; an author, or one in
  every entry; a link rel="self" (RFC 4287 recommends it, we insist); at
  most one alternate link per type.
  entry (4.1.2): exactly one id, title and updated; a link rel="alternate"
  (an entry without content must have one; we insist on it for all);
  ids are absolute IRIs and unique; dates are RFC 3339.
  Entries come newest first.

Prints one JSON object: {"problems": [...], "id", "title", "updated",
"links": [{rel, href, type}], "entries": [{id, title, updated, links,
categories, content}]}; exit status 0 when there are no problems, 1 when
there are, 2 when the input is not XML at all.
"""
import datetime
import json
import re
import sys
import xml.etree.ElementTree as ET

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
problems = []


def require(condition, what):
    if not condition:
        problems.append(what)


def one(element, name, where):
    found = element.findall(ATOM + name)
    require(len(found) == 1, "%s has exactly one atom:%s (found %d)" % (where, name, len(found)))
    return (found[0].text or "") if found else ""


def instant(text, where):
    require(bool(RFC3339.match(text)), "%s is an RFC 3339 date: %r" % (where, text))
    try:
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def iri(text, where):
    require(bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$", text)), "%s is an absolute IRI: %r" % (where, text))


def links(element):
    return [{"rel": l.get("rel", "alternate"), "href": l.get("href", ""), "type": l.get("type", "")}
            for l in element.findall(ATOM + "link")]


try:
    root = ET.fromstring(sys.stdin.buffer.read())
except ET.ParseError as e:
    print(json.dumps({"problems": ["not well-formed XML: %s" % e]}))
    sys.exit(2)

require(root.tag == ATOM + "feed", "the root element is atom:feed (found %s)" % root.tag)
feed = {"id": one(root, "id", "feed"), "title": one(root, "title", "feed"),
        "updated": one(root, "updated", "feed"), "links": links(root), "entries": []}
iri(feed["id"], "the feed id")
instant(feed["updated"], "the feed's updated")
feed_has_author = any(a.find(ATOM + "name") is not None for a in root.findall(ATOM + "author"))
require(any(l["rel"] == "self" for l in feed["links"]), "the feed has a link rel=self")
alternate_types = [l["type"] for l in feed["links"] if l["rel"] == "alternate"]
require(len(alternate_types) == len(set(alternate_types)), "at most one feed alternate link per type")

times = []
for n, entry in enumerate(root.findall(ATOM + "entry")):
    where = "entry %d" % n
    e = {"id": one(entry, "id", where), "title": one(entry, "title", where),
         "updated": one(entry, "updated", where), "links": links(entry),
         "categories": [c.get("term", "") for c in entry.findall(ATOM + "category")],
         "content": "".join(c.text or "" for c in entry.findall(ATOM + "content"))}
    iri(e["id"], where + " id")
    times.append(instant(e["updated"], where + " updated"))
    require(feed_has_author or any(a.find(ATOM + "name") is not None for a in entry.findall(ATOM + "author")),
            where + " has an author (or the feed has one)")
    require(any(l["rel"] == "alternate" for l in e["links"]), where + " has a link rel=alternate")
    feed["entries"].append(e)

ids = [e["id"] for e in feed["entries"]]
require(len(ids) == len(set(ids)), "entry ids are unique")
known = [t for t in times if t is not None]
require(known == sorted(known, reverse=True), "entries come newest first")
feed["problems"] = problems
print(json.dumps(feed, ensure_ascii=False))
sys.exit(1 if problems else 0)
