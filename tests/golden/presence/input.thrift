namespace rs presence

// Generated with `--default-fields optional` (see the `options` file):
// fields of default requiredness are Option<T> and keep absence.

enum Level {
  LOW = 1,
  HIGH = 2
}

struct Inner {
  1: i32 value
}

/** Every requiredness, with and without IDL defaults. */
struct Record {
  1: required i64 id,
  2: optional string note,
  3: i32 count,
  4: string label = "none",
  5: Level level = Level.HIGH,
  6: list<i32> numbers,
  7: Inner inner,
  8: Inner tuned = {"value": 7},
  9: double ratio = 0.5,
}

exception Refused {
  1: string reason,
  2: i32 code = 400,
}

const Record SAMPLE = {"id": 1, "count": 2}

/** Service arguments and results keep plain values. */
service Records {
  Record put(1: Record record, 2: i32 copies) throws (1: Refused refused),
}
