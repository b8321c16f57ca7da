#!/usr/bin/env bash
# Runs inside the VM (conformance/vm/run.sh), from the read-only artefacts share: the conformance suite against a
# criruntimed started by conformance/daemon.sh, once per configuration HANDLER/DRIVER, each suite's output in
# /mnt/results/HANDLER-DRIVER.suite.log. Exits non-zero when a suite failed or did not run.
set -uo pipefail
share=/mnt/artefacts
results=/mnt/results
configs="runc/cgroupfs" focus="" spec_timeout=900
. "$share/guest.env"
. "$share/deploy/lib.sh"
. "$share/conformance/daemon.sh"
# The shim is published on the host; daemon.sh copies it next to its configuration.
publish_shim() { mkdir -p "$1" && cp "$share/bin/criruntime-shim" "$1/"; }

echo "== guest up after $(cut -d' ' -f1 /proc/uptime) s: $(uname -r), $(stat -fc %T /sys/fs/cgroup) at /sys/fs/cgroup," \
  "controllers: $(cat /sys/fs/cgroup/cgroup.controllers), init: $(cat /proc/1/comm)," \
  "$(runc --version | head -1), $(crun --version | head -1)"
# Under emulation every JIT pass costs ~50 times more: no instrumented re-JIT of ReadyToRun code for profile-guided
# optimisation (a second and third compilation of the hot methods), for the daemon and the suite.
export DOTNET_TieredPGO=0
status=0
for config in $configs; do
  handler=${config%/*}
  driver=${config#*/}
  name="$handler-$driver"
  # shellcheck disable=SC2034 # read by start_test_daemon
  test_daemon_runtime_config=$(printf 'default_handler = "%s"\ncgroup_driver = "%s"' "$handler" "$driver")
  # shellcheck disable=SC2034 # read by start_test_daemon: .NET starts slowly under emulation
  test_daemon_start_seconds=900
  started=$(date +%s)
  if ! start_test_daemon "$share/bin/criruntimed" > "$results/$name.start.log" 2>&1; then
    echo "== $name: the daemon did not start"
    stop_test_daemon
    trap - EXIT
    status=1
    continue
  fi
  echo "== $name: daemon serving after $(( $(date +%s) - started )) s"
  args=(--runtime-endpoint "unix://$socket" --spec-timeout "$spec_timeout")
  [ -n "$focus" ] && args+=(--focus "$focus")
  "$share/suite/cri-conformance" "${args[@]}" > "$results/$name.suite.log" 2>&1 || status=1
  # Kept whatever the outcome (stop_test_daemon removes the directory): its timestamps show where the time goes.
  mkdir -p "$results/$name"
  cp "${dir:?}/daemon.log" "$results/$name/daemon.log"
  stop_test_daemon
  trap - EXIT
  echo "== $name: $(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$results/$name.suite.log" || echo "no summary line") ($(( $(date +%s) - started )) s)"
done
exit "$status"
