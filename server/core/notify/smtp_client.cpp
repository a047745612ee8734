#include "notify/smtp_client.h"

#include <curl/curl.h>
#include <sys/stat.h>

#include <cstring>
#include <fstream>

#include "notify/curl_init.h"

namespace mark::notify {

namespace {

struct Upload {
  const std::string* data;
  size_t offset = 0;
};

size_t ReadUpload(char* buffer, size_t size, size_t nitems, void* user) {
  auto* up = static_cast<Upload*>(user);
  const size_t room = size * nitems;
  const size_t left = up->data->size() - up->offset;
  const size_t n = std::min(room, left);
  std::memcpy(buffer, up->data->data() + up->offset, n);
  up->offset += n;
  return n;
}

}  // namespace

Status CheckSmtpUrl(const std::string& url) {
  std::string rest;
  if (url.rfind("smtp://", 0) == 0)
    rest = url.substr(7);
  else if (url.rfind("smtps://", 0) == 0)
    rest = url.substr(8);
  else
    return Error::Make(ErrorCode::kInvalid, "--smtp must be smtp://host[:port] or smtps://host[:port]");
  if (rest.empty() || rest.front() == '/' || rest.front() == ':' || rest.find('@') != std::string::npos)
    return Error::Make(ErrorCode::kInvalid, "--smtp needs a host (and no user name: use --smtp-credentials)");
  return Status{};
}

Result<SmtpCredentials> ReadSmtpCredentials(const std::filesystem::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0)
    return Error::Make(ErrorCode::kNotFound, "cannot read --smtp-credentials " + file.string());
  if ((st.st_mode & 077) != 0)
    return Error::Make(ErrorCode::kInvalid,
                       "--smtp-credentials " + file.string() + " is readable by group or others; chmod 600 it");
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  const size_t colon = line.find(':');
  if (colon == std::string::npos || colon == 0)
    return Error::Make(ErrorCode::kInvalid,
                       "--smtp-credentials " + file.string() + " must hold one line user:password");
  return SmtpCredentials{line.substr(0, colon), line.substr(colon + 1)};
}

SmtpClient::SmtpClient(SmtpConfig config) : config_(std::move(config)) {
  EnsureCurlInit();
  implicit_tls_ = config_.url.rfind("smtps://", 0) == 0;
}

Status SmtpClient::Send(const std::vector<std::string>& recipients, const std::string& message) {
  bool not_offered = false;
  Status st = Attempt(recipients, message, Tls::kRequired, not_offered);
  if (st || implicit_tls_ || !not_offered) return st;
  // The server offered no STARTTLS. In clear only when there is nothing to
  // protect but the message, and the server never offered it before.
  if (!config_.user.empty())
    return Error::Make(ErrorCode::kUnavailable,
                       "the SMTP server offers no STARTTLS; credentials are never sent in clear");
  if (!config_.ca_file.empty())
    return Error::Make(ErrorCode::kUnavailable, "the SMTP server offers no STARTTLS, and --smtp-ca asks for TLS");
  if (starttls_seen_)
    return Error::Make(ErrorCode::kUnavailable,
                       "the SMTP server offered STARTTLS before and no longer does (a downgrade?); not sent in clear");
  bool ignored = false;
  return Attempt(recipients, message, Tls::kNone, ignored);
}

Status SmtpClient::Attempt(const std::vector<std::string>& recipients, const std::string& message, Tls tls,
                           bool& not_offered) {
  CURL* curl = curl_easy_init();
  if (!curl) return Error::Make(ErrorCode::kInternal, "libcurl cannot start a transfer");
  struct curl_slist* rcpt = nullptr;
  for (const std::string& r : recipients) rcpt = curl_slist_append(rcpt, ("<" + r + ">").c_str());
  char errbuf[CURL_ERROR_SIZE] = {};
  Upload up{&message};
  const std::string from = "<" + config_.mail_from + ">";
  curl_easy_setopt(curl, CURLOPT_URL, config_.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, &ReadUpload);
  curl_easy_setopt(curl, CURLOPT_READDATA, &up);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(config_.timeout_s));
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!config_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, config_.ca_file.c_str());
  curl_easy_setopt(curl, CURLOPT_USE_SSL,
                   tls == Tls::kRequired ? static_cast<long>(CURLUSESSL_ALL) : static_cast<long>(CURLUSESSL_NONE));
  if (tls == Tls::kRequired && !config_.user.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, config_.user.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, config_.password.c_str());
  }
  const CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(curl);
  if (rc == CURLE_OK) {
    if (tls == Tls::kRequired && !implicit_tls_) starttls_seen_ = true;
    return Status{};
  }
  const std::string detail = errbuf[0] ? std::string(errbuf) : std::string(curl_easy_strerror(rc));
  // libcurl's words when the EHLO answer named no STARTTLS (smtp.c); a
  // server that offered it and then refused says "STARTTLS denied".
  if (rc == CURLE_USE_SSL_FAILED && detail.find("not supported") != std::string::npos) not_offered = true;
  return Error::Make(ErrorCode::kUnavailable, "SMTP: " + detail);
}

}  // namespace mark::notify
