#include "common/ssid_skeleton.h"

#include <catch2/catch.hpp>

using mark::SsidSkeleton;

TEST_CASE("SSIDs that look the same share a skeleton", "[ssid_skeleton]") {
  const std::string base = SsidSkeleton("Ekimae_Free_WiFi");
  for (const char* alike : {"Ekimae_Free_WiFi", "ekimae_free_wifi", "EKIMAE-FREE-WIFI", "Ekimae Free WiFi",
                            "Ekimae_Free_W1F1",             // 1 for i
                            "\xEF\xBC\xA5kimae_Free_WiFi",  // full-width E
                            "Ekim\xD0\xB0"
                            "e_Free_WiFi",  // Cyrillic a
                            "Ekimae_Fr\xD0\xB5"
                            "e_WiFi",                           // Cyrillic e
                            "Ekimae_Free_\xE2\x80\x8BWiFi"}) {  // zero-width space
    INFO(alike);
    CHECK(SsidSkeleton(alike) == base);
  }
  CHECK(SsidSkeleton("cafe0") == SsidSkeleton("cafeO"));
  CHECK(SsidSkeleton("modern") == SsidSkeleton("modem"));  // rn reads as m
  CHECK(SsidSkeleton("vvifi") == SsidSkeleton("wifi"));
  for (const char* other : {"Ekimae_Free_WiFi_5G", "Ekimae_Paid_WiFi", "EkimaeFreeWiFi", "駅前フリーWiFi"}) {
    INFO(other);
    CHECK(SsidSkeleton(other) != base);
  }
  CHECK(SsidSkeleton("駅前フリーWiFi") == SsidSkeleton("駅前フリーwifi"));
  CHECK(SsidSkeleton(std::string("\xff\xfe", 2)) == std::string("\xff\xfe", 2));  // not UTF-8: kept
}
