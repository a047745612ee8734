#include "registry/webhook_endpoints.h"

#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <cctype>

#include "common/decimal.h"
#include "common/ip_address.h"
#include "common/json_text.h"
#include "registry/field_reader.h"
#include "registry/ids.h"
#include "registry/mark_number.h"
#include "storage/query.h"
#include "storage/rows.h"

namespace mark::registry {

using nlohmann::json;

namespace {

constexpr size_t kMaxUrlBytes = 2048;
constexpr size_t kMaxMarks = 1000;

bool HostChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.'; }

std::vector<std::string> JsonStrings(const std::string& text) {
  std::vector<std::string> out;
  json j = json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& v : j)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

WebhookEndpoint EndpointOf(SQLite::Statement& q) {
  WebhookEndpoint e;
  e.id = q.getColumn(0).getString();
  e.url = q.getColumn(1).getString();
  e.events = JsonStrings(q.getColumn(2).getString());
  e.marks = JsonStrings(q.getColumn(3).getString());
  e.operator_id = q.getColumn(4).getString();
  e.secret_box = q.getColumn(5).getString();
  e.created_at = q.getColumn(6).getString();
  e.created_by = q.getColumn(7).getString();
  if (!q.getColumn(8).isNull()) e.deleted_at = q.getColumn(8).getString();
  return e;
}

constexpr const char* kColumns =
    "SELECT id, url, events, marks, operator_id, secret_box, created_at, created_by, deleted_at FROM webhooks ";

}  // namespace

Result<WebhookUrl> ParseWebhookUrl(std::string_view url) {
  auto bad = [](std::string why) { return Error::Invalid("url", std::move(why)); };
  if (url.size() > kMaxUrlBytes) return bad("must be at most 2048 bytes");
  for (char c : url)
    if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7F)
      return bad("must be an ASCII URL without spaces or control characters (percent-encode the rest)");
  WebhookUrl u;
  std::string_view rest;
  if (url.substr(0, 7) == "http://")
    u.scheme = "http", rest = url.substr(7);
  else if (url.substr(0, 8) == "https://")
    u.scheme = "https", rest = url.substr(8);
  else
    return bad("must be an http:// or https:// URL");
  if (url.find('#') != std::string_view::npos) return bad("must not carry a fragment");
  const size_t end = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, end);
  u.target = end == std::string_view::npos ? "/" : std::string(rest.substr(end));
  if (u.target.front() == '?') u.target = "/" + u.target;
  if (authority.find('@') != std::string_view::npos) return bad("must not carry a user name or password");
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad("has an unterminated [IPv6] host");
    u.host = std::string(authority.substr(1, close - 1));
    if (!ScopeOfLiteral(u.host) || u.host.find(':') == std::string::npos) return bad("has a bad [IPv6] host");
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return bad("has something after its [IPv6] host");
      port_text = after.substr(1);
    }
  } else {
    const size_t colon = authority.rfind(':');
    u.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
    if (u.host.empty() || u.host.size() > 253 || !std::all_of(u.host.begin(), u.host.end(), HostChar) ||
        u.host.front() == '.' || u.host.front() == '-')
      return bad("needs a host name of letters, digits, '-' and '.' (IDN in punycode) or an address");
    std::transform(u.host.begin(), u.host.end(), u.host.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  }
  u.port = u.scheme == "https" ? 443 : 80;
  if (!port_text.empty()) {
    if (!ParseDecimal<int>(port_text, 0, 99999)) return bad("has a bad port");
    auto port = ParseDecimal<int>(port_text, 1, 65535);
    if (!port) return bad("has a port outside 1-65535");
    u.port = *port;
  }
  return u;
}

bool WebhookEndpoint::Wants(std::string_view event, const std::string& number, const std::string& mark_operator) const {
  if (std::find(events.begin(), events.end(), event) == events.end()) return false;
  if (!marks.empty() && std::find(marks.begin(), marks.end(), number) == marks.end()) return false;
  if (!operator_id.empty() && operator_id != mark_operator) return false;
  return true;
}

json WebhookEndpointJson(const WebhookEndpoint& e) {
  json j = {{"id", e.id},
            {"url", e.url},
            {"events", e.events},
            {"marks", e.marks},
            {"operator_id", e.operator_id.empty() ? json(nullptr) : json(e.operator_id)},
            {"created_at", e.created_at}};
  if (e.deleted_at) j["deleted_at"] = *e.deleted_at;
  return j;
}

