// The mark as certified (registry/certified_facts.h): rows edited behind the
// registry's back are compared with the current certificate and the
// history, never shown, and named; legitimate divergence (an operator
// amended beside a revoked mark) is not a difference.
#include "registry/certified_facts.h"

#include <catch2/catch.hpp>

#include <atomic>

#include "crypto/key_store.h"
#include "registry/registry.h"
#include "publish/signing_issuer.h"
#include "support/signing_registry.h"

using namespace mark;
using namespace mark::registry;
using mark::publish::SigningIssuer;
using nlohmann::json;

namespace {

struct CertifiedFixture : testing::SigningRegistry {
  std::string op_id;
  int serial = 0;

  // An imported mark (no review needed) of a new service of `op_id` (a new
  // operator when empty); returns its number.
  std::string Mark(const std::string& scheme = "isp") {
    if (op_id.empty()) {
      auto op = registry.CreateOperator(
          {{"name", "事業者"}, {"name_en", "Operator"}, {"website", "https://op.example.jp/"}}, req);
      REQUIRE(op);
      op_id = op->body["id"];
    }
    ++serial;
    json s = {{"operator_id", op_id},
              {"scheme", scheme},
              {"name", "サービス" + std::to_string(serial)},
              {"name_en", "Service " + std::to_string(serial)}};
    if (scheme == "isp")
      s["domains"] = {"svc" + std::to_string(serial) + ".example.ne.jp"};
    else
      s["ssids"] = {"Free_" + std::to_string(serial)}, s["venues"] = {"駅"};
    auto svc = registry.CreateService(s, req);
    REQUIRE(svc);
    const std::string digits = std::to_string(100 + serial);
    const std::string number = "J" + std::string(digits.size() < 4 ? 4 - digits.size() : 0, '0') + digits;
    auto m = registry.Grant({{"service_id", svc->body["id"]},
                             {"first_review_body", "JAIPA"},
                             {"basis", "import"},
                             {"number", number},
                             {"valid_from", "2026-04-01"}},
                            req);
    REQUIRE(m);
    return number;
  }

  void Tamper(const std::string& sql) {
    REQUIRE(db->Write([&](SQLite::Database& c) {
      c.exec(sql);
      return Status{};
    }));
  }

  CertifiedView Load(const std::string& number) {
    std::optional<CertifiedView> out;
    REQUIRE(db->Read([&](SQLite::Database& c) {
      out = LoadCertifiedView(c, number, {&keys.PublicJwks(), nullptr});
      return Status{};
    }));
    REQUIRE(out);
    return std::move(*out);
  }

  std::string ServiceOf(const std::string& number) { return registry.GetMark(number)->service.id; }
};

bool Names(const CertifiedView& v, const std::string& field) {
  for (const FactDifference& d : v.differences)
    if (d.field == field) return true;
  return false;
}

}  // namespace

TEST_CASE("a mark written through the registry is confirmed in every state", "[registry][certified]") {
  CertifiedFixture f;
  const std::string valid = f.Mark(), wifi = f.Mark("wifi"), suspended = f.Mark(), revoked = f.Mark(),
                    returned = f.Mark();
  REQUIRE(f.registry.Suspend(suspended, {{"reason", "調査中"}, {"reason_code", "security_incident"}}, f.req));
  REQUIRE(f.registry.Revoke(revoked, {{"reason", "違反"}}, f.req));
  REQUIRE(f.registry.Return(returned, {{"reason", "終了"}, {"reason_code", "service_ended"}}, f.req));
  for (const std::string& n : {valid, wifi, suspended, revoked, returned}) {
    const CertifiedView v = f.Load(n);
    INFO(n << " " << (v.differences.empty() ? "" : Describe(v.differences.front())));
    CHECK(v.confirmed());
  }
  auto view = f.registry.GetMark(suspended);
  REQUIRE(view);
  CHECK(view->status == MarkStatus::kSuspended);
  CHECK(view->status_reason.empty());
  CHECK(view->mark.suspension_reason == "調査中");
  CHECK(view->mark.suspension_code == "security_incident");
  CHECK(f.registry.GetMark(wifi)->service.venues == std::vector<std::string>{"駅"});
  CHECK(f.registry.GetMark(returned)->mark.return_code == "service_ended");
  auto all = f.registry.CompareAllMarks();
  REQUIRE(all);
  CHECK(all->empty());
}

