// Status propagation helpers. Abseil 20220623 ships no RETURN_IF_ERROR, so we keep our own.
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define TM_CONCAT_INNER_(a, b) a##b
#define TM_CONCAT_(a, b) TM_CONCAT_INNER_(a, b)

// Returns from the current function if `expr` yields a non-OK absl::Status.
#define TM_RETURN_IF_ERROR(expr)                       \
  do {                                                 \
    if (absl::Status tm_status_ = (expr); !tm_status_.ok()) \
      return tm_status_;                               \
  } while (0)

// `TM_ASSIGN_OR_RETURN(auto x, MakeX());` unwraps a StatusOr or returns its error.
#define TM_ASSIGN_OR_RETURN(lhs, expr) \
  TM_ASSIGN_OR_RETURN_IMPL_(TM_CONCAT_(tm_statusor_, __LINE__), lhs, expr)
#define TM_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return std::move(tmp).status();  \
  lhs = std::move(tmp).value()
