#pragma once

// libcurl's process-wide set-up, done once before the first transfer of
// either sender (SMTP or webhooks). Thread-safe.

namespace mark::notify {

void EnsureCurlInit();

}  // namespace mark::notify
