// The secretariat's review records on a real SQLite file with a fixed clock:
// an application creates its review fee, a passed ISP review adds the annual
// usage fee, a fee is paid or waived once, and the renewal calendar lists the
// marks whose validity ends soon.
#include "review_records/review_store.h"

#include <catch2/catch.hpp>

#include "common/json_text.h"
#include "review/calendar.h"
#include "support/signing_registry.h"

using namespace mark;
using namespace mark::registry;
using mark::review_records::ReviewStore;
using nlohmann::json;

namespace {

struct RecordsFixture : testing::SigningRegistry {
  ReviewStore store{registry};

  std::string IspService() {
    auto op = registry.CreateOperator(
        {{"name", "事業者"}, {"name_en", "Operator"}, {"website", "https://op.example.jp/"}}, req);
    REQUIRE(op);
    auto svc = registry.CreateService({{"operator_id", op->body["id"]},
                                       {"scheme", "isp"},
                                       {"name", "サービス"},
                                       {"name_en", "Service"},
                                       {"domains", {"svc.example.ne.jp"}}},
                                      req);
    REQUIRE(svc);
    return svc->body["id"];
  }

  std::string ImportIspCriteria() {
    REQUIRE(store.ImportCriteria(JsonText(testing::MandatoryOnlyCriteriaSet("unit-isp", "isp")), req));
    return "unit-isp";
  }

  json Application(const std::string& service_id) {
    const review::YearMonth session = review::LatestSession(JstDate(clock.Now()));
    auto app = store.CreateApplication({{"service_id", service_id},
                                        {"kind", "new"},
                                        {"first_review_body", "JAIPA"},
                                        {"session", review::FormatYearMonth(session)},
                                        {"application_date", FormatDate(review::SessionOpens(session))}},
                                       req);
    REQUIRE(app);
    return app->body;
  }
};

}  // namespace

TEST_CASE("an ISP application owes its review fee, and a pass adds the annual usage fee", "[review_records]") {
  RecordsFixture f;
  const std::string criteria = f.ImportIspCriteria();
  const json app = f.Application(f.IspService());
  REQUIRE(app["fees"].size() == 1);
  CHECK(app["fees"][0]["kind"] == "new_review");
  CHECK(app["fees"][0]["state"] != "paid");
  auto review = f.store.RecordReview(app["id"], {{"criteria_id", criteria}, {"answers", {{"1-1-1", true}}}}, f.req);
  REQUIRE(review);
  CHECK(review->body["pass"] == true);
  auto after = f.store.GetApplication(app["id"]);
  REQUIRE(after);
  CHECK((*after)["status"] == "passed");
  REQUIRE((*after)["fees"].size() == 2);
  CHECK((*after)["fees"][1]["kind"] == "annual_usage");
  auto fees = f.store.Fees();
  REQUIRE(fees);
  CHECK(fees->size() == 2);
}

TEST_CASE("a fee is paid or waived once, never both", "[review_records]") {
  RecordsFixture f;
  const json app = f.Application(f.IspService());
  const std::string paid = app["fees"][0]["id"];
  auto pay = f.store.PayFee(paid, json::object(), f.req);
  REQUIRE(pay);
  CHECK(pay->body["state"] == "paid");
  auto again = f.store.PayFee(paid, json::object(), f.req);
  REQUIRE_FALSE(again);
  CHECK(again.error().code == ErrorCode::kConflict);
  auto waive = f.store.WaiveFee(paid, {{"reason", "免除"}}, f.req);
  REQUIRE_FALSE(waive);
  CHECK(waive.error().code == ErrorCode::kConflict);
  auto unknown = f.store.PayFee("fee_nothing", json::object(), f.req);
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().code == ErrorCode::kNotFound);
}

TEST_CASE("a review against a set of another scheme is refused, naming criteria_id", "[review_records]") {
  RecordsFixture f;
  REQUIRE(f.store.ImportCriteria(JsonText(testing::MandatoryOnlyCriteriaSet("unit-wifi", "wifi")), f.req));
  const json app = f.Application(f.IspService());
  auto review = f.store.RecordReview(app["id"], {{"criteria_id", "unit-wifi"}, {"answers", {{"1-1-1", true}}}}, f.req);
  REQUIRE_FALSE(review);
  CHECK(review.error().code == ErrorCode::kInvalid);
  REQUIRE(review.error().fields.size() == 1);
  CHECK(review.error().fields[0].field == "criteria_id");
}
