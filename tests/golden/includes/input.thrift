// Types, constants and services from two included files, one in a
// sub-directory and one whose stem is not snake_case.
include "SharedTypes.thrift"
include "common/base.thrift"

namespace rs includes

struct Asset {
  1: SharedTypes.Id id,
  2: SharedTypes.Owner owner,
  3: SharedTypes.Status status = SharedTypes.Status.RETIRED,
  4: list<SharedTypes.Owner> previous_owners
}

typedef SharedTypes.Id AssetId

const SharedTypes.Status INITIAL = SharedTypes.Status.ACTIVE
const SharedTypes.Id FIRST_ASSET = SharedTypes.FIRST_ID

service AssetService extends base.BaseService {
  Asset fetch(1: AssetId id) throws (1: base.BaseError error)
}
