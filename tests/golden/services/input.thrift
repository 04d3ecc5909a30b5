namespace rs services

exception NotFound {
  1: string key
}

exception Unavailable {
  1: string reason,
  2: i32 retry_after_seconds
}

struct Item {
  1: string key,
  2: binary value
}

/** The base service. */
service Base {
  /** Liveness check. */
  void ping(),
  string version()
}

/** A key-value store. */
service Store extends Base {
  /** Returns the item, or throws when there is none. */
  Item get(1: string key) throws (1: NotFound not_found, 2: Unavailable unavailable),
  void put(1: Item item) throws (1: Unavailable unavailable),
  /** Fire and forget. */
  oneway void touch(1: string key, 2: i64 at),
  list<Item> scan(1: string from_key, 2: i32 limit = 100),
  map<string, i64> sizes(),
  bool delete_item(1: required string key, 2: optional bool quiet) throws (1: NotFound not_found)
}

service Empty {}

service Admin extends Store {
  void compact()
}
