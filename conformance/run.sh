#!/usr/bin/env bash
# Runs the conformance suite against a criruntimed started here on a temporary socket, root and state, with a
# test CNI network that never leaves the machine (no masquerading, and forwarded traffic from its subnet to
# anywhere outside it is dropped). Prints the suite's lines, ending with "N passed, N failed, N skipped".
#   conformance/run.sh [-c Debug|Release] [cri-conformance flags...]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
configuration=Release
if [ "${1:-}" = "-c" ]; then configuration=$2; shift 2; fi
[ "$(id -u)" -eq 0 ] || { echo "$0: run as root" >&2; exit 1; }

daemon="$repo/src/CriRuntime.Server/bin/$configuration/net10.0/criruntimed"
suite="$repo/conformance/CriRuntime.Conformance/bin/$configuration/net10.0/cri-conformance"
[ -x "$daemon" ] && [ -x "$suite" ] || { echo "$0: build first (dotnet build -c $configuration)" >&2; exit 1; }

dir=$(mktemp -d /tmp/criruntime-conformance-XXXXXX)
id=$(basename "$dir" | tr -dc 'a-zA-Z0-9' | tail -c 7)
subnet="10.251.$((RANDOM % 250)).0/24"
bridge="crc${id,,}"
mkdir -p "$dir/cni" "$dir/registries.d"
cat > "$dir/cni/10-conformance.conflist" <<JSON
{
  "cniVersion": "1.0.0",
  "name": "conformance-$id",
  "plugins": [
    { "type": "bridge", "bridge": "$bridge", "isGateway": true, "ipMasq": false, "hairpinMode": true,
      "ipam": { "type": "host-local", "ranges": [[{ "subnet": "$subnet" }]], "dataDir": "$dir/ipam" } },
    { "type": "portmap", "capabilities": { "portMappings": true } },
    { "type": "loopback" }
  ]
}
JSON
cat > "$dir/config.toml" <<TOML
root = "$dir/root"
state = "$dir/state"
metrics_address = ""
[cni]
conf_dir = "$dir/cni"
[registry]
config_dir = "$dir/registries.d"
TOML

iptables -I FORWARD -s "$subnet" ! -d "$subnet" -j DROP
"$daemon" --config "$dir/config.toml" --listen "$dir/criruntime.sock" > "$dir/daemon.log" 2>&1 &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  iptables -D FORWARD -s "$subnet" ! -d "$subnet" -j DROP 2>/dev/null || true
  ip link del "$bridge" 2>/dev/null || true
  grep -F " $dir/" /proc/mounts | awk '{print $2}' | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
for _ in $(seq 200); do [ -S "$dir/criruntime.sock" ] && break; sleep 0.1; done
[ -S "$dir/criruntime.sock" ] || { cat "$dir/daemon.log" >&2; exit 1; }

status=0
"$suite" --runtime-endpoint "unix://$dir/criruntime.sock" "$@" || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- daemon log (last 40 lines)"
  tail -40 "$dir/daemon.log"
fi
exit "$status"
