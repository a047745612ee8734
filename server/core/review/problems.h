// Problems: several field errors gathered into one Error, for inputs (criteria
// files, answers, diagnosis reports) where the reviewer wants every mistake
// listed at once rather than fixing them one round trip at a time.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/result.h"

namespace mark::review {

struct Problems {
  std::vector<FieldError> fields;

  void Add(std::string field, std::string why) { fields.push_back(FieldError{std::move(field), std::move(why)}); }
  bool empty() const { return fields.empty(); }
  // kInvalid with every problem; message "f1: why1; f2: why2".
  Error ToError() const {
    std::string msg;
    for (const FieldError& f : fields) {
      if (!msg.empty()) msg += "; ";
      msg += f.field + ": " + f.message;
    }
    return Error{ErrorCode::kInvalid, std::move(msg), fields};
  }
};

}  // namespace mark::review
