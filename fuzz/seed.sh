#!/bin/sh
# Builds the seed corpus for the `frontend` target from the shared real-world
# corpus (never committed: fuzz/corpus/ is git-ignored).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
shared="$here/../../shared/corpus"
[ -d "$shared" ] || { echo "no shared corpus at $shared" >&2; exit 1; }
out="$here/corpus/frontend"
mkdir -p "$out"
# Name each seed by its content hash so reruns do not duplicate seeds.
# Each file goes in twice: as is, and without its includes (which cannot
# resolve from the fuzz scratch directory and would stop the pipeline
# before the resolver sees the file).
find "$shared" -name '*.thrift' | while read -r file; do
    cp "$file" "$out/$(sha1sum < "$file" | cut -c1-40)"
    grep -v '^[[:space:]]*include' "$file" > "$out/tmp.thrift" || true
    mv "$out/tmp.thrift" "$out/$(sha1sum < "$out/tmp.thrift" | cut -c1-40)"
done
cp "$here/../idl/"*.thrift "$out/" 2>/dev/null || true
find "$here/../tests/golden" -name '*.thrift' -exec sh -c 'cp "$1" "$2/$(sha1sum < "$1" | cut -c1-40)"' _ {} "$out" \;
echo "seeded $(ls "$out" | wc -l) files into $out"
