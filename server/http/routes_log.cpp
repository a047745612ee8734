// The public transparency log: the signed checkpoint, the
// log's note verifier key, entries by range, and inclusion and consistency
// proofs. Everything here is public and cacheable; nothing is ever written.
#include <optional>

#include "http/problem.h"
#include "http/request_io.h"
#include "http/routes.h"
#include "tlog/transparency_log.h"
#include "tlog/wire.h"

namespace mark::http {

using nlohmann::json;

namespace {

// At most this many entries in one answer; clients page with start=.
constexpr uint64_t kMaxLogPage = 1000;

void Public(httplib::Response& res, const char* cache) {
  res.set_header("Access-Control-Allow-Origin", "*");
  res.set_header("Cache-Control", cache);
}

// False (answered) when there is no log, or it failed its start-up check;
// waits while that check is still running.
bool LogReady(ServerContext& ctx, httplib::Response& res) {
  if (!ctx.log) {
    SendProblem(res, 404, "this server keeps no transparency log");
    return false;
  }
  if (Status ready = ctx.log->Ready(); !ready) {
    SendProblem(res, ready.error());
    return false;
  }
  return true;
}

}  // namespace

void RegisterLogRoutes(Router& router, ServerContext& ctx) {
  router.Get("/api/v1/log/checkpoint", [&ctx](const httplib::Request&, httplib::Response& res) {
    if (!LogReady(ctx, res)) return;
    Public(res, "no-cache");
    res.status = 200;
    res.set_content(ctx.log->CheckpointNote(), "text/plain; charset=utf-8");
  });

  router.Get("/api/v1/log/key", [&ctx](const httplib::Request&, httplib::Response& res) {
    if (!LogReady(ctx, res)) return;
    Public(res, "public, max-age=3600");
    res.status = 200;
    res.set_content(ctx.log->VerifierKey() + "\n", "text/plain; charset=utf-8");
  });

  router.Get("/api/v1/log/entries", [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!LogReady(ctx, res)) return;
    const auto params = QueryParams(req);
    if (Status s = OnlyParams(params, {"start", "end"}); !s) return SendProblem(res, s.error());
    auto start = UintParam(params, "start", true);
    if (!start) return SendProblem(res, start.error());
    auto end = UintParam(params, "end", false);
    if (!end) return SendProblem(res, end.error());
    const uint64_t size = ctx.log->Size();
    const uint64_t from = **start;
    uint64_t to = end->value_or(from + kMaxLogPage);
    if (to <= from) return SendProblem(res, Error::Invalid("end", "must be greater than start"));
    if (from >= size)
      return SendProblem(res, Error::Invalid("start", "is beyond the log (" + std::to_string(size) + " entries)"));
    to = std::min({to, size, from + kMaxLogPage});
    auto entries = ctx.log->Entries(from, to);
    if (!entries) return SendProblem(res, entries.error());
    json list = json::array();
    for (const auto& e : *entries) {
      auto j = tlog::EntryToJson(e);
      if (!j) return SendProblem(res, Error::Make(ErrorCode::kInternal, j.error().message));
      list.push_back(std::move(*j));
    }
    // Entries never change once written.
    Public(res, "public, max-age=86400, immutable");
    SendJson(res, 200, {{"entries", std::move(list)}});
  });

  router.Get("/api/v1/log/proof/inclusion", [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!LogReady(ctx, res)) return;
    const auto params = QueryParams(req);
    if (Status s = OnlyParams(params, {"index", "tree_size"}); !s) return SendProblem(res, s.error());
    auto index = UintParam(params, "index", true);
    if (!index) return SendProblem(res, index.error());
    auto tree_size = UintParam(params, "tree_size", false);
    if (!tree_size) return SendProblem(res, tree_size.error());
    tlog::InclusionProofMessage m;
    m.index = **index;
    m.tree_size = tree_size->value_or(ctx.log->Size());
    auto proof = ctx.log->InclusionProof(m.index, m.tree_size);
    if (!proof) return SendProblem(res, proof.error());
    m.audit_path = std::move(*proof);
    Public(res, "public, max-age=86400, immutable");
    SendJson(res, 200, tlog::ToJson(m));
  });

  router.Get("/api/v1/log/proof/consistency", [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!LogReady(ctx, res)) return;
    const auto params = QueryParams(req);
    if (Status s = OnlyParams(params, {"first", "second"}); !s) return SendProblem(res, s.error());
    auto first = UintParam(params, "first", true);
    if (!first) return SendProblem(res, first.error());
    auto second = UintParam(params, "second", false);
    if (!second) return SendProblem(res, second.error());
    tlog::ConsistencyProofMessage m;
    m.first = **first;
    m.second = second->value_or(ctx.log->Size());
    auto proof = ctx.log->ConsistencyProof(m.first, m.second);
    if (!proof) return SendProblem(res, proof.error());
    m.consistency = std::move(*proof);
    Public(res, "public, max-age=86400, immutable");
    SendJson(res, 200, tlog::ToJson(m));
  });
}

}  // namespace mark::http
