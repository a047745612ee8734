#include "http/request_io.h"

#include "common/decimal.h"
#include "common/trim.h"
#include "crypto/sha256.h"
#include "http/problem.h"
#include "registry/validation.h"

namespace mark::http {

Result<nlohmann::json> ReadJsonBody(const httplib::Request& req) {
  std::string type = req.get_header_value("Content-Type");
  std::string media(TrimOws(std::string_view(type).substr(0, type.find(';'))));
  for (auto& c : media) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (req.body.empty() && type.empty()) return nlohmann::json::object();
  if (media != "application/json")
    return Error::Make(ErrorCode::kUnsupported, "the request body must be application/json");
  if (req.body.empty()) return nlohmann::json::object();
  if (!registry::IsValidUtf8(req.body)) return Error::Invalid("", "the body is not valid UTF-8");
  auto body = nlohmann::json::parse(req.body, nullptr, false);
  if (body.is_discarded()) return Error::Invalid("", "the body is not valid JSON");
  return body;
}

std::multimap<std::string, std::string> QueryParams(const httplib::Request& req) {
  return std::multimap<std::string, std::string>(req.params.begin(), req.params.end());
}

Result<std::optional<uint64_t>> UintParam(const std::multimap<std::string, std::string>& params,
                                          const std::string& name, bool required) {
  auto [lo, hi] = params.equal_range(name);
  if (lo == hi) {
    if (required) return Error::Invalid(name, "is required");
    return std::optional<uint64_t>{};
  }
  if (std::next(lo) != hi) return Error::Invalid(name, "must be given once");
  const std::string& text = lo->second;
  auto value =
      text.size() > 1 && text[0] == '0' ? std::nullopt : ParseDecimal<uint64_t>(text, 0, 999'999'999'999'999'999);
  if (!value) return Error::Invalid(name, "must be a non-negative integer without leading zeros");
  return std::optional<uint64_t>{*value};
}

Result<long long> RangeParam(const std::string& name, std::string_view text, long long lo, long long hi) {
  auto n = ParseDecimal<long long>(text, lo, hi);
  if (!n)
    return Error::Invalid(name, "must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
  return *n;
}

Status OnlyParams(const std::multimap<std::string, std::string>& params, std::initializer_list<const char*> known) {
  for (const auto& [k, v] : params) {
    bool ok = false;
    for (const char* n : known) ok = ok || k == n;
    if (!ok) return Error::Invalid(k, "is not a parameter of this endpoint");
  }
  return Status{};
}

Result<registry::WriteRequest> MakeWriteRequest(const httplib::Request& req, const registry::Principal& who) {
  registry::WriteRequest w;
  w.actor = {who.name, req.remote_addr};
  if (req.has_header("Idempotency-Key")) {
    if (req.get_header_value_count("Idempotency-Key") != 1)
      return Error::Invalid("Idempotency-Key", "must be sent once");
    std::string key = req.get_header_value("Idempotency-Key");
    bool printable = !key.empty() && key.size() <= 200;
    for (unsigned char c : key) printable = printable && c > 0x20 && c < 0x7F;
    if (!printable) return Error::Invalid("Idempotency-Key", "must be 1 to 200 visible ASCII characters");
    w.idempotency_key = key;
  }
  std::string material = req.method + "\n" + req.path + "\n" + req.body;
  w.request_fingerprint = crypto::Sha256Hex(material);
  return w;
}

void SendWriteResult(httplib::Response& res, const registry::WriteResult& result, const std::string& location) {
  if (result.replayed) res.set_header("Idempotent-Replayed", "true");
  if (result.created && !location.empty()) res.set_header("Location", location);
  SendJson(res, result.created ? 201 : 200, result.body);
}

}  // namespace mark::http
