#include "publish/static_export.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <set>

#include "badge/badge_svg.h"
#include "common/mark_links.h"
#include "pages/page_verify.h"
#include "badge/qr_code.h"
#include "badge/svg_to_png.h"
#include "common/hex.h"
#include "common/json_text.h"
#include "common/atomic_file.h"
#include "crypto/jws.h"
#include "crypto/sha256.h"
#include "crypto/sodium_init.h"
#include "publish/change_feed.h"
#include "publish/open_data.h"
#include "tlog/transparency_log.h"
#include "publish/public_rules.h"

namespace mark::publish {

namespace fs = std::filesystem;
using nlohmann::json;
using registry::Registry;

namespace {

constexpr const char* kManifest = "manifest.json";
constexpr int kBadgePngWidth = 2 * badge::kBadgeWidth;
constexpr int kQrPngSize = 256;

using crypto::Sha256Hex;

// Writes files under `root`, skipping those whose bytes the old manifest
// already records.
class Writer {
 public:
  Writer(fs::path root, json old_manifest) : root_(std::move(root)), old_(std::move(old_manifest)) {}

  // Whether `rel` would be unchanged with content hashing to `hash`.
  bool Unchanged(const std::string& rel, const std::string& hash) const {
    auto it = old_.find(rel);
    return it != old_.end() && it->is_string() && *it == hash && fs::exists(root_ / rel);
  }

  Status Put(const std::string& rel, std::string_view bytes) { return PutHashed(rel, bytes, Sha256Hex(bytes)); }

  // Writes `rel` from the pieces `produce` hands its sink (a file too large
  // to hold: the open-data exports), hashing as it goes; kept as it was when
  // the hash matches the old manifest. Returns the SHA-256 (hex) and size.
  Result<std::pair<std::string, uint64_t>> PutStreamed(const std::string& rel,
                                                       const std::function<Status(const ByteSink&)>& produce) {
    fs::path target = root_ / rel;
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (ec) return Error::Make(ErrorCode::kUnavailable, "cannot create " + target.parent_path().string());
    fs::path tmp = target;
    tmp += ".tmp";
    crypto::Sha256Hasher hasher;
    uint64_t size = 0;
    {
      std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
      Status produced = produce([&](std::string_view piece) -> Status {
        hasher.Update(piece);
        size += piece.size();
        f.write(piece.data(), static_cast<std::streamsize>(piece.size()));
        if (!f) return Error::Make(ErrorCode::kUnavailable, "cannot write " + tmp.string());
        return Status{};
      });
      if (!produced) {
        f.close();
        fs::remove(tmp, ec);
        return produced.error();
      }
      f.flush();
      if (!f) return Error::Make(ErrorCode::kUnavailable, "cannot write " + tmp.string());
    }
    const std::string hash = Hex(hasher.Final());
    manifest_[rel] = hash;
    if (Unchanged(rel, hash)) {
      fs::remove(tmp, ec);
      ++stats.unchanged;
      return std::make_pair(hash, size);
    }
    if (Status st = mark::ReplaceFileAtomic(tmp, target, mark::Durability::kVisibleOnly); !st) {
      fs::remove(tmp, ec);
      return st.error();
    }
    ++stats.written;
    return std::make_pair(hash, size);
  }

  // `hash` names the content (for a PNG: the hash of its SVG source).
  Status PutHashed(const std::string& rel, std::string_view bytes, const std::string& hash) {
    manifest_[rel] = hash;
    if (Unchanged(rel, hash)) return ++stats.unchanged, Status{};
    fs::path target = root_ / rel;
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (ec) return Error::Make(ErrorCode::kUnavailable, "cannot create " + target.parent_path().string());
    if (Status st = mark::WriteFileAtomic(target, bytes, 0644, mark::Durability::kVisibleOnly); !st) return st;
    ++stats.written;
    return {};
  }

  // Records `rel` as kept without rewriting it (its source is unchanged).
  void Keep(const std::string& rel, const std::string& hash) {
    manifest_[rel] = hash;
    ++stats.unchanged;
  }

  // Removes files of the old manifest not produced this time, then writes
  // the new manifest.
  Status Finish() {
    for (auto it = old_.begin(); it != old_.end(); ++it) {
      if (manifest_.contains(it.key())) continue;
      std::error_code ec;
      if (fs::remove(root_ / it.key(), ec)) ++stats.removed;
    }
    json m = manifest_;
    return Put(kManifest, JsonTextIndented(m, 1));
  }

  ExportStats stats;

