// Round-trip property tests' IDL: every construct the generated code must
// encode and decode faithfully. The `*V1`/`*V2`, `Loose*` and `TwoShapes`
// types give the tests wire data that differs from what a reader expects.
namespace rs roundtrip

/** An open enum: values outside these must survive a round trip. */
enum Color {
  RED = 1,
  GREEN = 2,
  BLUE = 3,
}

typedef i64 Timestamp

/** Every base type, all required. */
struct Scalars {
  1: required bool flag,
  2: required i8 tiny,
  3: required i16 small,
  4: required i32 medium,
  5: required i64 large,
  6: required double real,
  7: required string text,
  8: required binary bytes,
  9: required uuid id,
  10: required Color color,
  11: required Timestamp at,
}

/** Each requiredness, with and without IDL defaults. */
struct Defaults {
  1: i32 count = 7,
  2: string label = "none",
  3: optional i64 maybe,
  4: optional double ratio = 0.5,
  5: required bool flag,
  6: list<string> names,
  7: optional Color color,
  8: optional Scalars nested,
  9: Scalars default_nested,
  10: Color shade = Color.GREEN,
}

/** Nested containers of every kind. */
struct Containers {
  1: list<list<i32>> grid,
  2: set<string> words,
  3: map<string, list<i64>> index,
  4: map<i32, map<string, binary>> nested_maps,
  5: list<set<i16>> sets,
  6: set<double> doubles,
  7: map<Color, Scalars> by_color,
  8: list<Shape> shapes,
  9: set<uuid> ids,
  10: map<i8, bool> flags,
}

union Shape {
  1: double radius,
  2: list<i32> sides,
  3: string name,
  4: Scalars custom,
  5: Color color,
}

exception Oops {
  1: string message,
  2: i32 code,
  3: optional Shape shape,
}

/** Recursive through a list and through an optional field. */
struct Tree {
  1: required i32 value,
  2: required list<Tree> children,
  3: optional Tree left,
}

/** Mutually recursive with `BinaryOp`, through a union. */
union Expr {
  1: i64 literal,
  2: BinaryOp op,
  3: string variable,
}

struct BinaryOp {
  1: required string operator,
  2: required Expr left,
  3: required Expr right,
}

/** One of everything, for the arbitrary-bytes test. */
struct Everything {
  1: optional Scalars scalars,
  2: optional Defaults defaults,
  3: optional Containers containers,
  4: optional Shape shape,
  5: optional Oops oops,
  6: optional Tree tree,
  7: optional Expr expr,
}

/** What an old reader knows of a `RecordV2`. */
struct RecordV1 {
  1: required i32 id,
  3: optional string name,
  9: list<i64> trailer,
}

/** `RecordV1` grown by fields of every shape, between and after the known ones. */
struct RecordV2 {
  1: required i32 id,
  2: optional list<Containers> extra_list,
  3: optional string name,
  4: optional Tree extra_tree,
  5: optional map<string, Shape> extra_map,
  6: optional double extra_double,
  7: optional uuid extra_uuid,
  8: optional Oops extra_oops,
  9: list<i64> trailer,
  10: optional set<list<string>> extra_set,
  11: optional bool extra_bool,
}

/** `RecordV1` with its required field optional: writes data lacking it. */
struct LooseRecord {
  1: optional i32 id,
  3: optional string name,
}

/** `Shape`'s fields as a struct: writes zero, one or several of them. */
struct LooseShape {
  1: optional double radius,
  2: optional list<i32> sides,
  3: optional string name,
}
