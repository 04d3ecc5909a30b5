/** Pooled proxies (`--pooled --async`): a base service, one extending it. */
namespace rs pooled_services

exception Busy {
  1: string why
}

/** Looks things up. */
service Lookup {
  /** The value under `key`. */
  string get(1: string key) throws (1: Busy busy)
}

service Store extends Lookup {
  void put(1: string key, 2: string value),
  oneway void forget(1: string key)
}
