// A file name with `-` (Apache 0.17 emits `use crate::dashed-name;` for
// files that include it), with a `.`-free stem. See includes_dashed.thrift.

struct Thing {
  1: i32 x,
}

service Pinger {
  void ping(),
}