TEST_CASE("an added domain is never shown and makes the mark not confirmed", "[registry][certified]") {
  CertifiedFixture f;
  const std::string number = f.Mark();
  std::vector<std::string> lines;
  f.registry.findings().SetReporter([&](const std::string& line) { lines.push_back(line); });
  f.Tamper("INSERT INTO service_domains (service_id, position, domain) VALUES ('" + f.ServiceOf(number) +
           "', 5, 'phish.example.com')");
  const CertifiedView v = f.Load(number);
  REQUIRE(Names(v, "service.domains"));
  CHECK(Describe(v.differences.front()) ==
        "service.domains: stored [\"svc1.example.ne.jp\",\"phish.example.com\"], certified [\"svc1.example.ne.jp\"]");
  CHECK(v.view.service.domains == std::vector<std::string>{"svc1.example.ne.jp"});

  auto shown = f.registry.GetMark(number);
  REQUIRE(shown);
  CHECK(shown->status == MarkStatus::kUnknown);
  CHECK(shown->status_reason == "not_confirmed");
  CHECK(f.registry.MarkJson(*shown)["status_reason"] == "not_confirmed");
  CHECK(shown->service.domains == std::vector<std::string>{"svc1.example.ne.jp"});
  SearchQuery q;
  q.domain = "phish.example.com";
  CHECK(f.registry.Search(q)->items.empty());
  q.domain = "svc1.example.ne.jp";
  CHECK(f.registry.Search(q)->items.size() == 1);
  // One line for the mark at this generation, however often it is read.
  (void)f.registry.GetMark(number);
  (void)f.registry.Search(q);
  CHECK(lines.size() == 1);
  CHECK(f.registry.findings().Numbers() == std::vector<std::string>{number});
  // Nothing is signed over the edited rows.
  auto amend = f.registry.AmendService(f.ServiceOf(number), {{"name_en", "Renamed"}, {"reason", "rename"}}, f.req);
  REQUIRE_FALSE(amend);
  CHECK(amend.error().code == ErrorCode::kConflict);
  auto all = f.registry.CompareAllMarks();
  REQUIRE(all);
  REQUIRE(all->size() == 1);
  CHECK((*all)[0].number == number);
}

TEST_CASE("comparing every mark ends between two marks when told to stop, finding nothing", "[registry][certified]") {
  CertifiedFixture f;
  const std::string number = f.Mark();
  f.Tamper("INSERT INTO service_domains (service_id, position, domain) VALUES ('" + f.ServiceOf(number) +
           "', 5, 'phish.example.com')");
  std::atomic<bool> stop{true};
  auto stopped = f.registry.CompareAllMarks(FactFindings::Tell::kQuiet, &stop);
  REQUIRE_FALSE(stopped);
  CHECK(stopped.error().code == ErrorCode::kUnavailable);
  CHECK(f.registry.findings().Numbers().empty());  // nothing compared, nothing recorded
  stop = false;
  auto all = f.registry.CompareAllMarks(FactFindings::Tell::kQuiet, &stop);
  REQUIRE(all);
  REQUIRE(all->size() == 1);
  CHECK((*all)[0].number == number);
}

TEST_CASE("edited status, validity and names are differences, the certified ones shown", "[registry][certified]") {
  CertifiedFixture f;
  const std::string a = f.Mark(), b = f.Mark();
  REQUIRE(f.registry.Revoke(b, {{"reason", "違反"}}, f.req));
  f.Tamper("UPDATE marks SET valid_until = '2030-03-31' WHERE number = '" + a +
           "';"
           "UPDATE operators SET website = 'https://evil.example/' WHERE id = '" +
           f.op_id +
           "';"
           "UPDATE marks SET state = 'active' WHERE number = '" +
           b + "'");
  const CertifiedView va = f.Load(a);
  CHECK(Names(va, "valid_until"));
  CHECK(Names(va, "operator.website"));
  CHECK(FormatDate(va.view.mark.valid_until) == "2027-03-31");
  CHECK(va.view.op.website == "https://op.example.jp/");
  const CertifiedView vb = f.Load(b);
  CHECK(Names(vb, "status"));
  CHECK(vb.view.mark.revoked);
  CHECK(vb.view.mark.revocation_reason == "違反");
  // The status list still names it.
  auto withdrawn = f.registry.WithdrawnMarks();
  REQUIRE(withdrawn);
  REQUIRE(withdrawn->size() == 1);
  CHECK((*withdrawn)[0].mark.number == b);
  CHECK((*withdrawn)[0].mark.revoked);
}

TEST_CASE("an operator amended beside its revoked mark leaves that mark confirmed as certified",
          "[registry][certified]") {
  CertifiedFixture f;
  const std::string live = f.Mark(), revoked = f.Mark();
  REQUIRE(f.registry.Revoke(revoked, {{"reason", "違反"}}, f.req));
  auto amended = f.registry.AmendOperator(f.op_id, {{"name", "新事業者"}, {"reason", "社名変更"}}, f.req);
  REQUIRE(amended);
  CHECK(amended->body["reissued"] == json::array({live}));
  const CertifiedView r = f.Load(revoked);
  INFO((r.differences.empty() ? "" : Describe(r.differences.front())));
  CHECK(r.confirmed());
  CHECK(r.view.op.name == "事業者");  // as its last certificate says
  CHECK(f.Load(live).confirmed());
  CHECK(f.Load(live).view.op.name == "新事業者");
}

TEST_CASE("a certificate row's columns are compared with its JWS", "[registry][certified]") {
  CertifiedFixture f;
  const std::string number = f.Mark();
  f.Tamper("DROP TRIGGER certificates_no_update; UPDATE certificates SET issued_at = '2000-01-01T00:00:00Z';");
  const CertifiedView v = f.Load(number);
  REQUIRE(Names(v, "certificate.issued_at"));
  CHECK_FALSE(v.confirmed());
}
