// The audit record as GET /api/v1/audit lists it.
#include "storage/audit.h"

#include <catch2/catch.hpp>

using namespace mark;
using namespace mark::storage;

TEST_CASE("AuditRecordJson names every field of the record, the instant in RFC 3339", "[audit]") {
  storage::AuditRecord r;
  r.id = 42;
  r.at = Instant{} + std::chrono::seconds(90);
  r.actor = "secretariat-1";
  r.remote = "198.51.100.7";
  r.action = "mark.revoke";
  r.target = "J0072";
  r.outcome = "ok";
  r.detail = "理由";
  const nlohmann::json j = storage::AuditRecordJson(r);
  CHECK(j == nlohmann::json{{"id", 42},
                            {"at", FormatInstant(r.at)},
                            {"actor", "secretariat-1"},
                            {"remote", "198.51.100.7"},
                            {"action", "mark.revoke"},
                            {"target", "J0072"},
                            {"outcome", "ok"},
                            {"detail", "理由"}});
  CHECK(j.size() == 8);
}
