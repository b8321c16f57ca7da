#!/usr/bin/env bash
# Installs criruntime (deploy/install.sh --no-start) and runs the daemon in the foreground on
# /run/criruntime/criruntime.sock instead of as a service; flags are passed to criruntimed.
#   deploy/run.sh [criruntimed flags...]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
. "$repo/deploy/lib.sh"
answer_help "$0" "$@"
"$repo/deploy/install.sh" --no-start

exec /usr/local/bin/criruntimed --config /etc/criruntime/config.toml "$@"
