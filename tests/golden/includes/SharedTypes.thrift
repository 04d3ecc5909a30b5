namespace rs shared_types

typedef i64 Id

enum Status {
  ACTIVE = 1,
  RETIRED = 2
}

struct Owner {
  1: Id id,
  2: string name
}

const Status DEFAULT_STATUS = Status.ACTIVE
const Id FIRST_ID = 1
