// Includes a file whose name has `-`; the only accepted corpus file doing
// that (airavata's profile-service-cpi.thrift) is too big for the default set.

include "dashed-name.thrift"

// Like airavata, nothing refers to the included file: a qualified name
// cannot contain `-`.
service Pinger2 {
  void pong(),
}
