#!/usr/bin/env bash
# Side-by-side benchmark: criruntime (started here, conformance/daemon.sh) and Debian's containerd (conformance/peer.sh)
# with the same test CNI network and the same registry, driven alternately by cri-conformance --benchmark.
# The registry must hold the suite's busybox images (cri-conformance pushes them with --pull-benchmark).
#   conformance/benchmark.sh [REGISTRY_HOST:PORT] [extra cri-conformance flags, e.g. --iterations 50 --pod-network]
#   conformance/benchmark.sh reliability crash|soak|load [COUNT] [flags]   builds, then runs conformance/reliability.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
. "$repo/deploy/lib.sh"
answer_help "$0" "$@"
if [ "${1:-}" = reliability ]; then
  shift
  dotnet build "$repo/CriRuntime.sln" -c Release --nologo -v quiet >/dev/null
  exec "$repo/conformance/reliability.sh" "$@"
fi
registry=${1:-127.0.0.1:5000}
shift || true
[ "$(id -u)" -eq 0 ] || { echo "$0: run as root" >&2; exit 1; }
. "$repo/conformance/daemon.sh"
dotnet build "$repo/CriRuntime.sln" -c Release --nologo -v quiet >/dev/null
# The daemon as nodes run it (NativeAOT, deploy/lib.sh).
publish_daemon "$repo/src/CriRuntime.Server/bin/Release/net10.0/linux-x64/publish" >/dev/null
start_test_daemon "$repo/src/CriRuntime.Server/bin/Release/net10.0/linux-x64/publish/criruntimed" "$registry"
peer=$("$repo/conformance/peer.sh" start "$registry" "$dir/cni")
trap '"$repo/conformance/peer.sh" stop "$peer"; stop_test_daemon' EXIT

"$repo/conformance/CriRuntime.Conformance/bin/Release/net10.0/cri-conformance" --benchmark \
  --runtime-endpoint "unix://$socket" --label criruntime \
  --peer-endpoint "unix://$peer/containerd.sock" --peer-label containerd \
  --image "$registry/library/busybox:latest" --pull-image "$registry/k8s-staging-cri-tools/test-image-2:latest" "$@"
