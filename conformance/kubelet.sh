#!/usr/bin/env bash
# The node run of conformance/kubelet.md: a standalone kubelet (v1.32, cgroupfs, static pods) against a criruntimed
# built from this tree on its own socket, or against Debian's containerd (conformance/peer.sh), on a test CNI bridge
# that never leaves the machine; images from the registry on 127.0.0.1:5000 through registry mirrors.
#   conformance/kubelet.sh start criruntime|containerd [REGISTRY]   prints DIR (everything lives under it)
#   conformance/kubelet.sh pods DIR                                 installs the six static pods
#   conformance/kubelet.sh check DIR                                what kubelet reports: /pods, /stats/summary, /metrics/cadvisor
#   conformance/kubelet.sh measure DIR [N]                          pod start times: one pod N times, then N at once
#   conformance/kubelet.sh stop DIR                                 removes the pods, checks nothing is left, stops, cleans
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
. "$repo/deploy/lib.sh"
answer_help "$0" "$@"
api=http://127.0.0.1:10255

pods_json() { curl -sf "$api/pods"; }

# Waits until the runtime has no pod sandbox left (kubelet tears pods down asynchronously).
wait_no_sandboxes() {
  local dir=$1
  for _ in $(seq 120); do
    [ -z "$(crictl --runtime-endpoint "unix://$(cat "$dir/endpoint")" pods -q 2>/dev/null)" ] && return 0
    sleep 1
  done
  return 1
}

case "${1:-}" in
  start)
    runtime=$2 registry=${3:-127.0.0.1:5000}
    [ "$(id -u)" -eq 0 ] || { echo "$0: run as root" >&2; exit 1; }
    command -v kubelet >/dev/null || { echo "$0: no kubelet on PATH" >&2; exit 1; }
    dir=$(mktemp -d /tmp/criruntime-kubelet-XXXXXX)
    echo "$runtime" > "$dir/runtime"
    mkdir -p "$dir/manifests" "$dir/cni" "$dir/registries.d" "$dir/log/pods"
    # kubelet sets these kernel defaults at start (protectKernelDefaults off); they are restored at stop.
    sysctl -n vm.overcommit_memory kernel.panic kernel.panic_on_oops vm.panic_on_oom > "$dir/sysctls"
    for d in /sys/fs/cgroup/*/kubepods /sys/fs/cgroup/kubepods; do [ -d "$d" ] && echo "$d"; done > "$dir/kubepods-before" || true
    iptables -t nat -S CNI-HOSTPORT-DNAT >/dev/null 2>&1 && touch "$dir/had-portmap-chains"
    subnet="10.253.$((RANDOM % 250)).0/24"
    echo "$subnet" > "$dir/subnet"
    bridge="crk$(basename "$dir" | tail -c 7 | tr -dc 'a-z0-9')"
    echo "$bridge" > "$dir/bridge"
    . "$repo/conformance/daemon.sh"
    write_test_cni "$dir/cni/10-kubelet.conflist" kubelet-run "$bridge" "$subnet" "$dir/ipam"
    iptables -I FORWARD -s "$subnet" ! -d "$subnet" -j DROP
    if [ "$runtime" = criruntime ]; then
      . "$repo/deploy/lib.sh"
      publish_shim "$dir/bin" >&2
      write_daemon_config "$dir" "$registry" 'log_level = "debug"'
      "$repo/src/CriRuntime.Server/bin/Release/net10.0/criruntimed" --config "$dir/config.toml" --listen "$dir/criruntime.sock" > "$dir/runtime.log" 2>&1 &
      echo $! > "$dir/runtime.pid"
      echo "$dir/criruntime.sock" > "$dir/endpoint"
    else
      peer=$("$repo/conformance/peer.sh" start "$registry" "$dir/cni")
      echo "$peer" > "$dir/peer"
      echo "$peer/containerd.sock" > "$dir/endpoint"
    fi
    for _ in $(seq 300); do [ -S "$(cat "$dir/endpoint")" ] && break; sleep 0.1; done
    sed -e "s#@DIR@#$dir#g" -e "s#@ENDPOINT@#$(cat "$dir/endpoint")#g" "$repo/conformance/kubelet/kubelet-config.yaml" > "$dir/kubelet.yaml"
    kubelet --config "$dir/kubelet.yaml" --root-dir "$dir/kubelet" --hostname-override kubelet-run --v=2 > "$dir/kubelet.log" 2>&1 &
    echo $! > "$dir/kubelet.pid"
    for _ in $(seq 120); do curl -sf http://127.0.0.1:10248/healthz >/dev/null 2>&1 && break; sleep 1; done
    curl -sf http://127.0.0.1:10248/healthz >/dev/null || { tail -30 "$dir/kubelet.log" >&2; exit 1; }
    echo "$dir"
    ;;
  pods)
    cp "$repo"/conformance/kubelet/pods/*.yaml "$2/manifests/"
    ;;
  check)
    dir=$2
    echo "--- pods (/pods)"
    pods_json | jq -r '.items[] | "\(.metadata.name) \(.status.phase) " + ([.status.containerStatuses[]? | "\(.name):ready=\(.ready),restarts=\(.restartCount),\(.state | keys[0])\(if .lastState.terminated then "(last exit \(.lastState.terminated.exitCode) \(.lastState.terminated.reason))" else "" end)"] | join(" "))'
    echo "--- /stats/summary (per pod: network rx/tx bytes, memory workingSet/rss/pageFaults/available)"
    curl -sf "$api/stats/summary" | jq -r '.pods[] | "\(.podRef.name) net=\(.network.rxBytes // "none")/\(.network.txBytes // "none") mem=\(.memory.workingSetBytes // "none")/\(.memory.rssBytes // "none")/\(.memory.pageFaults // "none")/\(.memory.availableBytes // "-") containers=\([.containers[]? | "\(.name):\(.memory.workingSetBytes // "none")"] | join(","))"'
    echo "--- /metrics/cadvisor (series with a container label, by metric)"
    # A runtime without CRI metrics (containerd 1.6) has none: reported, not a failure of the script.
    curl -sf "$api/metrics/cadvisor" | grep -v '^#' | grep 'container="[^"]' | sed 's/{.*//' | sort | uniq -c || echo "(no series with a container label)"
    echo "--- hostPort 127.0.0.1:18080"
    curl -s -m 3 http://127.0.0.1:18080/ || echo "(no answer)"
    echo "--- logs under $dir/log/pods"
    find "$dir/log/pods" -name '*.log' | sed "s#$dir/log/pods/##" | sort
    ;;
  measure)
    dir=$2 n=${3:-5}
    one() {  # name: prints seconds from the manifest's arrival to kubelet reporting the container running
      local name=$1 start
      sed -e "s/name: logger/name: $name/" -e 's/app: logger/app: measure/' "$repo/conformance/kubelet/pods/logger.yaml" > "$dir/$name.yaml"
      start=$(date +%s.%N)
      mv "$dir/$name.yaml" "$dir/manifests/$name.yaml"
      until pods_json | jq -e --arg n "$name-kubelet-run" '.items[] | select(.metadata.name == $n) | .status.containerStatuses[]?.state.running' >/dev/null 2>&1; do sleep 0.05; done
      awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f\n", e - s }'
    }
    # Run with no other pod on the node: between rounds it waits for the runtime to have no sandbox left.
    echo "--- one pod at a time, seconds (the first pulls the image when the runtime's root has none):"
    times=()
    for i in $(seq "$n"); do times+=("$(one "m1-$i")"); echo "${times[-1]}"; rm -f "$dir/manifests/m1-$i.yaml"; wait_no_sandboxes "$dir"; done
    echo "median of all $n: $(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')"
    echo "--- $n pods at once, seconds until all run:"
    start=$(date +%s.%N)
    for i in $(seq "$n"); do
      sed -e "s/name: logger/name: mn-$i/" "$repo/conformance/kubelet/pods/logger.yaml" > "$dir/mn-$i.yaml"
    done
    mv "$dir"/mn-*.yaml "$dir/manifests/"
    until [ "$(pods_json | jq '[.items[] | select(.metadata.name | startswith("mn-")) | select(.status.containerStatuses[]?.state.running)] | length')" -ge "$n" ]; do sleep 0.05; done
    awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f\n", e - s }'
    rm -f "$dir"/manifests/mn-*.yaml
    ;;
  stop)
    dir=$2
    endpoint=$(cat "$dir/endpoint")
    rm -f "$dir"/manifests/*.yaml
    if wait_no_sandboxes "$dir"; then echo "teardown: the runtime has no pod left"; else echo "teardown: pods left:"; crictl --runtime-endpoint "unix://$endpoint" pods; fi
    kill "$(cat "$dir/kubelet.pid")" 2>/dev/null || true
    sleep 2
    if [ -f "$dir/runtime.pid" ]; then
      kill "$(cat "$dir/runtime.pid")" 2>/dev/null || true
      sleep 1
      for root in "$dir"/state/runtime/*/; do
        [ -d "$root" ] || continue
        for c in $(runc --root "$root" list -q 2>/dev/null); do echo "left container $c"; runc --root "$root" delete -f "$c" 2>/dev/null || true; done
      done
    else
      "$repo/conformance/peer.sh" stop "$(cat "$dir/peer")"
    fi
    subnet=$(cat "$dir/subnet")
    iptables -D FORWARD -s "$subnet" ! -d "$subnet" -j DROP 2>/dev/null || true
    echo "veths on the bridge: $(ip -o link show master "$(cat "$dir/bridge")" 2>/dev/null | wc -l)"
    ip link del "$(cat "$dir/bridge")" 2>/dev/null || true
    if [ ! -f "$dir/had-portmap-chains" ]; then
      . "$repo/conformance/daemon.sh"
      remove_portmap_chains
    fi
    # kubelet bind-mounts its own root dir onto itself; anything else mounted under the run is a leftover.
    echo "mounts under $dir besides kubelet's root: $(grep -F " $dir/" /proc/mounts | grep -cvF " $dir/kubelet " || true)"
    grep -F " $dir/" /proc/mounts | awk '{print $2}' | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
    # kubelet's QoS cgroups, only where this run brought them; pod cgroups left inside them are reported.
    for d in /sys/fs/cgroup/*/kubepods /sys/fs/cgroup/kubepods; do
      [ -d "$d" ] || continue
      grep -qxF "$d" "$dir/kubepods-before" && continue
      left=$(find "$d" -mindepth 1 -type d -name 'pod*' | wc -l)
      if [ "$left" -gt 0 ]; then echo "pod cgroups left under $d: $left"; fi
      find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null || true
    done
    mapfile -t saved < "$dir/sysctls"
    sysctl -qw vm.overcommit_memory="${saved[0]}" kernel.panic="${saved[1]}" kernel.panic_on_oops="${saved[2]}" vm.panic_on_oom="${saved[3]}"
    rm -rf "$dir"
    ;;
  *)
    sed -n '2,10p' "$0" >&2
    exit 2
    ;;
esac
