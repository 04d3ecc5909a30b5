namespace rs recursive

/** A singly linked list. */
struct Node {
  1: i32 value,
  2: optional Node next
}

/** A tree: children through a container need no box. */
struct Tree {
  1: string label,
  2: list<Tree> children,
  3: map<string, Tree> named
}

/** Mutual recursion through two structs. */
struct Ping {
  1: optional Pong pong
}

struct Pong {
  1: optional Ping ping
}

/** A recursive union (an expression). */
union Expr {
  1: i64 literal,
  2: BinaryOp op,
  3: Expr negated
}

struct BinaryOp {
  1: Expr left,
  2: Expr right,
  3: string operator
}

/** Recursion through a typedef. */
typedef Chain ChainLink

struct Chain {
  1: optional ChainLink next
}

exception Nested {
  1: optional Nested cause
}
