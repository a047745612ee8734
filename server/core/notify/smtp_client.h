// SmtpClient: hands a message to the SMTP server markd was told of
// (--smtp), through libcurl, never a hand-written SMTP dialogue.
//
// TLS, and what "STARTTLS when offered" means here:
// - smtps://host:port: TLS from the first byte (implicit TLS, RFC 8314).
// - smtp://host:port: STARTTLS is required whenever the server offers it in
//   its EHLO answer, and whenever markd has credentials (--smtp-credentials)
//   or a CA to check the server with (--smtp-ca): libcurl's CURLUSESSL_ALL.
//   libcurl's CURLUSESSL_TRY is not used: it carries on in clear when a
//   server that offered STARTTLS then refuses it, credentials included. A
//   server that offers STARTTLS once is remembered (for the life of the
//   process) and must always do so afterwards. Only a server that has never
//   offered it, with no credentials and no CA configured, gets the message
//   in clear (a relay on the same host) — an attacker on the path can hide
//   the offer, so configure --smtp-ca or credentials, or use smtps://, when
//   the server is elsewhere.
// - The server's certificate is always verified (against --smtp-ca, else
//   the system's trust store) and its name checked; there is no switch to
//   turn verification off. Credentials never travel without TLS.
// Thread-compatible: one sender thread uses it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"

namespace mark::notify {

struct SmtpConfig {
  std::string url;                // smtp://host:port or smtps://host:port
  std::filesystem::path ca_file;  // --smtp-ca: trust anchors; empty: the system's
  std::string user, password;     // from --smtp-credentials; empty: no AUTH
  std::string mail_from;          // --mail-from: envelope and header sender
  int timeout_s = 60;
};

// Reads --smtp-credentials: one line "user:password" in a file readable by
// its owner only (refused otherwise, as key files are).
struct SmtpCredentials {
  std::string user, password;
};
Result<SmtpCredentials> ReadSmtpCredentials(const std::filesystem::path& file);
// Checks the URL's form (smtp:// or smtps://, a host, an optional port).
Status CheckSmtpUrl(const std::string& url);

class SmtpClient {
 public:
  explicit SmtpClient(SmtpConfig config);
  // Sends `message` (FormatMailMessage's bytes) to `recipients`. An Error
  // carries the server's or libcurl's words; nothing is known to be sent then.
  Status Send(const std::vector<std::string>& recipients, const std::string& message);
  const SmtpConfig& config() const { return config_; }

 private:
  enum class Tls { kRequired, kNone };
  // One attempt; `not_offered` set when the server's EHLO named no STARTTLS.
  Status Attempt(const std::vector<std::string>& recipients, const std::string& message, Tls tls, bool& not_offered);
  SmtpConfig config_;
  bool implicit_tls_ = false;
  bool starttls_seen_ = false;  // the server offered STARTTLS before: insist on it
};

}  // namespace mark::notify
