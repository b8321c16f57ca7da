#!/usr/bin/env bash
# Runs the conformance suite against a criruntimed started here (conformance/daemon.sh), printing the suite's lines
# and ending with "N passed, N failed, N skipped".
#   conformance/run.sh [-c Debug|Release] [cri-conformance flags...]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
. "$repo/deploy/lib.sh"
answer_help "$0" "$@"
configuration=Release
if [ "${1:-}" = "-c" ]; then configuration=$2; shift 2; fi
[ "$(id -u)" -eq 0 ] || { echo "$0: run as root" >&2; exit 1; }
daemon="$repo/src/CriRuntime.Server/bin/$configuration/net10.0/criruntimed"
suite="$repo/conformance/CriRuntime.Conformance/bin/$configuration/net10.0/cri-conformance"
[ -x "$daemon" ] && [ -x "$suite" ] || { echo "$0: build first (dotnet build -c $configuration)" >&2; exit 1; }
. "$repo/conformance/daemon.sh"
start_test_daemon "$daemon"

status=0
"$suite" --runtime-endpoint "unix://$socket" "$@" || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- daemon log (last 40 lines)"
  tail -40 "$dir/daemon.log"
fi
exit "$status"
