#!/usr/bin/env bash
# Runs cri-tools' critest against criruntime, when critest is on PATH. The images critest expects must be in a
# registry on loopback (see ../shared/critest-images/README.md: prepare.sh builds and pushes them); criruntime is
# started here on a temporary socket with every registry critest names mirrored to that registry, path kept.
#   conformance/critest.sh [REGISTRY_HOST:PORT] [extra critest flags...]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
registry=${1:-127.0.0.1:5000}
shift || true
command -v critest >/dev/null || { echo "critest is not on PATH; skipping (build cri-tools v1.32 to run it)"; exit 0; }
[ "$(id -u)" -eq 0 ] || { echo "$0: run as root" >&2; exit 1; }

dir=$(mktemp -d /tmp/criruntime-critest-XXXXXX)
mkdir -p "$dir/registries.d" "$dir/cni"
for host in docker.io gcr.io registry.k8s.io public.ecr.aws; do
  printf '[[mirror]]\nurl = "http://%s"\ninsecure = true\n' "$registry" > "$dir/registries.d/$host.toml"
done
cp "$repo/deploy/cni/"*.conflist "$dir/cni/" 2>/dev/null || true
cat > "$dir/config.toml" <<TOML
root = "$dir/root"
state = "$dir/state"
metrics_address = ""
[cni]
conf_dir = "$dir/cni"
[registry]
config_dir = "$dir/registries.d"
TOML

daemon=$(find "$repo/src/CriRuntime.Server/bin" -name criruntimed -type f -path '*Release*' | head -1)
[ -n "$daemon" ] || { dotnet build "$repo/src/CriRuntime.Server" -c Release --nologo -v quiet; daemon=$(find "$repo/src/CriRuntime.Server/bin" -name criruntimed -type f -path '*Release*' | head -1); }
"$daemon" --config "$dir/config.toml" --listen "$dir/criruntime.sock" > "$dir/daemon.log" 2>&1 &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  grep -F " $dir/" /proc/mounts | awk '{print $2}' | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
for _ in $(seq 100); do [ -S "$dir/criruntime.sock" ] && break; sleep 0.1; done

skip=$(grep -v '^#' "$repo/conformance/critest-skip.txt" | grep -v '^$' | paste -sd'|')
critest --runtime-endpoint "unix://$dir/criruntime.sock" --image-endpoint "unix://$dir/criruntime.sock" \
  --ginkgo.skip "$skip" "$@"
