/** Async items (`--async`): a base service, one extending it. */
namespace rs async_services

exception Oops {
  1: string why
}

/** The base: one method. */
service Base {
  /** Echoes `msg`. */
  string echo(1: string msg)
}

service Child extends Base {
  void risky(1: i32 n) throws (1: Oops oops),
  oneway void fire(1: i32 n)
}
