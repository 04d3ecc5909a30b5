/** Types only (`--types-only`): the service below generates nothing. */
namespace rs types_only

/** A point. */
struct Point {
  1: i32 x
  2: i32 y
}

enum Shape {
  CIRCLE = 1
  SQUARE = 2
}

service Plotter {
  void plot(1: Point p, 2: Shape shape)
}
