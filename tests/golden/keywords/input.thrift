// Identifiers that are keywords in Rust (and in other languages Apache
// reserves); they must come out as valid Rust.
namespace rs keywords

enum match {
  fn,
  loop,
  Self
}

struct type {
  1: i32 fn,
  2: string match,
  3: bool self,
  4: i64 super,
  5: string crate,
  7: i32 await,
  8: i32 dyn,
  9: string ref,
  10: i32 move,
  11: i32 yield,
  12: i32 try,
  13: string return,
  14: string mod,
  15: string impl,
  16: string where,
  18: string abstract,
  19: string from,
  20: string in
}

union impl {
  1: i32 trait,
  2: string pub
}

exception mod {
  1: string unsafe
}

typedef type loop

const i32 as = 1
const string let = "let"

service trait {
  match fn(1: type struct_, 2: i32 self, 3: i32 super) throws (1: mod move),
  loop dyn()
}
