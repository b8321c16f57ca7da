#!/usr/bin/env bash
# Starts Debian's containerd (CRI plugin) as a peer on a temporary socket, for the conformance suite and
# benchmarks. Prints the socket path; stop it with: conformance/peer.sh stop DIR
#   conformance/peer.sh start [REGISTRY_HOST:PORT] [CNI_CONF_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../deploy/lib.sh"
answer_help "$0" "$@"
case "${1:-}" in
  start)
    registry=${2:-127.0.0.1:5000}
    cni=${3:-/etc/cni/net.d}
    command -v containerd >/dev/null || { echo "containerd is not installed (apt-get install containerd)" >&2; exit 1; }
    dir=$(mktemp -d /tmp/criruntime-peer-XXXXXX)
    sed -e "s#@DIR@#$dir#g" -e "s#@CNI_CONF_DIR@#$cni#g" -e "s#127.0.0.1:5000#$registry#g" "$here/containerd/config.toml" > "$dir/config.toml"
    # Every registry critest and the suite name is mirrored to the local test registry, path kept.
    for host in docker.io gcr.io registry.k8s.io public.ecr.aws "$registry"; do
      mkdir -p "$dir/certs.d/$host"
      printf 'server = "http://%s"\n\n[host."http://%s"]\n  capabilities = ["pull", "resolve"]\n  skip_verify = true\n' "$registry" "$registry" > "$dir/certs.d/$host/hosts.toml"
    done
    containerd --config "$dir/config.toml" > "$dir/containerd.log" 2>&1 &
    echo $! > "$dir/pid"
    for _ in $(seq 100); do [ -S "$dir/containerd.sock" ] && break; sleep 0.1; done
    [ -S "$dir/containerd.sock" ] || { cat "$dir/containerd.log" >&2; exit 1; }
    echo "$dir"
    ;;
  stop)
    dir=$2
    [ -f "$dir/pid" ] && kill "$(cat "$dir/pid")" 2>/dev/null || true
    sleep 1
    # containerd's shims and mounts of this peer only: found by its own root/state dirs.
    grep -F " $dir/" /proc/mounts | awk '{print $2}' | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start [REGISTRY] [CNI_CONF_DIR] | stop DIR" >&2
    exit 2
    ;;
esac
