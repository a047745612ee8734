#include "http/etag.h"

#include "common/hex.h"
#include "common/trim.h"

namespace mark::http {

std::string StrongEtag(std::string_view material) {
  EtagHasher hasher;
  hasher.Update(material);
  return hasher.Final();
}

EtagHasher::EtagHasher() = default;

void EtagHasher::Update(std::string_view piece) { hasher_.Update(piece); }

std::string EtagHasher::Final() {
  const crypto::Sha256Digest h = hasher_.Final();
  return "\"" + Hex(std::span(h).first(16)) + "\"";
}

bool IfNoneMatchHits(const httplib::Request& req, const std::string& etag) {
  auto range = req.headers.equal_range("If-None-Match");
  for (auto it = range.first; it != range.second; ++it) {
    std::string_view list = it->second;
    while (!list.empty()) {
      size_t comma = list.find(',');
      std::string_view tag = TrimOws(list.substr(0, comma));
      list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
      if (tag == "*") return true;
      if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
      if (tag == etag) return true;
    }
  }
  return false;
}

bool AnswerNotModified(const httplib::Request& req, httplib::Response& res, const std::string& etag) {
  if (!IfNoneMatchHits(req, etag)) return false;
  res.status = 304;
  res.body.clear();
  return true;
}

}  // namespace mark::http
