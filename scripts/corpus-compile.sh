#!/usr/bin/env bash
# Full sweep: checks the Rust thriftgen generates for every accepted corpus
# file (or SELECTION, see tests/corpus-compile/build/selection.rs) and
# reports, per corpus file, whether it generated and compiled, with rustc's
# errors and warnings grouped by message.
#
#   scripts/corpus-compile.sh [--clippy] [SELECTION]      (default: all)
#
# The files are checked in chunks (one `cargo check` of
# thriftgen-corpus-compile each, files chosen with THRIFTGEN_CORPUS=@chunk)
# because one crate holding all ~4 million generated lines needs tens of GB
# of memory. --clippy runs `cargo clippy -- -D warnings` instead, which
# also reports clippy lints. Needs jq. Results go to $RESULTS
# (default target/corpus-compile); summary.txt is printed at the end.
set -euo pipefail
export LC_ALL=C

root=$(cd "$(dirname "$0")/.." && pwd)
corpus=$root/../shared/corpus
results=${RESULTS:-$root/target/corpus-compile}
mode=check
if [[ ${1:-} == --clippy ]]; then mode=clippy; shift; fi
selection=${1:-all}
command -v jq >/dev/null || { echo "error: jq is required" >&2; exit 2; }
[[ -f $corpus/EXPECTED.tsv ]] || { echo "error: no corpus at $corpus" >&2; exit 2; }

rm -rf "$results" && mkdir -p "$results/chunks"
# Accepted files matching the selection's prefixes (`all` = every one);
# generated size varies by 1000x, so heavy projects get small chunks.
awk -F'\t' '$2 == "accept" { print $1 }' "$corpus/EXPECTED.tsv" |
  awk -v sel="$selection" '
    BEGIN { n = split(sel, items, /[ ,]+/) }
    { for (i = 1; i <= n; i++) if (items[i] == "all" || index($0, items[i]) == 1) { print; next } }' |
  awk -v dir="$results/chunks" '
    { project = $0; sub(/\/.*/, "", project)
      size = (project == "impala") ? 2 : (project ~ /^(airavata|accumulo|hive-metastore-clients|evernote-thrift)$/) ? 4 : 40
      if (project != last || count >= size) { chunk++; count = 0; last = project }
      count++; print > sprintf("%s/%03d.txt", dir, chunk) }'

extra=()
[[ $mode == clippy ]] && extra=(-- -D warnings)
start=$(date +%s)
for list in "$results"/chunks/*.txt; do
  name=$(basename "$list" .txt)
  echo "chunk $name: $(wc -l < "$list") files ($(head -1 "$list"))" >&2
  (cd "$root" && THRIFTGEN_CORPUS="@$list" THRIFTGEN_CORPUS_KEEP_GOING=1 \
    cargo "$mode" -p thriftgen-corpus-compile --message-format=json "${extra[@]}" \
    > "$results/$name.json" 2> "$results/$name.stderr") || true
  out_dir=$(jq -r 'select(.reason == "build-script-executed" and (.package_id | test("corpus-compile")))
                   | .out_dir' "$results/$name.json" | tail -1)
  if [[ -z $out_dir ]]; then
    echo "  build script did not run; see $results/$name.stderr" >&2
    continue
  fi
  cp "$out_dir/corpus-index.tsv" "$results/$name.index"
  cp "$out_dir/generate-failures.txt" "$results/$name.generate-failures"
  # One line per diagnostic: level, corpus module, code, message.
  jq -r 'select(.reason == "compiler-message") | .message
         | select(.level == "error" or .level == "warning")
         | [.level, ((.spans[] | select(.is_primary) | .file_name) // "-"),
            (.code.code // "-"), (.message | split("\n")[0])] | @tsv' \
    "$results/$name.json" |
    sed -E 's#\t[^\t]*/out/corpus/([^/\t]+)/[^\t]*#\t\1#' > "$results/$name.diagnostics"
done
elapsed=$(( $(date +%s) - start ))

{
  cat "$results"/*.index > "$results/index.tsv"
  cat "$results"/*.diagnostics > "$results/diagnostics.tsv"
  total=$(wc -l < <(cat "$results"/chunks/*.txt))
  gen_failed=$(cat "$results"/*.generate-failures | grep -c '^--- ' || true)
  # A corpus file compiles when no error points into its generated modules.
  failed=$(awk -F'\t' '$1 == "error" { print $2 }' "$results/diagnostics.tsv" | sort -u |
    join -t$'\t' - <(sort "$results/index.tsv") | cut -f2 | grep -v '^extra/' | sort -u || true)
  warned=$(awk -F'\t' '$1 == "warning" { print $2 }' "$results/diagnostics.tsv" | sort -u |
    join -t$'\t' - <(sort "$results/index.tsv") | cut -f2 | grep -v '^extra/' | sort -u || true)
  n_failed=$(grep -c . <<< "$failed" || true)
  echo "selection: $selection ($mode), $total accepted files, ${elapsed}s"
  echo "failed to generate: $gen_failed"
  echo "generated but do not compile: $n_failed"
  echo "compile: $(( total - gen_failed - n_failed )) of $total"
  echo "with warnings: $(grep -c . <<< "$warned" || true)"
  echo
  echo "== failed to generate"
  cat "$results"/*.generate-failures | grep '^--- ' | sed 's/^--- /  /' || true
  echo
  echo "== errors and warnings by message (count, files, code, message)"
  # Names in backquotes are blanked so one cause is one line.
  awk -F'\t' '{ m = $4; gsub(/`[^`]*`/, "`_`", m); key = $1 "\t" $3 "\t" m; n[key]++; f[key, $2] = 1 }
    END { for (k in n) { files = 0; for (kk in f) { split(kk, p, SUBSEP); if (p[1] == k) files++ }
          print n[k] "\t" files " files\t" k } }' "$results/diagnostics.tsv" | sort -t$'\t' -k3,3 -k1,1nr
  echo
  echo "== files that do not compile"
  sed 's/^/  /' <<< "$failed"
} > "$results/summary.txt"
cat "$results/summary.txt"
