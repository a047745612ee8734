#include "publish/change_feed.h"

#include <map>

#include "pages/atom_feed.h"
#include "badge/foreign_site.h"
#include "common/mark_links.h"

namespace mark::publish {

using registry::PublicEvent;
using registry::PublicHistoryQuery;
using registry::Registry;

namespace {

using nlohmann::json;

struct KindWords {
  const char* ja;
  const char* en;
};

KindWords WordsFor(const std::string& kind) {
  static const std::map<std::string, KindWords, std::less<>> kWords = {
      {"granted", {"付与", "granted"}},
      {"imported", {"既存マークの登録", "imported"}},
      {"renewed", {"更新", "renewed"}},
      {"suspended", {"一時停止", "suspended"}},
      {"reinstated", {"停止の解除", "reinstated"}},
      {"revoked", {"取消", "revoked"}},
      {"returned", {"返上", "returned"}},
      {"amended", {"記載事項の変更", "amended"}},
      {"reissued", {"証明書の再発行", "certificate re-issued"}},
  };
  auto it = kWords.find(kind);
  return it == kWords.end() ? KindWords{"変更", "changed"} : it->second;
}

// A string in the public mark JSON ("" when absent): the feed shows what
// the API shows, whatever that view takes its facts from.
std::string Fact(const json& mark, const char* pointer) {
  const json::json_pointer p(pointer);
  if (!mark.contains(p)) return "";
  const json& v = mark.at(p);
  return v.is_string() ? v.get<std::string>() : "";
}

// "名前 (Name)", or the one that is there.
std::string BothNames(const std::string& ja, const std::string& en) {
  if (en.empty() || en == ja) return ja;
  if (ja.empty()) return en;
  return ja + " (" + en + ")";
}

std::string EntryContent(const PublicEvent& e, const json& mark) {
  const KindWords words = WordsFor(e.kind);
  std::string text = std::string(words.ja) + " / " + words.en + "\n";
  if (!e.reason.empty()) text += "理由 / reason: " + e.reason + "\n";
  text += "有効期間 / validity: " + FormatDate(e.valid_from) + " – " + FormatDate(e.valid_until) + "\n";
  text += "サービス / service: " + BothNames(Fact(mark, "/service/name"), Fact(mark, "/service/name_en")) + "\n";
  text += "事業者 / operator: " + BothNames(Fact(mark, "/operator/name"), Fact(mark, "/operator/name_en")) + "\n";
  text += "現在の状態 / status now: " + Fact(mark, "/status") + "\n";
  if (e.log_index) text += "透明性ログ / transparency log: " + std::to_string(*e.log_index) + "\n";
  return text;
}

}  // namespace

std::string ChangeFeedPath(const std::string& number) {
  return number.empty() ? "/feed.atom" : mark::PathsFor(number).feed;
}

Result<std::string> ChangeFeed(const Registry& registry, const ChangeFeedRequest& request) {
  const std::string& base = registry.config().public_url;
  const std::string issuer = request.issuer.empty() ? base : request.issuer;
  const std::string tag_host = badge::HostOf(issuer).value_or("localhost");
  const std::string path = ChangeFeedPath(request.number);
  const Instant now = registry.clock().Now();

  PublicHistoryQuery query;
  query.number = request.number;
  query.before = request.before;
  query.limit = kChangeFeedPageSize;
  auto page = registry.PublicHistory(query);
  if (!page) return page.error();

  // Each mark's public view once per page (one mark's feed names its mark
  // also on a page past its oldest change).
  std::map<std::string, json> marks;
  std::vector<std::string> numbers;
  if (!request.number.empty()) numbers.push_back(request.number);
  for (const PublicEvent& e : page->events) numbers.push_back(e.number);
  for (const std::string& n : numbers) {
    if (marks.contains(n)) continue;
    auto view = registry.GetMark(n);
    if (!view) return view.error();
    marks.emplace(n, registry.MarkJson(*view));
  }

  pages::AtomFeed feed;
  feed.id = issuer + path;
  feed.author_name = "安全・安心マーク 登録簿 / Anshin Mark Registry";
  feed.author_uri = base + "/";
  if (request.number.empty()) {
    feed.title = "安全・安心マーク 登録簿の変更 / Anshin Mark registry changes";
    feed.subtitle =
        "付与・更新・停止・取消・返上・記載事項の変更 / grants, renewals, suspensions, revocations, "
        "returns and amendments";
    feed.links.push_back({"alternate", base + "/", "text/html"});
  } else {
    feed.title = request.number + " " + Fact(marks[request.number], "/service/name") + " — 変更履歴 / history";
    const mark::MarkLinks links = mark::LinksFor(base, request.number);
    feed.links.push_back({"alternate", links.verify, "text/html"});
    feed.links.push_back({"related", links.self, "application/json"});
  }
  const std::string self = base + path + (request.before ? "?before=" + std::to_string(request.before) : "");
  feed.links.push_back({"self", self, "application/atom+xml"});
  feed.links.push_back({"first", base + path, "application/atom+xml"});
  if (page->next_before)
    feed.links.push_back(
        {"next", base + path + "?before=" + std::to_string(page->next_before), "application/atom+xml"});
  // The newest change shown; an empty registry's feed changes with nothing
  // but the day.
  feed.updated = page->events.empty() ? FormatInstant(JstStartOfDay(JstDate(now))) : FormatInstant(page->events[0].at);

  for (const PublicEvent& e : page->events) {
    const json& mark = marks[e.number];
    const KindWords words = WordsFor(e.kind);
    pages::AtomEntry entry;
    entry.id =
        "tag:" + tag_host + "," + FormatDate(JstDate(e.at)) + ":mark-event/" + e.number + "/" + std::to_string(e.id);
    entry.title = e.number + " " + words.ja + " / " + words.en + ": " + Fact(mark, "/service/name");
    entry.updated = FormatInstant(e.at);
    entry.published = entry.updated;
    const mark::MarkLinks links = mark::LinksFor(base, e.number);
    entry.links = {{"alternate", links.verify, "text/html"}, {"related", links.self, "application/json"}};
    entry.categories = {{e.kind, words.ja}};
    entry.content = EntryContent(e, mark);
    feed.entries.push_back(std::move(entry));
  }
  return pages::RenderAtomFeed(feed);
}

}  // namespace mark::publish
