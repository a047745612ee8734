// Result<T>: a value or an Error, for code that fails on untrusted input.
// g++ 12 has no std::expected in C++20; this keeps expected-like names so the
// switch later is mechanical. Errors carry a domain code (never an HTTP status:
// the HTTP layer maps codes to statuses in one table) and the fields at fault.
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace mark {

enum class ErrorCode {
  kInvalid,         // input breaks a rule; `fields` says which
  kNotFound,        // no such thing
  kConflict,        // the state forbids it (a second grant, renewing a revoked mark)
  kUnauthorized,    // no or unknown credentials
  kForbidden,       // known credentials, wrong role
  kTooLarge,        // input over a size limit
  kUnsupported,     // a media type or encoding we do not take
  kRateLimited,     // too many attempts
  kUnavailable,     // storage cannot be written now (disk full, read-only); nothing changed
  kOutcomeUnknown,  // a commit failed where it may still have been stored (its fsync):
                    // a retry with the same idempotency key answers what happened
  kClockBehind,     // the clock reads earlier than the registry's last change
                    // (registry/clock_watch.h); nothing changed, nothing signed
  kInternal,        // our fault; the message is for logs, never for clients
};

struct FieldError {
  std::string field;    // JSON path of the bad field, e.g. "domains[1]"
  std::string message;  // why, in plain English
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::vector<FieldError> fields;

  static Error Invalid(std::string field, std::string why) {
    std::string msg = field + ": " + why;
    return Error{ErrorCode::kInvalid, std::move(msg), {FieldError{std::move(field), std::move(why)}}};
  }
  static Error Make(ErrorCode code, std::string message) { return Error{code, std::move(message), {}}; }
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit on purpose
  Result(Error error) : v_(std::move(error)) {}  // NOLINT

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const& { return std::get<1>(v_); }
  Error&& error() && { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

// Result<void>: success or an Error.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : err_(std::move(error)), ok_(false) {}  // NOLINT
  bool has_value() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return err_; }

 private:
  Error err_;
  bool ok_ = true;
};

using Status = Result<void>;

}  // namespace mark
