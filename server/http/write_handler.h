// WriteHandler: the one shape of every authenticated mutation — authorize,
// read the JSON body, build the WriteRequest (Idempotency-Key), call the
// core, answer 201/200 or problem+json.
#pragma once

#include <httplib.h>

#include <functional>
#include <initializer_list>
#include <string>
#include <vector>

#include "http/context.h"
#include "registry/registry.h"
#include "registry/tokens.h"

namespace mark::http {

using WriteFn = std::function<Result<registry::WriteResult>(const httplib::Request&, const nlohmann::json& body,
                                                            const registry::WriteRequest&)>;
// Where a created resource lives, from the request and the answer body
// (empty: no Location).
using LocationFn = std::function<std::string(const httplib::Request&, const nlohmann::json& body)>;

httplib::Server::Handler WriteHandler(ServerContext& ctx, std::vector<registry::Role> roles, WriteFn fn,
                                      LocationFn location = nullptr);

}  // namespace mark::http
