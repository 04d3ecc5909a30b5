// Rust keywords and prelude names as IDL identifiers: no accepted corpus
// file has fields named `await`, `dyn`, `self` (Apache rejects `self`), so
// this file covers them.

namespace rs rust_keywords

typedef i64 Self
typedef string Result
typedef list<string> Vec

enum Option {
  None = 0,
  Some = 1,
  type = 2,
}

struct Error {
  1: i32 await,
  2: i32 dyn,
  3: string type,
  4: bool self,
  5: optional i32 async,
  6: optional string crate,
  7: optional string super,
  8: Self gen,
  9: Result match,
  10: Vec fn,
  11: Option impl,
}

union Box {
  1: i32 move,
  2: string ref,
  3: Error where,
}

exception String {
  1: string message,
  2: i32 yield,
}

const string type = "a \"quoted\" \\backslash\\ and a tab\t"
const Error self = { "await": 1, "dyn": 2, "type": "t", "self": true, "gen": 3, "match": "m", "fn": ["a"], "impl": Option.type }

service Iterator {
  Error loop(1: i32 await, 2: Box dyn) throws (1: String type),
  oneway void static(1: string self),
}

service Default extends Iterator {
  void return(),
}
