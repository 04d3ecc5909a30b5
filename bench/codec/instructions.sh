#!/bin/sh
# Instructions per operation on the standard workload, for each stack, with
# the ratio to Apache's: a load-independent complement to the alternating
# table of `cargo bench -p thriftgen-codec-bench` (whose times vary with
# whatever else the machine runs). Needs valgrind.
#
#   bench/codec/instructions.sh [iterations]
#
# Each case runs `iterations` times and 0 times under callgrind; the
# difference divided by `iterations` is the cost of one operation. A case
# the stack gets wrong (see the bench's table) is not counted.
#
# $CODEC_CASE (a binary taking codec_case's arguments) and $STACKS (names,
# `apache` among them) override the default of this crate's example and
# stacks: bench/pilota/instructions.sh runs its own binary this way.
set -eu
iterations=${1:-500}
cd "$(dirname "$0")/../.."
if [ -z "${CODEC_CASE:-}" ]; then
    cargo build --quiet --release -p thriftgen-codec-bench --example codec_case
    CODEC_CASE=target/release/examples/codec_case
fi
stacks=${STACKS:-thriftgen thriftgen-thrift apache}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Instructions of one run, or nothing when the binary refuses the case.
instructions() {
    valgrind --tool=callgrind --callgrind-out-file="$out/cg" --log-file="$out/valgrind" \
        "$CODEC_CASE" "$@" 2>"$out/log" || return 0
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$out/valgrind"
}

# Instructions of one operation, or nothing.
per_op() {
    all=$(instructions "$@" "$iterations")
    base=$(instructions "$@" 0)
    [ -n "$all" ] && [ -n "$base" ] && echo $(((all - base) / iterations))
    return 0
}

header="| case |"
rule="|---|"
for stack in $stacks; do
    header="$header $stack |"
    rule="$rule---|"
done
echo "instructions per operation ($iterations iterations; in parentheses the ratio to apache)"
echo
echo "$header"
echo "$rule"
for protocol in binary compact; do
    for operation in encode decode; do
        apache=$(per_op apache "$protocol" "$operation")
        row="| $protocol $operation |"
        for stack in $stacks; do
            if [ "$stack" = apache ]; then
                n=$apache
            else
                n=$(per_op "$stack" "$protocol" "$operation")
            fi
            if [ -z "$n" ]; then
                # The binary's message says why (wrong bytes, fails, unknown stack).
                row="$row not counted: $(head -c 160 "$out/log" | tr '\n|' ' /') |"
            elif [ -n "$apache" ]; then
                row="$row $n ($(awk "BEGIN { printf \"%.2f\", $n / $apache }")) |"
            else
                row="$row $n |"
            fi
        done
        echo "$row"
    done
done
