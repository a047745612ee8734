// Strong entity tags and conditional GET (RFC 9110 §8.8.3, §13.1.2) for the
// public images and static files, so browsers and CDNs revalidate cheaply.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

#include "crypto/sha256.h"

namespace mark::http {

// A strong ETag ("\"…\"", quotes included) naming `material`: the first 128
// bits of its SHA-256, hex. Put everything the representation depends on in
// `material`.
std::string StrongEtag(std::string_view material);

// StrongEtag of material fed in pieces (an answer written to a file).
class EtagHasher {
 public:
  EtagHasher();
  void Update(std::string_view piece);
  // The ETag of everything given; call once.
  std::string Final();

 private:
  crypto::Sha256Hasher hasher_;
};

// True when the request's If-None-Match lists `etag` (weak comparison, as
// RFC 9110 asks for If-None-Match) or is "*".
bool IfNoneMatchHits(const httplib::Request& req, const std::string& etag);

// Answers 304 Not Modified (no body) when the request's If-None-Match hits;
// the caller has already set ETag, Cache-Control and Vary. Returns whether
// it answered.
bool AnswerNotModified(const httplib::Request& req, httplib::Response& res, const std::string& etag);

}  // namespace mark::http
