// markctl log verify / log prove: a monitor's view of the transparency log
//. Talks only to the public log API:
//   GET /api/v1/log/key, /api/v1/log/checkpoint, /api/v1/log/entries?start=&end=,
//   /api/v1/log/proof/inclusion?index=&tree_size=, /api/v1/log/proof/consistency?first=&second=,
//   GET /api/v1/marks/{number} (its `log_index`).
// Exit 0: the log checks out; 1: it does not (bad signature, fork, rewrite,
// entries that do not hash to the signed root); 2: usage or the server could
// not be reached / answered with an HTTP error.
#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <memory>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/mark_links.h"
#include "command.h"
#include "http_fetch.h"
#include "common/base64.h"
#include "common/json_text.h"
#include "common/trim.h"
#include "common/atomic_file.h"
#include "tlog/checkpoint.h"
#include "tlog/merkle.h"
#include "tlog/note.h"
#include "tlog/wire.h"

namespace markctl::cmd_log {
namespace {

namespace tlog = mark::tlog;

constexpr int kOk = 0;
constexpr int kBad = 1;
constexpr int kSetup = 2;

// A failure with its exit code; the message goes to stderr.
struct Failure {
  int code;
  std::string message;
};

// The log API at one server. Base URL "http[s]://host[:port][/prefix]".
class LogServer {
 public:
  static std::optional<LogServer> Open(const std::string& url, std::string& why) {
    const size_t scheme_end = url.find("://");
    if (scheme_end == std::string::npos ||
        (url.compare(0, scheme_end, "http") != 0 && url.compare(0, scheme_end, "https") != 0)) {
      why = "--server must be an http:// or https:// URL";
      return std::nullopt;
    }
    const size_t path_start = url.find('/', scheme_end + 3);
    std::string origin = url.substr(0, path_start);
    const std::string prefix(mark::TrimTrailingSlashes(
        path_start == std::string::npos ? std::string_view() : std::string_view(url).substr(path_start)));
    return LogServer(origin, prefix);
  }

  // GET path (below the prefix); the body on 200, a Failure otherwise.
  std::variant<std::string, Failure> Get(const std::string& path) {
    auto fetched = fetcher_->Get(prefix_ + path);
    if (auto* body = std::get_if<std::string>(&fetched)) return std::move(*body);
    const auto& failure = std::get<HttpFetcher::Failure>(fetched);
    switch (failure.kind) {
      case HttpFetcher::Failure::Kind::kTransport:
        return Failure{kSetup, "GET " + path + ": request failed (" + failure.detail + ")"};
      case HttpFetcher::Failure::Kind::kStatus:
        return Failure{kSetup, "GET " + path + ": " + failure.detail + " " + failure.body.substr(0, 200)};
      default: return Failure{kSetup, "GET " + path + ": " + failure.detail};
    }
  }

