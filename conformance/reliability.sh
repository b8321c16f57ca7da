#!/usr/bin/env bash
# Reliability harnesses against a criruntimed of its own (conformance/daemon.sh: temporary root and state, a CNI
# bridge that never leaves the machine); docs/reliability.md says what each checks.
#   conformance/reliability.sh crash [KILLS]   [--seed S] [--registry HOST:PORT]   SIGKILL of the daemon KILLS times (default 200),
#                                                ends with "kills: N, lost: L, leaked: K"
#   conformance/reliability.sh soak  [CYCLES]  [--registry HOST:PORT] [--max-minutes M]  pod cycles with CNI (default 1000; fewer
#                                                if M minutes pass first), growth of each figure
#   conformance/reliability.sh load  [CALLERS] [--rounds N] [--reads-per-second R] concurrent callers (default 50), p50/p99 per RPC
# Exit code 0 when nothing was lost, leaked, grown or failed.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
. "$repo/deploy/lib.sh"
answer_help "$0" "$@"
mode=${1:-}
case "$mode" in
  crash) flag=--crash-harness; count=${2:-200} ;;
  soak) flag=--soak; count=${2:-1000} ;;
  load) flag=--load; count=${2:-50} ;;
  *) echo "usage: $0 crash|soak|load [COUNT] [flags]" >&2; exit 2 ;;
esac
shift $(( $# >= 2 ? 2 : 1 ))
[ "$(id -u)" -eq 0 ] || { echo "$0: run as root" >&2; exit 1; }
daemon="$repo/src/CriRuntime.Server/bin/Release/net10.0/criruntimed"
suite="$repo/conformance/CriRuntime.Conformance/bin/Release/net10.0/cri-conformance"
if [ ! -x "$daemon" ] || [ ! -x "$suite" ]; then echo "$0: build first (dotnet build -c Release)" >&2; exit 1; fi
. "$repo/deploy/lib.sh"
. "$repo/conformance/daemon.sh"
start_test_daemon "$daemon"

status=0
"$suite" "$flag" "$count" --socket "$socket" --dir "$dir" --bridge "$_bridge" \
  --daemon "$daemon" --config "$dir/config.toml" --initial-pid "$_daemon_pid" "$@" || status=$?
# The crash harness restarts the daemon many times: the exit trap stops the last one.
if [ -f "$dir/harness.pid" ]; then _daemon_pid=$(cat "$dir/harness.pid"); fi
if [ "$status" -ne 0 ]; then
  echo "--- daemon log (last 40 lines)"
  tail -40 "$dir/daemon.log"
fi
exit "$status"
