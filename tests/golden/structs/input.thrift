namespace rs structs

enum Level {
  LOW = 1,
  HIGH = 2
}

struct Inner {
  1: i32 value
}

/** Every requiredness and every base type. */
struct Everything {
  /** Always written, always read. */
  1: required bool flag,
  2: required i8 tiny,
  3: required i16 small,
  4: required i32 medium,
  5: required i64 large,
  6: required double real,
  7: required string text,
  8: required binary bytes,
  10: optional bool maybe_flag,
  11: optional i32 maybe_number,
  12: optional string maybe_text,
  13: optional list<string> maybe_list,
  20: bool plain_flag,
  21: i32 plain_number,
  22: string plain_text,
  23: Level plain_level,
  24: Inner plain_inner,
  25: required Inner required_inner,
  26: optional Inner optional_inner,
}

/** Defaults on fields of every requiredness. */
struct Defaults {
  1: required i32 count = 10,
  2: optional string name = "unnamed",
  3: double ratio = 0.5,
  4: bool enabled = true,
  5: Level level = Level.HIGH,
  6: list<i32> numbers = [1, 2, 3],
  7: set<string> tags = ["x"],
  8: map<string, i64> limits = {"max": 100},
  9: Inner inner = {"value": 7},
  10: i64 big = -1,
  11: binary raw = "raw",
}

struct Empty {}

struct Containers {
  1: list<list<i32>> matrix,
  2: map<string, list<Inner>> groups,
  3: set<i64> ids,
  4: map<i32, map<string, set<double>>> deep,
  5: list<binary> chunks,
  6: set<Level> levels
}

/** Exactly one of these is set. */
union Value {
  1: i64 integer,
  2: double real,
  3: string text,
  4: Inner inner,
  5: list<Value> items
}

/** Something went wrong. */
exception Failure {
  1: string message,
  2: i32 code = 500,
  3: optional Inner detail
}

exception Bare {}

struct NoIds {
  i32 first,
  string second
}
