#!/usr/bin/env bash
# Fuzzes one parser with AFL++ and SharpFuzz for a given time, niced; findings land in tests/CriRuntime.Fuzz.Tests/findings/TARGET
# (not committed). Each crash found is fixed and its input committed under corpus/TARGET, where SmokeTests replays it.
#   tests/CriRuntime.Fuzz.Tests/fuzz.sh TARGET MINUTES      (targets: layer-tar image-manifest image-config cni-result config-toml registries-d
#                                                           spdy-frames websocket-channels dockerfile)
#   tests/CriRuntime.Fuzz.Tests/fuzz.sh all MINUTES         (each target in turn)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
. "$repo/deploy/lib.sh"
answer_help "$0" "$@"
target=${1:?usage: $0 TARGET|all MINUTES}
minutes=${2:?usage: $0 TARGET|all MINUTES}
targets="layer-tar image-manifest image-config cni-result config-toml registries-d spdy-frames websocket-channels dockerfile"
if [ "$target" = all ]; then
  # Every target runs even when an earlier one found crashes; the exit code says whether any did.
  failed=0
  for t in $targets; do "$0" "$t" "$minutes" || failed=1; done
  exit "$failed"
fi
case " $targets " in *" $target "*) ;; *) echo "unknown target $target (targets: $targets)" >&2; exit 2;; esac

command -v afl-fuzz >/dev/null || { apt-get install -y -q afl++ >/dev/null; }
tools="$repo/.fuzz-tools"
[ -x "$tools/sharpfuzz" ] || dotnet tool install SharpFuzz.CommandLine --tool-path "$tools" >/dev/null

out="$here/findings/$target"
build="$here/findings/bin"
mkdir -p "$out"
# A build older than any source of the fuzzed code is stale: publish and instrument again.
if [ -f "$build/.instrumented" ] && [ -n "$(find "$repo/src" "$repo/analyzers/CriRuntime.Dockerfile" "$here" \( -name findings -o -name bin -o -name obj \) -prune -o \
    \( -name '*.cs' -o -name '*.csproj' \) -newer "$build/.instrumented" -print -quit)" ]; then
  rm -rf "$build"
fi
if [ ! -f "$build/.instrumented" ]; then
  dotnet publish "$here/CriRuntime.Fuzz.Tests.csproj" -c Release -o "$build" --nologo -v quiet
  # Coverage comes from the assemblies that hold the parsers; the test and fuzz code itself stays plain.
  for assembly in CriRuntime.Core CriRuntime.Linux criruntimed Tomlyn ICSharpCode.SharpZipLib CriRuntime.Dockerfile; do
    "$tools/sharpfuzz" "$build/$assembly.dll"
  done
  touch "$build/.instrumented"
fi

# AFL++ runs the .NET program in its own (SharpFuzz) forkserver: no AFL instrumentation in the binary itself.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
seconds=$((minutes * 60))
nice -n 19 afl-fuzz -i "$here/corpus/$target" -o "$out" -t 10000 -m none -V "$seconds" -- \
  dotnet "$build/CriRuntime.Fuzz.Tests.dll" "$target" || true
crashes=$(find "$out" -path '*crashes*' -type f ! -name README.txt | wc -l)
execs=$(grep -h '^execs_done' "$out"/*/fuzzer_stats 2>/dev/null | awk '{s+=$3} END {print s+0}')
echo "$target: $minutes min, $execs executions, $crashes crashes (in $out)"
[ "$crashes" -eq 0 ]
