#!/bin/sh
# Instructions per operation, thriftgen vs Apache, on the standard workload:
# a load-independent complement to `cargo bench -p thriftgen-codec-bench`
# (whose times vary with whatever else the machine runs). Needs valgrind.
#
#   bench/codec/instructions.sh [iterations]
#
# Each case runs `iterations` times and 0 times under callgrind; the
# difference divided by `iterations` is the cost of one operation.
set -eu
iterations=${1:-500}
cd "$(dirname "$0")/../.."
cargo build --quiet --release -p thriftgen-codec-bench --example codec_case
bin=target/release/examples/codec_case
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

instructions() {
    valgrind --tool=callgrind --callgrind-out-file="$out/cg" "$bin" "$@" 2>&1 |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

echo "| case | thriftgen | apache | thriftgen/apache |"
echo "|---|---|---|---|"
for protocol in binary compact; do
    for operation in encode decode; do
        row="| ${protocol}_$operation"
        for stack in thriftgen apache; do
            all=$(instructions "$stack" "$protocol" "$operation" "$iterations")
            base=$(instructions "$stack" "$protocol" "$operation" 0)
            eval "${stack}=$(( (all - base) / iterations ))"
        done
        # shellcheck disable=SC2154 # set by eval above
        ratio=$(awk "BEGIN { printf \"%.2f\", $thriftgen / $apache }")
        echo "$row | $thriftgen | $apache | $ratio |"
    done
done