 private:
  fs::path root_;
  json old_;
  json manifest_ = json::object();
};

json IndexEntry(const MarkView& v) {
  return {{"number", v.mark.number},
          {"verify", mark::PathsFor(v.mark.number).verify},
          {"status", std::string(ToString(v.status))},
          {"scheme", std::string(ToString(v.service.scheme))},
          {"name", v.service.name},
          {"name_en", v.service.name_en},
          {"operator", v.op.name},
          {"operator_en", v.op.name_en},
          {"domains", v.service.domains},
          {"ssids", v.service.ssids},
          {"valid_from", FormatDate(v.mark.valid_from)},
          {"valid_until", FormatDate(v.mark.valid_until)}};
}

Status ExportMark(const Registry& registry, const MarkView& v, const ExportOptions& options, Writer& w) {
  const std::string& n = v.mark.number;
  const std::string& url = registry.config().public_url;
  if (auto st = w.Put("marks/" + n + ".json", JsonText(registry.MarkJson(v))); !st) return st;
  if (!v.certificate.empty())
    if (auto st = w.Put("marks/" + n + ".jwt", v.certificate); !st) return st;
  // A file cannot know which page shows it, so snapshot badges are the
  // "site not confirmed" variant: copied anywhere, they never look plain valid.
  const badge::BadgeSite site = badge::BadgeSite::NotConfirmed();
  const std::string svg_ja = badge::RenderBadgeSvg(badge::BadgeInputFor(v, url, badge::Lang::kJa, site));
  if (auto st = w.Put("badge/" + n + ".svg", svg_ja); !st) return st;
  if (auto st =
          w.Put("badge/" + n + ".en.svg", badge::RenderBadgeSvg(badge::BadgeInputFor(v, url, badge::Lang::kEn, site)));
      !st)
    return st;
  for (badge::Lang lang : {badge::Lang::kJa, badge::Lang::kEn}) {
    badge::BadgeInput compact = badge::BadgeInputFor(v, url, lang, site);
    compact.size = badge::BadgeSize::kCompact;
    const std::string rel = "badge/" + n + "-compact" + (lang == badge::Lang::kJa ? ".svg" : ".en.svg");
    if (auto st = w.Put(rel, badge::RenderBadgeSvg(compact)); !st) return st;
  }
  if (options.badge_png) {
    const std::string rel = "badge/" + n + ".png";
    const std::string source = Sha256Hex(svg_ja + "\n" + std::to_string(kBadgePngWidth));
    if (w.Unchanged(rel, source)) {
      w.Keep(rel, source);
    } else {
      auto png = badge::SvgToPng(svg_ja, kBadgePngWidth);
      if (!png) return Error::Make(ErrorCode::kInternal, "badge " + n + ": " + png.error().message);
      if (auto st = w.PutHashed(rel, *png, source); !st) return st;
    }
  }
  const std::string verify_url = mark::VerifyUrl(url, n);
  // QR codes depend on the verify URL alone: encoded only when it changed.
  {
    const std::string rel = "qr/" + n + ".svg";
    const std::string source = Sha256Hex(verify_url + "\nsvg");
    if (w.Unchanged(rel, source)) {
      w.Keep(rel, source);
    } else {
      auto qr_svg = badge::QrSvg(verify_url);
      if (!qr_svg) return Error::Make(ErrorCode::kInternal, "QR " + n + ": " + qr_svg.error().message);
      if (auto st = w.PutHashed(rel, *qr_svg, source); !st) return st;
    }
  }
  {
    const std::string rel = "qr/" + n + ".png";
    const std::string source = Sha256Hex(verify_url + "\n" + std::to_string(kQrPngSize));
    if (w.Unchanged(rel, source)) {
      w.Keep(rel, source);
    } else {
      auto png = badge::QrPng(verify_url, kQrPngSize);
      if (!png) return Error::Make(ErrorCode::kInternal, "QR " + n + ": " + png.error().message);
      if (auto st = w.PutHashed(rel, *png, source); !st) return st;
    }
  }
  pages::VerifyPageInput page;
  page.lang = badge::Lang::kJa;
  page.number = n;
  page.view = v;
  auto neighbours = registry.Neighbours(n);
  if (!neighbours) return neighbours.error();
  page.neighbours = std::move(*neighbours);
  page.issuer = options.issuer.empty() ? url : options.issuer;
  page.jwks_url = "/.well-known/jwks.json";
  page.certificate_url = "/marks/" + n + ".jwt";
  page.static_prefix = "/static";
  return w.Put("v/" + n + ".html", pages::RenderVerifyPage(page));
}

// The search page: static, works from index.jws alone (search.js).
std::string SearchPageHtml() {
  return R"html(<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>安全・安心マーク 登録簿の検索 / Anshin Mark registry search</title>
<link rel="stylesheet" href="/static/site.css">
<script src="/static/verify.js" defer></script>
<script src="/static/search.js" defer></script>
</head>
<body>
<main>
<h1>安全・安心マーク 登録簿の検索 <small>Registry search</small></h1>
<p>この検索は署名付きの登録簿索引 (index.jws) をブラウザ内で検証してから行います。
This page checks the signed registry index in your browser, then searches it.</p>
<form id="search" role="search">
<label for="q">番号・サービス名・事業者名・ドメイン・SSID / number, name, domain or SSID</label>
<input id="q" name="q" type="search" autocomplete="off">
<button type="submit">検索 / Search</button>
</form>
<p id="index-state" aria-live="polite">索引を確認しています… / Checking the index…</p>
<ol id="results"></ol>
</main>
</body>
</html>
)html";
}

}  // namespace

