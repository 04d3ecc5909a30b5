#!/usr/bin/env bash
# Generates Rust for every corpus file EXPECTED.tsv marks `accept`, puts each
# output in its own module of one scratch crate, and `cargo check`s (and,
# with CLIPPY=1, `cargo clippy -D warnings`s) it. Prints how many files
# generate and how many of those compile, and lists the failures.
#
# usage: scripts/corpus-compile-check.sh [SCRATCH_DIR]
# env:   THRIFTGEN  generator taking `-o OUT [-I DIR]... FILE` (default:
#                   the workspace's `thriftgen` binary, built first)
#        CLIPPY=1   run clippy instead of check
set -u
repo=$(cd "$(dirname "$0")/.." && pwd)
corpus="$repo/../shared/corpus"
scratch=${1:-/tmp/thriftgen-corpus-check}
if [ -z "${THRIFTGEN:-}" ]; then
    (cd "$repo" && cargo build -q --bin thriftgen) || exit 2
    THRIFTGEN="$repo/target/debug/thriftgen"
fi

includes_for() {
    case "$1" in
        thrift/*) echo "-I $corpus/thrift/test -I $corpus/thrift/lib/rs/test_recursive/src \
            -I $corpus/thrift/lib/rs/test_recursive/src/transit \
            -I $corpus/thrift/lib/rs/test_recursive/src/transit/services \
            -I $corpus/thrift/lib/rs/test_recursive/src/transit/light" ;;
        impala/*) echo "-I $corpus/impala/common/thrift/hive-1-api \
            -I $corpus/hive-metastore-clients/thrift -I $corpus/impyla/impala/thrift" ;;
        scribe/*) echo "-I $corpus/thrift/contrib" ;;
        fbthrift/*) echo "-I $corpus/fbthrift" ;;
    esac
}

rm -rf "$scratch" && mkdir -p "$scratch/src"
cat > "$scratch/Cargo.toml" <<TOML
[package]
name = "corpus-check"
version = "0.0.0"
edition = "2024"
[dependencies]
thriftgen-runtime = { path = "$repo/runtime" }
[workspace]
TOML
: > "$scratch/src/lib.rs"
: > "$scratch/generate-failures.txt"
n=0 generated=0
declare -A module_of
while IFS=$'\t' read -r path expect _; do
    [ "$expect" = accept ] || continue
    n=$((n + 1))
    module="f$n"
    # shellcheck disable=SC2046
    if "$THRIFTGEN" -o "$scratch/src/$module" $(includes_for "$path") "$corpus/$path" \
        2> "$scratch/$module.stderr"; then
        generated=$((generated + 1))
        echo "pub mod $module;" >> "$scratch/src/lib.rs"
        module_of[$module]=$path
    else
        echo "$path" >> "$scratch/generate-failures.txt"
    fi
done < <(tail -n +2 "$corpus/EXPECTED.tsv")

cd "$scratch" || exit 2
command=(cargo check --message-format short)
[ "${CLIPPY:-}" = 1 ] && command=(cargo clippy --message-format short -- -D warnings)
"${command[@]}" > check.log 2>&1
failing=$(grep -oE '^src/f[0-9]+/' check.log | sort -u | sed 's|src/||; s|/||')
broken=0
for m in $failing; do
    echo "does not compile: ${module_of[$m]}"
    broken=$((broken + 1))
done
echo "accepted corpus files: $n; generated: $generated; compile: $((generated - broken))"
echo "generation failures: $scratch/generate-failures.txt; compiler log: $scratch/check.log"
