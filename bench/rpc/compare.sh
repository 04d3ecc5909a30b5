#!/bin/sh
# Builds the benchmark binaries (release) and runs the same-run,
# alternating comparison of thriftgen's async stack, the sync baseline and
# volo-thrift (compare.py; its options pass through, e.g. --rounds 5).
# volo lives in bench/volo, outside the main workspace; if it does not
# build, the comparison runs without it and says so.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cargo build --release --manifest-path "$root/Cargo.toml" -p thriftgen-rpc-bench --bins
volo_bin=""
if cargo build --release --manifest-path "$root/bench/volo/Cargo.toml" --bins; then
    volo_bin="$root/bench/volo/target/release"
else
    echo "compare.sh: bench/volo did not build; comparing without volo" >&2
fi
exec python3 "$here/compare.py" --bin "$root/target/release" ${volo_bin:+--volo-bin "$volo_bin"} "$@"
