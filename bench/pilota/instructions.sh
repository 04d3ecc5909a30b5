#!/bin/sh
# Instructions per operation of all four stacks (thriftgen, thriftgen-thrift,
# apache, pilota) under callgrind: bench/codec/instructions.sh run on this
# crate's `case` binary. Needs valgrind.
#
#   bench/pilota/instructions.sh [iterations]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cargo build --quiet --release --manifest-path "$here/Cargo.toml" --bin case
CODEC_CASE="$here/target/release/case" \
    STACKS="${STACKS:-thriftgen thriftgen-thrift apache pilota}" \
    exec "$here/../codec/instructions.sh" "$@"
