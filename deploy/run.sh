#!/usr/bin/env bash
# Builds criruntime, installs what the node is missing, writes the default configuration
# and runs the daemon in the foreground on /run/criruntime/criruntime.sock.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
. "$repo/deploy/lib.sh"
require_root
require_dotnet
install_packages "$repo/deploy/packages.txt"

prefix=/usr/local/lib/criruntime
dotnet publish "$repo/src/CriRuntime.Server" -c Release -o "$prefix" --nologo -v quiet
# criruntimed looks for the shim next to itself (runtime.shim_path = "").
publish_shim "$prefix"
ln -sf "$prefix/criruntimed" /usr/local/bin/criruntimed

install -d -m 0755 /etc/criruntime /etc/criruntime/registries.d /etc/cni/net.d
[ -f /etc/criruntime/config.toml ] || install -m 0644 "$repo/deploy/config.toml" /etc/criruntime/config.toml
# The default pod network, only on a node whose CNI config dir is empty (a cluster's add-on owns it otherwise).
if ! ls /etc/cni/net.d/*.conflist /etc/cni/net.d/*.conf /etc/cni/net.d/*.json >/dev/null 2>&1; then
  install -m 0644 "$repo/deploy/cni/10-criruntime.conflist" /etc/cni/net.d/10-criruntime.conflist
fi
[ -f /etc/crictl.yaml ] || install -m 0644 "$repo/deploy/crictl.yaml" /etc/crictl.yaml
if [ -d /etc/systemd/system ] && [ ! -f /etc/systemd/system/criruntime.service ]; then
  install -m 0644 "$repo/deploy/criruntime.service" /etc/systemd/system/criruntime.service
fi

exec /usr/local/bin/criruntimed --config /etc/criruntime/config.toml "$@"
