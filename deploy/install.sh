#!/usr/bin/env bash
# Installs criruntime as a node service: the Debian packages it needs, criruntimed with its shim and the criruntime
# command line under /usr/local, /etc/criruntime/config.toml, a CNI network when the node has none, /etc/crictl.yaml,
# log rotation and the systemd unit (Delegate=yes, KillMode=process: a restart of the unit never touches containers).
# Then it starts the daemon: through systemd when systemd is the init system, otherwise in the background, logging to
# /var/log/criruntime/criruntimed.log. Configuration files that exist are kept. Run as root from the repository.
#   deploy/install.sh [--no-start]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
. "$repo/deploy/lib.sh"
answer_help "$0" "$@"
require_root
require_dotnet
echo "installing the Debian packages criruntime needs (deploy/packages.txt)"
install_packages "$repo/deploy/packages.txt"

prefix=/usr/local/lib/criruntime
echo "publishing criruntimed, its shim and the criruntime command to $prefix (a few minutes)"
publish_daemon "$prefix"
# criruntimed looks for the shim next to itself (runtime.shim_path = "").
publish_shim "$prefix"
dotnet publish "$repo/src/CriRuntime.Cli" -c Release -o "$prefix/cli" --nologo -v quiet
ln -sf "$prefix/criruntimed" /usr/local/bin/criruntimed
ln -sf "$prefix/cli/criruntime" /usr/local/bin/criruntime

echo "installing the configuration under /etc (files that exist are kept)"
install -d -m 0755 /etc/criruntime /etc/criruntime/registries.d /etc/cni/net.d /var/log/criruntime
[ -f /etc/criruntime/config.toml ] || install -m 0644 "$repo/deploy/config.toml" /etc/criruntime/config.toml
# The default pod network, only on a node whose CNI config dir is empty (a cluster's add-on owns it otherwise).
if ! ls /etc/cni/net.d/*.conflist /etc/cni/net.d/*.conf /etc/cni/net.d/*.json >/dev/null 2>&1; then
  install -m 0644 "$repo/deploy/cni/10-criruntime.conflist" /etc/cni/net.d/10-criruntime.conflist
fi
[ -f /etc/crictl.yaml ] || install -m 0644 "$repo/deploy/crictl.yaml" /etc/crictl.yaml
[ -d /etc/logrotate.d ] && install -m 0644 "$repo/deploy/logrotate/criruntime" /etc/logrotate.d/criruntime
if [ -d /etc/systemd/system ]; then
  install -m 0644 "$repo/deploy/criruntime.service" /etc/systemd/system/criruntime.service
fi

[ "${1:-}" = "--no-start" ] && exit 0

if [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  systemctl enable criruntime.service
  systemctl restart criruntime.service
  echo "criruntime runs as the systemd unit criruntime.service (journalctl -u criruntime)"
else
  # No systemd: a background daemon of our own, found again by its pid file; SIGTERM leaves containers running.
  pidfile=/run/criruntime/criruntimed.pid
  install -d -m 0755 /run/criruntime
  old=$(cat "$pidfile" 2>/dev/null || true)
  # Only a criruntimed is stopped: a stale file may name a pid the kernel has given to another process since.
  case "$(readlink "/proc/${old:-0}/exe" 2>/dev/null)" in
    "$prefix/criruntimed"*)
      kill -TERM "$old"
      for _ in $(seq 150); do kill -0 "$old" 2>/dev/null || break; sleep 0.2; done ;;
  esac
  # Its own session, with / as its working directory: it outlives this shell and holds no checkout busy.
  (cd / && exec setsid /usr/local/bin/criruntimed --config /etc/criruntime/config.toml </dev/null >>/var/log/criruntime/criruntimed.log 2>&1) &
  echo $! > "$pidfile"
  echo "criruntime runs in the background (pid $(cat "$pidfile"), log /var/log/criruntime/criruntimed.log)"
  echo "stop it with: sudo kill -TERM \$(cat $pidfile)   (containers keep running; install.sh starts it again)"
fi

# Ready when the CLI gets an answer (it exits 3 while nothing serves the socket).
for _ in $(seq 150); do
  if /usr/local/bin/criruntime version >/dev/null 2>&1; then
    /usr/local/bin/criruntime version
    exit 0
  fi
  sleep 0.2
done
echo "$0: criruntimed did not answer within 30 s; see its log" >&2
exit 1
