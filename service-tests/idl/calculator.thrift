/**
 * A tutorial-like service: inheritance across files, oneway, void,
 * two declared exceptions, many arguments, and IDL names that are Rust
 * keywords or prelude names.
 */
include "shared.thrift"

namespace rs calculator

enum Operation {
  ADD = 1,
  SUBTRACT = 2,
  MULTIPLY = 3,
  DIVIDE = 4
}

struct Work {
  1: i32 num1 = 0,
  2: i32 num2,
  3: Operation op,
  4: optional string comment,
}

exception InvalidOperation {
  1: i32 whatOp,
  2: string why
}

exception Overloaded {
  1: i32 retryAfterMs
}

/** An IDL struct named like a prelude type. */
struct Result {
  1: i64 value
}

service Calculator extends shared.SharedService {
  /** Does nothing; proves the connection works. */
  void ping(),

  i32 add(1: i32 num1, 2: i32 num2),

  /** Computes `w` and remembers it under `logid`. */
  i32 calculate(1: i32 logid, 2: Work w) throws (1: InvalidOperation ouch, 2: Overloaded busy),

  /** Two exceptions of the same type. */
  void check(1: i32 n) throws (1: InvalidOperation low, 2: InvalidOperation high),

  string many(1: i8 a, 2: i16 b, 3: i32 c, 4: i64 d, 5: double e, 6: bool f, 7: string g, 8: binary h, 9: list<i32> i, 10: map<string, i32> j),

  Result type(1: string match, 2: optional i32 self, 3: string connection),

  /** Makes the handler panic. */
  i32 explode(1: string why),

  oneway void zip(1: i32 delay_ms)
}

/** Extends a service of this file. */
service ScientificCalculator extends Calculator {
  double sqrt(1: double x) throws (1: InvalidOperation ouch)
}

/** A service with nothing, still a valid processor. */
service Empty {}