Result<WriteResult> CreateWebhookEndpoint(Registry& registry, const json& body, const std::string& secret_box,
                                          PrivateAddresses policy, const WriteRequest& req) {
  FieldReader r(body, {"url", "events", "marks", "operator_id"});
  WebhookEndpoint e;
  if (auto url = r.String("url", true)) {
    auto parsed = ParseWebhookUrl(*url);
    if (!parsed) {
      r.Add(parsed.error());
    } else {
      e.url = *url;
      auto scope = ScopeOfLiteral(parsed->host);
      if (policy == PrivateAddresses::kRefuse &&
          (parsed->host == "localhost" || (scope && *scope != AddressScope::kPublic)))
        r.Add("url", "names a " + std::string(scope ? ToString(*scope) : "loopback") +
                         " address; webhooks go to public addresses only");
    }
  }
  if (auto events = r.StringArray("events", true, std::size(kWebhookEvents))) {
    if (events->empty()) r.Add("events", "must name at least one event");
    for (size_t i = 0; i < events->size(); ++i) {
      const std::string& ev = (*events)[i];
      if (std::find(std::begin(kWebhookEvents), std::end(kWebhookEvents), ev) == std::end(kWebhookEvents))
        r.Add("events[" + std::to_string(i) + "]",
              "must be one of mark.granted, mark.renewed, mark.amended, mark.suspended, mark.reinstated, "
              "mark.returned, mark.revoked, mark.expired");
      else if (std::find(e.events.begin(), e.events.end(), ev) == e.events.end())
        e.events.push_back(ev);
    }
  }
  if (auto marks = r.StringArray("marks", false, kMaxMarks)) {
    for (size_t i = 0; i < marks->size(); ++i) {
      if (!ParseMarkNumber((*marks)[i]))
        r.Add("marks[" + std::to_string(i) + "]", "must be a mark number such as J0072");
      else
        e.marks.push_back((*marks)[i]);
    }
  }
  if (auto op = r.String("operator_id", false)) e.operator_id = *op;
  if (!r.ok()) return r.ToError();
  e.id = NewId("wh_");
  e.secret_box = secret_box;
  e.created_by = req.actor.name;
  e.created_at = FormatInstant(registry.clock().Now());
  return registry.WriteAudited("webhook.create", e.id, req, [&](SQLite::Database& db) -> Result<WriteResult> {
    if (!e.operator_id.empty() && !storage::LoadOperator(db, e.operator_id))
      return Error{ErrorCode::kInvalid, "no operator " + e.operator_id, {{"operator_id", "names no operator"}}};
    storage::Query q(db,
                     "INSERT INTO webhooks (id, url, events, marks, operator_id, secret_box, created_at, created_by) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    q->bind(1, e.id);
    q->bind(2, e.url);
    q->bind(3, JsonText(json(e.events)));
    q->bind(4, JsonText(json(e.marks)));
    q->bind(5, e.operator_id);
    q->bind(6, e.secret_box);
    q->bind(7, e.created_at);
    q->bind(8, e.created_by);
    q->exec();
    WriteResult out{WebhookEndpointJson(e), true, false};
    out.audit_detail = e.url;
    return out;
  });
}

Result<WriteResult> DeleteWebhookEndpoint(Registry& registry, const std::string& id, const WriteRequest& req) {
  const std::string now = FormatInstant(registry.clock().Now());
  return registry.WriteAudited("webhook.delete", id, req, [&](SQLite::Database& db) -> Result<WriteResult> {
    auto e = LoadWebhookEndpoint(db, id);
    if (!e || e->deleted_at) return Error::Make(ErrorCode::kNotFound, "no webhook endpoint " + id);
    storage::Query u(db, "UPDATE webhooks SET deleted_at = ? WHERE id = ?");
    u->bind(1, now);
    u->bind(2, id);
    u->exec();
    storage::Query drop(db,
                        "UPDATE outbox SET state = 'dropped', reason = 'the endpoint was removed', done_at = ? "
                        "WHERE channel = 'webhook' AND endpoint_id = ? AND state IN ('pending', 'failed')");
    drop->bind(1, now);
    drop->bind(2, id);
    drop->exec();
    e->deleted_at = now;
    return WriteResult{WebhookEndpointJson(*e), false, false};
  });
}

Result<std::vector<WebhookEndpoint>> ListWebhookEndpoints(const storage::Database& db) {
  std::vector<WebhookEndpoint> out;
  Status st = db.Read([&](SQLite::Database& c) {
    out = ActiveWebhookEndpoints(c);
    return Status{};
  });
  if (!st) return st.error();
  return out;
}

std::optional<WebhookEndpoint> LoadWebhookEndpoint(SQLite::Database& db, const std::string& id) {
  storage::Query q(db, std::string(kColumns) + "WHERE id = ?");
  q->bind(1, id);
  if (!q->executeStep()) return std::nullopt;
  return EndpointOf(*q);
}

std::vector<WebhookEndpoint> ActiveWebhookEndpoints(SQLite::Database& db) {
  storage::Query q(db, std::string(kColumns) + "WHERE deleted_at IS NULL ORDER BY created_at, id");
  std::vector<WebhookEndpoint> out;
  while (q->executeStep()) out.push_back(EndpointOf(*q));
  return out;
}

Result<bool> AnyWebhookEndpoint(const storage::Database& db) {
  bool any = false;
  Status st = db.Read([&](SQLite::Database& c) {
    storage::Query q(c, "SELECT 1 FROM webhooks WHERE deleted_at IS NULL LIMIT 1");
    any = q->executeStep();
    return Status{};
  });
  if (!st) return st.error();
  return any;
}

}  // namespace mark::registry
