// Constants of every kind Thrift allows.
namespace rs constants

enum Color {
  RED = 1,
  GREEN = 2,
  BLUE = 4
}

struct Point {
  1: i32 x,
  2: i32 y,
  3: optional string label
}

typedef i64 Timestamp

const bool ENABLED = true
const bool DISABLED = 0
const byte SMALL_BYTE = -128
const i8 TINY = 127
const i16 SHORT_MAX = 32767
const i32 INT_MIN = -2147483648
const i32 HEX_VALUE = 0x7FFF
const i64 LONG_MAX = 9223372036854775807
const i64 LONG_MIN = -9223372036854775808
const double PI = 3.14159
const double AVOGADRO = 6.022e23
const double FROM_INT = 42
const double NEGATIVE_TINY = -1.5E-10
const string GREETING = "hello, world"
const string ESCAPES = "quote \" backslash \\ tab \t newline \n"
const string SINGLE_QUOTED = 'it is "quoted"'
const string UNICODE = "naïve café ✓"
const binary MAGIC = "bytes\tand\\more"
const Timestamp EPOCH = 0
const Color FAVORITE = Color.GREEN
const i32 COLOR_AS_INT = 4
const i32 ALIAS_OF_CONST = HEX_VALUE
const list<i32> PRIMES = [2, 3, 5, 7, 11]
const list<string> WORDS = ["alpha", "beta"; "gamma"]
const set<string> TAGS = ["a", "b", "c"]
const map<string, i32> SCORES = {"alice": 10, "bob": 20}
const map<Color, list<string>> COLOR_NAMES = {
  Color.RED: ["red", "rouge"],
  Color.BLUE: ["blue"]
}
const list<map<i16, set<i64>>> NESTED = [{1: [10, 20]}, {}]
const list<double> EMPTY_DOUBLES = []
const Point ORIGIN = {"x": 0, "y": 0}
const Point LABELLED = {"x": 1, "y": -1, "label": "one"}
const list<Point> CORNERS = [{"x": 0, "y": 0}, {"x": 10, "y": 10, "label": "far"}]
const map<string, Point> NAMED_POINTS = {"origin": {"x": 0, "y": 0}}
