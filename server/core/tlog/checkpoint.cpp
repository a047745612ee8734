#include "tlog/checkpoint.h"

#include "common/base64.h"
#include "common/decimal.h"
#include "common/trim.h"
#include "tlog/note.h"

namespace mark::tlog {

std::string LogOriginForPublicUrl(std::string_view url) {
  if (const size_t scheme = url.find("://"); scheme != std::string_view::npos) url.remove_prefix(scheme + 3);
  url = TrimTrailingSlashes(url);
  return std::string(url) + "/log";
}

Result<std::string> FormatCheckpoint(const Checkpoint& cp) {
  if (cp.origin.empty() || cp.origin.find('\n') != std::string::npos)
    return Error::Invalid("origin", "must be one non-empty line");
  std::string out = cp.origin + "\n" + std::to_string(cp.size) + "\n" + HashToBase64(cp.root) + "\n";
  for (const std::string& ext : cp.extensions) {
    if (ext.empty() || ext.find('\n') != std::string::npos)
      return Error::Invalid("extensions", "each must be one non-empty line");
    out += ext + "\n";
  }
  return out;
}

Result<Checkpoint> ParseCheckpoint(std::string_view text) {
  if (text.empty() || text.back() != '\n') return Error::Invalid("checkpoint", "does not end in a newline");
  std::vector<std::string_view> lines;
  for (std::string_view rest = text; !rest.empty();) {
    const size_t eol = rest.find('\n');
    lines.push_back(rest.substr(0, eol));
    rest.remove_prefix(eol + 1);
  }
  if (lines.size() < 3) return Error::Invalid("checkpoint", "fewer than three lines");
  Checkpoint cp;
  if (lines[0].empty()) return Error::Invalid("origin", "empty");
  cp.origin = std::string(lines[0]);

  const std::string_view size = lines[1];
  if (size.empty() || size.size() > 20 || (size.size() > 1 && size[0] == '0'))
    return Error::Invalid("tree_size", "not a decimal without leading zeros");
  if (size.find_first_not_of("0123456789") != std::string_view::npos) return Error::Invalid("tree_size", "not decimal");
  const auto n = ParseDecimal<uint64_t>(size, 0, UINT64_MAX);
  if (!n) return Error::Invalid("tree_size", "too large");
  cp.size = *n;

  auto root_bytes = Base64Decode(lines[2]);
  if (!root_bytes) return Error::Invalid("root_hash", "not base64");
  auto root = HashFromBytes(*root_bytes);
  if (!root) return Error::Invalid("root_hash", "not 32 bytes");
  cp.root = *root;

  for (size_t i = 3; i < lines.size(); ++i) {
    if (lines[i].empty()) return Error::Invalid("checkpoint", "empty extension line");
    cp.extensions.emplace_back(lines[i]);
  }
  return cp;
}

Result<std::string> SignCheckpoint(const Checkpoint& checkpoint, std::string_view secret_key) {
  auto text = FormatCheckpoint(checkpoint);
  if (!text) return text;
  return SignNote(*text, checkpoint.origin, secret_key);
}

Result<Checkpoint> OpenCheckpoint(std::string_view signed_note, std::string_view verifier_key) {
  auto verifier = ParseVerifierKey(verifier_key);
  if (!verifier) return std::move(verifier).error();
  auto text = VerifyNote(signed_note, *verifier);
  if (!text) return std::move(text).error();
  auto cp = ParseCheckpoint(*text);
  if (!cp) return cp;
  if (cp->origin != verifier->name) return Error::Invalid("origin", "is not the log key's name " + verifier->name);
  return cp;
}

}  // namespace mark::tlog
