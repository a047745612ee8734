// The registry's issuer (issuer_identity.h), re-issued certificates and
// supersession as the signed status list publishes it.
#include "registry/issuer_identity.h"

#include <catch2/catch.hpp>

#include "crypto/certificate.h"
#include "crypto/jws.h"
#include "crypto/key_store.h"
#include "crypto/verifier.h"
#include "registry/key_usage.h"
#include "registry/mark_number.h"
#include "registry/registry.h"
#include "publish/signing_issuer.h"
#include "publish/status_publisher.h"
#include "support/temp_dir.h"

using namespace mark;
using namespace mark::registry;
using mark::publish::SigningIssuer;
using mark::publish::StatusPublisher;
using nlohmann::json;

namespace {

constexpr const char* kFirstIssuer = "https://mark.example.jp";
constexpr const char* kMovedIssuer = "https://registry.example.org";

// A registry signing with a fixed key under `issuer`, on a clock that stands
// still until a test moves it.
struct IssuerFixture {
  explicit IssuerFixture(const std::string& issuer_url = kFirstIssuer) : signing(keys, issuer_url) {}

  testing::TempDir dir;
  FixedClock clock{FromUnixSeconds(1'800'000'000)};
  std::unique_ptr<storage::Database> db = std::move(storage::Database::Open((dir / "r.db").string()).value());
  crypto::KeyStore keys = crypto::KeyStore::FromSigner(crypto::Signer::FromSeed(std::string(32, '\x07')).value());
  SigningIssuer signing;
  Registry registry{*db, clock, signing, {kFirstIssuer}};
  registry::WriteRequest req{{"tester", ""}, "", ""};
  int counter = 0;

  // An imported mark (no review needed); returns its number.
  std::string Mark() {
    ++counter;
    auto op = registry.CreateOperator({{"name", "事業者" + std::to_string(counter)},
                                       {"name_en", "Operator " + std::to_string(counter)},
                                       {"website", "https://op.example.jp/"}},
                                      req);
    REQUIRE(op);
    auto svc = registry.CreateService({{"operator_id", op->body["id"]},
                                       {"scheme", "isp"},
                                       {"name", "サービス"},
                                       {"name_en", "Service"},
                                       {"domains", {"svc" + std::to_string(counter) + ".example.jp"}}},
                                      req);
    REQUIRE(svc);
    const std::string number = FormatMarkNumber({'J', counter});
    auto m = registry.Grant(
        {{"service_id", svc->body["id"]}, {"first_review_body", "JAIPA"}, {"basis", "import"}, {"number", number}},
        req);
    REQUIRE(m);
    return number;
  }

  std::string Certificate(const std::string& number) {
    auto view = registry.GetMark(number);
    REQUIRE(view);
    return view->certificate;
  }

  json Payload(const std::string& jws) {
    auto parts = crypto::ParseCompact(jws);
    REQUIRE(parts);
    return parts->payload;
  }
};

}  // namespace

TEST_CASE("issuer: normalised, stored on the first start, kept when the URL moves", "[issuer]") {
  CHECK(*NormalizeIssuer("https://mark.example.jp/") == "https://mark.example.jp");
  CHECK(*NormalizeIssuer("http://127.0.0.1:8080") == "http://127.0.0.1:8080");
  for (const char* bad : {"mark.example.jp", "ftp://mark.example.jp", "https://", "https://a b", "https://x/?q=1",
                          "https://x/#f", "https://user@x/"}) {
    INFO(bad);
    CHECK_FALSE(NormalizeIssuer(bad));
  }

  IssuerFixture f;
  CHECK_FALSE(LoadIssuer(*f.db).value());
  auto first = SettleIssuer(*f.db, std::nullopt, kFirstIssuer, IssuerChange::kRefuse);
  REQUIRE(first);
  CHECK(first->issuer == kFirstIssuer);
  CHECK_FALSE(first->adopt);
  CHECK(LoadIssuer(*f.db).value() == std::optional<std::string>(kFirstIssuer));
  // Another public URL later: the issuer stays.
  auto later = SettleIssuer(*f.db, std::nullopt, "http://127.0.0.1:9999", IssuerChange::kRefuse);
  REQUIRE(later);
  CHECK(later->issuer == kFirstIssuer);
  CHECK(SettleIssuer(*f.db, std::string(kFirstIssuer), "http://127.0.0.1:9999", IssuerChange::kRefuse));
  // Told another issuer: refused unless adopted; adopting stores nothing yet.
  auto refused = SettleIssuer(*f.db, std::string(kMovedIssuer), kFirstIssuer, IssuerChange::kRefuse);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == ErrorCode::kConflict);
  CHECK_THAT(refused.error().message, Catch::Contains(kFirstIssuer) && Catch::Contains(kMovedIssuer));
  auto adopt = SettleIssuer(*f.db, std::string(kMovedIssuer), kFirstIssuer, IssuerChange::kAdopt);
  REQUIRE(adopt);
  CHECK(adopt->adopt);
  CHECK(adopt->issuer == kMovedIssuer);
  CHECK(adopt->stored == kFirstIssuer);
  CHECK(LoadIssuer(*f.db).value() == std::optional<std::string>(kFirstIssuer));
}

TEST_CASE("issuer: a registry from before it was stored is who its certificates say", "[issuer]") {
  IssuerFixture f("https://older.example.jp");
  f.Mark();
  CHECK_FALSE(LoadIssuer(*f.db).value());
  CHECK(CurrentIssuer(*f.db, kFirstIssuer).value() == "https://older.example.jp");
  auto settled = SettleIssuer(*f.db, std::nullopt, kFirstIssuer, IssuerChange::kRefuse);
  REQUIRE(settled);
  CHECK(settled->issuer == "https://older.example.jp");
  CHECK(LoadIssuer(*f.db).value() == std::optional<std::string>("https://older.example.jp"));
}

TEST_CASE("re-issue: a new current certificate, validity kept, the old one superseded", "[issuer][reissue]") {
  IssuerFixture f;
  const std::string n = f.Mark();
  const std::string old_cert = f.Certificate(n);
  auto before = f.registry.GetMark(n);
  f.clock.Advance(std::chrono::hours(1));
  auto r = f.registry.Reissue(n, "re-signed", f.req);
  REQUIRE(r);
  auto after = f.registry.GetMark(n);
  REQUIRE(after);
  CHECK(after->certificate != old_cert);
  CHECK(after->mark.valid_from == before->mark.valid_from);
  CHECK(after->mark.valid_until == before->mark.valid_until);
  CHECK(after->mark.version == before->mark.version + 1);
  json p_old = f.Payload(old_cert), p_new = f.Payload(after->certificate);
  CHECK(p_new["nbf"] == p_old["nbf"]);
  CHECK(p_new["exp"] == p_old["exp"]);
  CHECK(p_new["jti"] != p_old["jti"]);
  auto history = f.registry.History(n);
  REQUIRE(history);
  REQUIRE(history->size() == 2);
  CHECK(history->back().kind == "reissued");
  CHECK(history->back().reason == "re-signed");
  REQUIRE(history->back().log_index);

  // The signed status list names the new one; the old one is superseded
  // there, and by the registry's exact word.
  StatusPublisher publisher(f.registry, f.keys, kFirstIssuer);
  auto signed_list = publisher.SignedList();
  REQUIRE(signed_list);
  auto list = crypto::VerifyStatusList(*signed_list, f.keys.PublicJwks(), f.clock.Now(), kFirstIssuer);
  REQUIRE(list);
  REQUIRE(list->Current(n));
  CHECK(list->Current(n)->jti == p_new["jti"]);
  CHECK(crypto::VerifyCertificate(old_cert, f.keys.PublicJwks(), f.clock.Now(), &*list).reason_code == "superseded");
  CHECK(crypto::VerifyCertificate(after->certificate, f.keys.PublicJwks(), f.clock.Now(), &*list).valid);

  // Another re-issue moves the list at once (no five-minute cache).
  f.clock.Advance(std::chrono::seconds(1));
  REQUIRE(f.registry.Reissue(n, "again", f.req));
  auto again = publisher.SignedList();
  REQUIRE(again);
  CHECK(*again != *signed_list);
  auto list2 = crypto::VerifyStatusList(*again, f.keys.PublicJwks(), f.clock.Now());
  REQUIRE(list2);
  CHECK(list2->Current(n)->jti == f.Payload(f.Certificate(n))["jti"]);
}

TEST_CASE("the status list names every mark's current certificate", "[issuer][status]") {
  IssuerFixture f;
  std::vector<std::string> numbers = {f.Mark(), f.Mark(), f.Mark()};
  REQUIRE(f.registry.Revoke(numbers[1], {{"reason", "虚偽表示"}, {"reason_code", "misrepresentation"}}, f.req));
  StatusPublisher publisher(f.registry, f.keys, kFirstIssuer);
  auto jws = publisher.SignedList();
  REQUIRE(jws);
  auto list = crypto::VerifyStatusList(*jws, f.keys.PublicJwks(), f.clock.Now());
  REQUIRE(list);
  CHECK(list->iss == kFirstIssuer);
  REQUIRE(list->current.size() == 3);  // revoked marks too
  for (const auto& n : numbers) {
    INFO(n);
    REQUIRE(list->Current(n));
    CHECK(list->Current(n)->jti == f.Payload(f.Certificate(n))["jti"]);
  }
  REQUIRE(list->entries.size() == 1);
  CHECK(list->entries[0].number == numbers[1]);
}

TEST_CASE("adopting an issuer re-issues every current certificate once, revoked ones too", "[issuer][reissue]") {
  IssuerFixture f;
  REQUIRE(SettleIssuer(*f.db, std::nullopt, kFirstIssuer, IssuerChange::kRefuse));
  const std::string a = f.Mark(), b = f.Mark();
  REQUIRE(f.registry.Revoke(b, {{"reason", "虚偽表示"}}, f.req));
  const std::string old_a = f.Certificate(a);

  // The registry as markd builds it for --adopt-issuer: signing under the new one.
  SigningIssuer moved_signer(f.keys, kMovedIssuer);
  Registry moved(*f.db, f.clock, moved_signer, {kMovedIssuer});
  auto done = AdoptIssuer(moved, kMovedIssuer, f.req);
  REQUIRE(done);
  CHECK(*done == 2);
  CHECK(LoadIssuer(*f.db).value() == std::optional<std::string>(kMovedIssuer));
  for (const auto& n : {a, b}) {
    INFO(n);
    CHECK(f.Payload(f.Certificate(n))["iss"] == kMovedIssuer);
    CHECK(f.registry.History(n)->back().kind == "reissued");
  }
  CHECK(f.registry.History(a)->back().reason ==
        std::string("issuer changed from ") + kFirstIssuer + " to " + kMovedIssuer);
  CHECK(f.registry.GetMark(b)->status == MarkStatus::kRevoked);
  // Superseded by the registry's word; the new certificate holds.
  crypto::VerifyOptions o;
  o.issuer = kMovedIssuer;
  o.current_certificate = [&](std::string_view number) {
    return crypto::CertificateIdentity(f.Certificate(std::string(number)));
  };
  CHECK(crypto::VerifyCertificate(old_a, f.keys.PublicJwks(), f.clock.Now(), o).reason_code == "superseded");
  CHECK(crypto::VerifyCertificate(f.Certificate(a), f.keys.PublicJwks(), f.clock.Now(), o).valid);
  // Nothing left to do the second time.
  auto again = AdoptIssuer(moved, kMovedIssuer, f.req);
  REQUIRE(again);
  CHECK(*again == 0);
}

TEST_CASE("certificates by key, and what keeps a key from retiring", "[issuer][keys]") {
  IssuerFixture f;
  const std::string a = f.Mark(), b = f.Mark();
  const std::string old_kid = f.keys.Active().kid();
  auto by_kid = f.registry.MarksByCurrentCertificate({old_kid, ""});
  REQUIRE(by_kid);
  CHECK(*by_kid == std::vector<std::string>{a, b});
  CHECK(f.registry.MarksByCurrentCertificate({"no-such-kid", ""})->empty());
  CHECK(f.registry.MarksByCurrentCertificate({"", kFirstIssuer})->empty());
  CHECK(f.registry.MarksByCurrentCertificate({"", kMovedIssuer})->size() == 2);

  auto usage = CountCurrentCertificatesByKid((f.dir / "r.db").string(), old_kid, f.clock.Now());
  REQUIRE(usage);
  CHECK(usage->current == 2);
  CHECK(usage->live == 2);
  // Expired and revoked marks still count as current (their pages check them).
  REQUIRE(f.registry.Revoke(a, {{"reason", "虚偽表示"}}, f.req));
  f.clock.Advance(std::chrono::hours(24 * 400));
  usage = CountCurrentCertificatesByKid((f.dir / "r.db").string(), old_kid, f.clock.Now());
  REQUIRE(usage);
  CHECK(usage->current == 2);
  CHECK(usage->live == 0);

  // Re-signed by another key: the old one signs nothing current.
  crypto::KeyStore other = crypto::KeyStore::FromSigner(crypto::Signer::FromSeed(std::string(32, '\x08')).value());
  SigningIssuer other_signer(other, kFirstIssuer);
  Registry resigning(*f.db, f.clock, other_signer, {kFirstIssuer});
  auto done = resigning.ReissueAll(*by_kid, "re-signed", f.req);
  REQUIRE(done);
  CHECK(*done == 2);
  usage = CountCurrentCertificatesByKid((f.dir / "r.db").string(), old_kid, f.clock.Now());
  REQUIRE(usage);
  CHECK(usage->current == 0);
}

TEST_CASE("superseded is not a reason to withdraw a mark", "[issuer]") {
  IssuerFixture f;
  const std::string n = f.Mark();
  auto r = f.registry.Revoke(n, {{"reason", "更新済み"}, {"reason_code", "superseded"}}, f.req);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::kInvalid);
  REQUIRE(r.error().fields.size() == 1);
  CHECK(r.error().fields[0].field == "reason_code");
  auto s = f.registry.Suspend(n, {{"reason", "更新済み"}, {"reason_code", "superseded"}}, f.req);
  REQUIRE_FALSE(s);
  CHECK(f.registry.GetMark(n)->status == MarkStatus::kValid);
}