 private:
  static HttpFetcher::Options FetchOptions() {
    HttpFetcher::Options options;
    options.read_timeout = std::chrono::seconds(60);
    options.keep_alive = true;
    return options;
  }
  LogServer(const std::string& origin, std::string prefix)
      : fetcher_(std::make_shared<HttpFetcher>(origin, FetchOptions())), prefix_(std::move(prefix)) {}
  std::shared_ptr<HttpFetcher> fetcher_;
  std::string prefix_;
};

// Key (given or fetched) and the checkpoint it signs.
struct Head {
  std::string key;
  std::string note;
  tlog::Checkpoint checkpoint;
};

std::variant<Head, Failure> FetchHead(LogServer& server, const std::optional<std::string>& key) {
  Head head;
  if (key) {
    head.key = *key;
  } else {
    auto fetched = server.Get("/api/v1/log/key");
    if (auto* f = std::get_if<Failure>(&fetched)) return *f;
    head.key = std::string(mark::TrimAsciiSpace(std::get<std::string>(fetched)));
  }
  if (auto v = tlog::ParseVerifierKey(head.key); !v)
    return Failure{key ? kSetup : kBad, "log key: " + v.error().message};
  auto note = server.Get("/api/v1/log/checkpoint");
  if (auto* f = std::get_if<Failure>(&note)) return *f;
  head.note = std::get<std::string>(note);
  auto cp = tlog::OpenCheckpoint(head.note, head.key);
  if (!cp) return Failure{kBad, "checkpoint does not verify: " + cp.error().message};
  head.checkpoint = *cp;
  return head;
}

// All entries [0, size), page by page (the server may answer fewer than asked).
std::variant<std::vector<tlog::LogEntry>, Failure> FetchEntries(LogServer& server, uint64_t start, uint64_t end) {
  std::vector<tlog::LogEntry> out;
  while (start + out.size() < end) {
    const uint64_t from = start + out.size();
    auto body = server.Get("/api/v1/log/entries?start=" + std::to_string(from) + "&end=" + std::to_string(end));
    if (auto* f = std::get_if<Failure>(&body)) return *f;
    auto page = tlog::ParseEntries(std::get<std::string>(body));
    if (!page) return Failure{kBad, "entries from " + std::to_string(from) + ": " + page.error().message};
    if (page->empty())
      return Failure{kBad, "the server has no entries from " + std::to_string(from) + " though its checkpoint says " +
                               std::to_string(end)};
    for (auto& e : *page) {
      const uint64_t want = start + out.size();
      if (want >= end) break;
      if (e.index != want)
        return Failure{kBad, "entries out of order: got index " + std::to_string(e.index) + " where " +
                                 std::to_string(want) + " was due"};
      out.push_back(std::move(e));
    }
  }
  return out;
}

int Report(const Failure& f) {
  std::cerr << "markctl log: " << f.message << "\n";
  return f.code;
}

// ---- log verify --------------------------------------------------------------

int Verify(const Args& args) {
  auto p = ParseArgs(args, {"server", "state", "key"});
  if (!p.error.empty() || !p.Get("server") || !p.positional.empty()) {
    std::cerr << "usage: markctl log verify --server URL [--state FILE] [--key VERIFIER_KEY]\n";
    if (!p.error.empty()) std::cerr << "markctl log: " << p.error << "\n";
    return kSetup;
  }
  std::string why;
  auto server = LogServer::Open(*p.Get("server"), why);
  if (!server) return Report({kSetup, why});

  auto head_or = FetchHead(*server, p.Get("key"));
  if (auto* f = std::get_if<Failure>(&head_or)) return Report(*f);
  const Head head = std::get<Head>(head_or);
  const tlog::Checkpoint& now = head.checkpoint;

  // The checkpoint seen last time, if any: it must verify with today's key
  // (a changed key is as suspicious as a changed history).
  std::optional<tlog::Checkpoint> before;
  const std::optional<std::string> state_path = p.Get("state");
  if (state_path && std::filesystem::exists(*state_path)) {
    auto saved = ReadInput(*state_path);
    if (!saved) return kSetup;
    auto cp = tlog::OpenCheckpoint(*saved, head.key);
    if (!cp)
      return Report({kBad, "FORK or REWRITE: the checkpoint saved in " + *state_path +
                               " does not verify with the log's key (" + cp.error().message +
                               "); has the key changed?"});
    before = *cp;
  }

  if (before) {
    if (now.size < before->size)
      return Report({kBad, "FORK or REWRITE: the log shrank from " + std::to_string(before->size) + " to " +
                               std::to_string(now.size) + " entries"});
    auto body = server->Get("/api/v1/log/proof/consistency?first=" + std::to_string(before->size) +
                            "&second=" + std::to_string(now.size));
    if (auto* f = std::get_if<Failure>(&body)) return Report(*f);
    auto proof = tlog::ParseConsistencyProof(std::get<std::string>(body));
    if (!proof) return Report({kBad, "consistency proof: " + proof.error().message});
    if (proof->first != before->size || proof->second != now.size)
      return Report({kBad, "consistency proof: answers for other sizes"});
    if (auto ok = tlog::VerifyConsistency(before->size, now.size, before->root, now.root, proof->consistency); !ok)
      return Report({kBad, "FORK or REWRITE: the checkpoint of size " + std::to_string(now.size) +
                               " is not consistent with the one of size " + std::to_string(before->size) +
                               " seen before: " + ok.error().message});
  }

  // Re-hash every entry: the signed root must come from them alone.
  auto entries_or = FetchEntries(*server, 0, now.size);
  if (auto* f = std::get_if<Failure>(&entries_or)) return Report(*f);
  tlog::MerkleTree tree;
  for (const auto& e : std::get<std::vector<tlog::LogEntry>>(entries_or)) tree.AppendLeafInput(e.leaf_input);
  if (tree.Root() != now.root)
    return Report({kBad, "REWRITE: the " + std::to_string(now.size) + " entries hash to " +
                             tlog::HashToBase64(tree.Root()) + ", not to the signed root " +
                             tlog::HashToBase64(now.root)});
  if (before && tree.RootAt(before->size).value() != before->root)
    return Report({kBad, "FORK or REWRITE: the first " + std::to_string(before->size) +
                             " entries no longer hash to the root seen before"});

  if (state_path && (!before || before->size != now.size || before->root != now.root)) {
    if (auto st = mark::WriteFileAtomic(*state_path, head.note, 0644); !st) return Report({kSetup, st.error().message});
  }
  std::cout << "ok: log " << now.origin << " size " << now.size << " root " << tlog::HashToBase64(now.root)
            << "; signature, all entries"
            << (before ? ", consistency with size " + std::to_string(before->size) : std::string()) << " verified\n";
  return kOk;
}

// ---- log prove ------------------------------------------------------------------

int Prove(const Args& args) {
  auto p = ParseArgs(args, {"server", "key"});
  if (!p.error.empty() || !p.Get("server") || p.positional.size() != 1) {
    std::cerr << "usage: markctl log prove NUMBER --server URL [--key VERIFIER_KEY]\n";
    if (!p.error.empty()) std::cerr << "markctl log: " << p.error << "\n";
    return kSetup;
  }
  const std::string number = p.positional[0];
  for (char c : number) {
    if (!std::isalnum(static_cast<unsigned char>(c)))
      return Report({kSetup, "NUMBER must be a mark number such as J0072"});
  }
  std::string why;
  auto server = LogServer::Open(*p.Get("server"), why);
  if (!server) return Report({kSetup, why});

  const mark::MarkLinks paths = mark::PathsFor(number);
  auto mark_body = server->Get(paths.self);
  if (auto* f = std::get_if<Failure>(&mark_body)) return Report(*f);
  const auto mark = nlohmann::json::parse(std::get<std::string>(mark_body), nullptr, false);
  if (mark.is_discarded() || !mark.is_object()) return Report({kBad, "the mark is not JSON"});
  auto li = mark.find("log_index");
  if (li == mark.end() || !li->is_number_unsigned()) return Report({kBad, "mark " + number + " names no log_index"});
  const uint64_t index = li->get<uint64_t>();

  auto head_or = FetchHead(*server, p.Get("key"));
  if (auto* f = std::get_if<Failure>(&head_or)) return Report(*f);
  const tlog::Checkpoint now = std::get<Head>(head_or).checkpoint;
  if (index >= now.size)
    return Report({kBad, "log index " + std::to_string(index) + " is not in the signed log of " +
                             std::to_string(now.size) + " entries"});

  auto entry_or = FetchEntries(*server, index, index + 1);
  if (auto* f = std::get_if<Failure>(&entry_or)) return Report(*f);
  const tlog::LogEntry entry = std::get<std::vector<tlog::LogEntry>>(entry_or).at(0);
  const auto event = nlohmann::json::parse(entry.leaf_input, nullptr, false);
  if (event.is_discarded() || !event.is_object())
    return Report({kBad, "entry " + std::to_string(index) + " is not a JSON event"});
  if (auto n = event.find("number"); n != event.end() && (!n->is_string() || *n != number))
    return Report({kBad, "entry " + std::to_string(index) + " is about another mark"});
  // The proof is worth something only for the certificate a verifier is
  // handed today: the entry must record exactly the mark's current
  // certificate, not an older one or a status change of the same mark.
  auto cert_body = server->Get(paths.certificate);
  if (auto* f = std::get_if<Failure>(&cert_body)) return Report(*f);
  const std::string current(mark::TrimAsciiSpace(std::get<std::string>(cert_body)));
  auto type = event.find("type");
  auto recorded = event.find("certificate");
  if (type == event.end() || *type != "certificate" || recorded == event.end() || *recorded != current)
    return Report({kBad, "entry " + std::to_string(index) + " does not record mark " + number +
                             "'s current certificate (the mark's log_index names another entry)"});

  auto body = server->Get("/api/v1/log/proof/inclusion?index=" + std::to_string(index) +
                          "&tree_size=" + std::to_string(now.size));
  if (auto* f = std::get_if<Failure>(&body)) return Report(*f);
  auto proof = tlog::ParseInclusionProof(std::get<std::string>(body));
  if (!proof) return Report({kBad, "inclusion proof: " + proof.error().message});
  if (proof->index != index || proof->tree_size != now.size)
    return Report({kBad, "inclusion proof: answers for another index or size"});
  const tlog::Hash leaf = tlog::LeafHash(entry.leaf_input);
  if (auto ok = tlog::VerifyInclusion(leaf, index, now.size, proof->audit_path, now.root); !ok)
    return Report(
        {kBad, "NOT INCLUDED: entry " + std::to_string(index) + " is not in the signed log: " + ok.error().message});

  nlohmann::json out = {{"number", number},
                        {"log_index", index},
                        {"tree_size", now.size},
                        {"root_hash", tlog::HashToBase64(now.root)},
                        {"origin", now.origin},
                        {"leaf_hash", tlog::HashToBase64(leaf)},
                        {"audit_path", tlog::ToJson(*proof)["audit_path"]},
                        {"entry", event},
                        {"verified", true}};
  std::cout << mark::JsonTextIndented(out) << "\n";
  std::cerr << "ok: mark " << number << ": log entry " << index << " is included in the signed log of " << now.size
            << " entries\n";
  return kOk;
}

int Run(const Args& args) {
  if (!args.empty() && args[0] == "verify") return Verify(Args(args.begin() + 1, args.end()));
  if (!args.empty() && args[0] == "prove") return Prove(Args(args.begin() + 1, args.end()));
  std::cerr << "usage: markctl log verify|prove ...\n";
  return kSetup;
}

const bool registered =
    RegisterCommand({"log",
                     "  markctl log verify --server URL [--state FILE] [--key VERIFIER_KEY]\n"
                     "      check the log's signed checkpoint, its consistency with the one in FILE, and\n"
                     "      that all entries hash to it; save the checkpoint to FILE\n"
                     "  markctl log prove NUMBER --server URL [--key VERIFIER_KEY]\n"
                     "      show and verify the inclusion of a mark's current certificate in the log",
                     &Run});

}  // namespace
}  // namespace markctl::cmd_log
