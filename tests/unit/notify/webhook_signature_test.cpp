#include "notify/webhook_signature.h"

#include <catch2/catch.hpp>

#include "common/base64.h"

using namespace mark::notify;

TEST_CASE("webhook signature: the Standard Webhooks reference vector", "[notify]") {
  // The vector the specification's reference libraries test against
  // (the npm standardwebhooks package signs it to the same value).
  auto key = WebhookSecretKey("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  REQUIRE(key);
  CHECK(WebhookSignature(*key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, R"({"test": 2432232314})") ==
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

TEST_CASE("webhook secret: whsec_ and 32 random bytes in base64", "[notify]") {
  const std::string a = NewWebhookSecret(), b = NewWebhookSecret();
  CHECK(a.rfind("whsec_", 0) == 0);
  CHECK(a != b);
  auto key = WebhookSecretKey(a);
  REQUIRE(key);
  CHECK(key->size() == 32);
  CHECK(!WebhookSecretKey("sk_live_abc"));
}
