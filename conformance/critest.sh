#!/usr/bin/env bash
# Runs cri-tools' critest against criruntime, when critest is on PATH. The images critest expects must be in a
# registry on loopback (../shared/critest-images/prepare.sh builds and pushes them); criruntime is started here
# (conformance/daemon.sh) with every registry critest names mirrored to that registry, path kept.
#   conformance/critest.sh [REGISTRY_HOST:PORT] [extra critest flags...]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
. "$repo/deploy/lib.sh"
answer_help "$0" "$@"
registry=${1:-127.0.0.1:5000}
shift || true
command -v critest >/dev/null || { echo "critest is not on PATH; skipping (build cri-tools v1.32 to run it)"; exit 0; }
[ "$(id -u)" -eq 0 ] || { echo "$0: run as root" >&2; exit 1; }
. "$repo/conformance/daemon.sh"
# The daemon as nodes run it (NativeAOT, deploy/lib.sh).
publish_daemon "$repo/src/CriRuntime.Server/bin/Release/net10.0/linux-x64/publish" >/dev/null
start_test_daemon "$repo/src/CriRuntime.Server/bin/Release/net10.0/linux-x64/publish/criruntimed" "$registry"

skip=$(grep -v '^#' "$repo/conformance/critest-skip.txt" | grep -v '^$' | paste -sd'|')
critest --runtime-endpoint "unix://$socket" --image-endpoint "unix://$socket" --ginkgo.skip "$skip" "$@"
