#!/usr/bin/env bash
# Benchmarks the Dockerfile linter against dockerfile-utils (npm) on the shared corpus, then times the
# dockerfile-lint CLI as a whole process. Figures only: nothing here passes or fails on a number.
# Usage: analyzers/benchmarks/run.sh [PASSES]   (needs dotnet, node and npm; hyperfine is used when installed)
set -euo pipefail

passes="${1:-30}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
. "$repo/deploy/lib.sh"
answer_help "$0" "$@"
corpus="$(cd "$repo/../shared/corpus/dockerfiles" && pwd)"
work="$(mktemp -d -t dockerfile-bench-XXXXXX)"
trap 'rm -rf "$work"' EXIT

echo "== corpus: $corpus ($(find "$corpus" -type f ! -name '*.md' | wc -l) files)"

echo "== building (Release)"
dotnet build "$here/CriRuntime.Dockerfile.Benchmarks" -c Release -v quiet -nologo -o "$work/bench" >/dev/null
dotnet "$work/bench/CriRuntime.Dockerfile.Benchmarks.dll" --corpus "$corpus" --passes "$passes" --json >"$work/ours.json"

echo "== installing dockerfile-utils with npm into $work/npm"
npm install --prefix "$work/npm" --no-audit --no-fund --silent dockerfile-utils >/dev/null
NODE_PATH="$work/npm/node_modules" node "$here/dockerfile-utils-bench.js" "$corpus" "$passes" >"$work/theirs.json"

echo
node "$here/compare.js" "$work/ours.json" "$work/theirs.json"

echo
echo "== whole process: linting one file"
# The file of median size, so the figure is about start-up, not one giant file.
sample="$(find "$corpus" -type f ! -name '*.md' -printf '%s %p\n' | sort -n | awk '{ a[NR] = $2 } END { print a[int((NR + 1) / 2)] }')"
echo "file: ${sample#"$corpus/"} ($(wc -c <"$sample") bytes)"

cli=()
if dotnet publish "$repo/analyzers/CriRuntime.Dockerfile.Cli" -c Release -r linux-x64 -v quiet -nologo -o "$work/aot" >"$work/aot.log" 2>&1 \
    && [ -x "$work/aot/dockerfile-lint" ]; then
  echo "NativeAOT binary: $(du -h "$work/aot/dockerfile-lint" | cut -f1)"
  cli=("$work/aot/dockerfile-lint")
else
  echo "NativeAOT publish failed (see below); timing the framework-dependent build instead"
  tail -5 "$work/aot.log"
  dotnet build "$repo/analyzers/CriRuntime.Dockerfile.Cli" -c Release -v quiet -nologo -o "$work/jit" >/dev/null
  cli=("$work/jit/dockerfile-lint")
fi
utils=(node "$work/npm/node_modules/dockerfile-utils/bin/dockerfile-utils" lint)

if command -v hyperfine >/dev/null; then
  # Exit codes 1 (findings) are expected: -i ignores them.
  hyperfine -N -i --warmup 5 --runs 50 \
    -n dockerfile-lint "${cli[*]} --failure-threshold none $sample" \
    -n dockerfile-utils "${utils[*]} $sample"
else
  for name in dockerfile-lint dockerfile-utils; do
    if [ "$name" = dockerfile-lint ]; then cmd=("${cli[@]}" --failure-threshold none "$sample"); else cmd=("${utils[@]}" "$sample"); fi
    times=()
    for _ in $(seq 1 30); do
      start=$(date +%s%N); "${cmd[@]}" >/dev/null 2>&1 || true; end=$(date +%s%N)
      times+=($(( (end - start) / 1000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v name="$name" '{ t[NR] = $1 } END { printf "%-18s median %.1f ms  p90 %.1f ms  (%d runs)\n", name, t[int((NR + 1) / 2)] / 1000, t[int(NR * 0.9 + 0.999)] / 1000, NR }'
  done
fi
