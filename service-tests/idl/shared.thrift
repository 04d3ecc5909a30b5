/** Things every service of the suite shares. */
namespace rs shared

struct SharedStruct {
  1: i32 key
  2: string value
}

/** The root of the inheritance chain. */
service SharedService {
  /** Looks a value up by key. */
  SharedStruct getStruct(1: i32 key)
}