Result<ExportStats> ExportStatic(const Registry& registry, const crypto::KeyStore& keys,
                                 publish::StatusPublisher& status, const ExportOptions& options) {
  if (Status ready = crypto::EnsureSodium(); !ready) return ready.error();
  std::error_code ec;
  fs::create_directories(options.out, ec);
  if (ec) return Error::Make(ErrorCode::kUnavailable, "cannot create " + options.out.string() + ": " + ec.message());
  json old_manifest = json::object();
  // The manifest names every exported file: tens of megabytes at a million marks.
  if (auto text = ReadWholeFile(options.out / kManifest, size_t{1} << 30)) {
    json parsed = json::parse(*text, nullptr, false);
    if (!parsed.is_discarded() && parsed.is_object()) old_manifest = std::move(parsed);
  }
  Writer w(options.out, std::move(old_manifest));
  const Instant now = registry.clock().Now();

  json index_marks = json::array();
  Status marks = ForEachMark(registry, [&](const MarkView& v) -> Status {
    if (auto st = ExportMark(registry, v, options, w); !st) return st;
    index_marks.push_back(IndexEntry(v));
    ++w.stats.marks;
    return Status{};
  });
  if (!marks) return marks.error();

  // The open data and the change feed, as markd serves them; the signed
  // index names each one's hash, so a mirror's copy can be checked.
  json files = json::object();
  for (const auto& [rel, format] :
       {std::pair{"marks.csv", OpenDataFormat::kCsv}, std::pair{"marks.jsonl", OpenDataFormat::kJsonl}}) {
    auto written = w.PutStreamed(rel, [&](const ByteSink& sink) { return WriteOpenData(registry, format, sink); });
    if (!written) return written.error();
    files[rel] = {{"sha256", written->first}, {"size", written->second}};
  }
  ChangeFeedRequest feed_request;
  feed_request.issuer = options.issuer;
  auto feed = ChangeFeed(registry, feed_request);
  if (!feed) return feed.error();
  if (auto st = w.Put("feed.atom", *feed); !st) return st.error();
  files["feed.atom"] = {{"sha256", Sha256Hex(*feed)}, {"size", feed->size()}};

  if (auto st = w.Put(".well-known/jwks.json", JsonText(keys.JwksJson())); !st) return st.error();
  // The rules the search page's script reads, at the path markd serves them.
  if (auto st = w.Put("api/v1/rules", JsonText(PublicRulesJson())); !st) return st.error();
  auto list = status.SignedList();
  if (!list) return list.error();
  if (auto st = w.Put("status-list.jwt", *list); !st) return st.error();

  std::optional<tlog::StoredCheckpoint> checkpoint;
  Status read = registry.database().Read([&](SQLite::Database& db) -> Status {
    checkpoint = tlog::LatestStoredCheckpoint(db);
    return Status{};
  });
  if (!read) return read.error();
  if (checkpoint)
    if (auto st = w.Put("log/checkpoint", checkpoint->note); !st) return st.error();

  // The signed index: what a mirror's search page trusts, and until when.
  const crypto::Signer& signer = keys.Active();
  json header = {{"alg", "EdDSA"}, {"typ", "mark-index+jwt"}, {"kid", signer.kid()}};
  json payload = {
      {"iss", options.issuer.empty() ? registry.config().public_url : options.issuer},
      {"iat", std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count()},
      {"next_update",
       std::chrono::duration_cast<std::chrono::seconds>((now + options.next_update).time_since_epoch()).count()},
      {"issued_at", FormatInstant(now)},
      {"count", index_marks.size()},
      {"marks", std::move(index_marks)},
      {"files", std::move(files)}};
  auto jws = crypto::SignCompact(JsonText(header), JsonText(payload), signer);
  if (!jws) return jws.error();
  // The index changes with every export (its issue time): always written.
  if (auto st = w.Put("index.jws", *jws); !st) return st.error();

  if (auto st = w.Put("index.html", SearchPageHtml()); !st) return st.error();
  for (const char* f : {"verify.js", "site.css", "search.js"}) {
    auto bytes = ReadWholeFile(options.static_dir / f, kMaxStaticFileBytes);
    if (!bytes) return Error::Make(ErrorCode::kNotFound, "missing " + (options.static_dir / f).string());
    if (auto st = w.Put(std::string("static/") + f, *bytes); !st) return st.error();
  }
  if (auto st = w.Finish(); !st) return st.error();
  return w.stats;
}

}  // namespace mark::publish
