# shellcheck shell=bash
# A throw-away single-node Slurm cluster (munged, slurmctld, slurmd) whose
# every file lives under one directory, started without systemd. Sourced by
# the plugin's integration test.
#
#   cluster_require_environment     exit 77 (ctest: skipped) saying why, where
#                                   the machine cannot run the daemons
#   cluster_start DIR PLUGSTACK [GPU_DEVICE...]
#                                   configure and start in DIR (created; its
#                                   parents must be searchable by all users
#                                   and writable by root alone, as munged
#                                   checks); PLUGSTACK is the
#                                   plugstack.conf path slurm.conf names; the
#                                   device files become the node's GPU gres
#   cluster_stop                    stop every daemon started, by pid
#
# After cluster_start, SLURM_CONF is exported, so srun, sbatch and sinfo talk
# to this cluster. The daemons stay in the caller's process group, so a
# harness that kills the test's group takes them along.

CLUSTER_SKIP=77
cluster_pids=()

cluster_skip() {
  echo "SKIPPED: $*" >&2
  exit "$CLUSTER_SKIP"
}

cluster_require_environment() {
  ((EUID == 0)) || cluster_skip "the Slurm daemons and munged need root (running as uid $EUID)"
  local command
  for command in munged munge unmunge slurmctld slurmd srun sbatch sinfo setpriv; do
    command -v "$command" >/dev/null ||
      cluster_skip "'$command' is not installed (Debian: slurm-wlm munge; scripts/ci/slurm.sh installs them)"
  done
  id munge >/dev/null 2>&1 || cluster_skip "there is no 'munge' user for munged to run as"
}

# A TCP port nobody listens on (state 0A in /proc/net/tcp*), so that clusters
# of concurrent test runs, or a real Slurm on this machine, do not collide.
cluster_free_port() {
  local port listening=" " local_address state _
  # Lines: "sl local_address rem_address st ...", addresses as HEXIP:HEXPORT.
  while read -r _ local_address _ state _; do
    [[ $state == 0A ]] && listening+="$((16#${local_address##*:})) "
  done < <(tail -q -n +2 /proc/net/tcp /proc/net/tcp6 2>/dev/null)
  while :; do
    port=$((20000 + RANDOM % 40000))
    [[ $listening == *" $port "* ]] || { echo "$port"; return; }
  done
}

# Waits until process $1 is gone, up to $2 tenths of a second.
cluster_wait_gone() {
  local pid=$1 tenths=$2
  while ((tenths-- > 0)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  return 1
}

cluster_start_munged() {
  local dir=$1/munge
  mkdir -p "$dir"
  # A key of this cluster's own: nothing under /etc is read or changed.
  head -c 1024 /dev/urandom >"$dir/munge.key"
  chmod 0400 "$dir/munge.key"
  chown -R munge:munge "$dir"
  # munged wants its socket directory searchable by every user.
  chmod 0755 "$dir"
  setpriv --reuid=munge --regid=munge --init-groups -- \
    munged --foreground --socket="$dir/socket" --key-file="$dir/munge.key" \
    --pid-file="$dir/munged.pid" --log-file="$dir/munged.log" --seed-file="$dir/munged.seed" \
    >"$dir/munged.out" 2>&1 &
  cluster_pids+=($!)
  local tries=50
  until munge --socket="$dir/socket" -n 2>/dev/null | unmunge --socket="$dir/socket" >/dev/null 2>&1; do
    if ((--tries == 0)) || ! kill -0 "${cluster_pids[-1]}" 2>/dev/null; then
      cat "$dir/munged.out" "$dir/munged.log" >&2 2>/dev/null || true
      cluster_stop
      cluster_skip "munged cannot start here (output above)"
    fi
    sleep 0.1
  done
}

cluster_write_config() {
  local dir=$1 plugstack=$2 host node_line gres_type_line=""
  shift 2
  host=$(hostname -s)
  # The node as slurmd sees this machine, reachable on the loopback address
  # whatever the host name resolves to.
  node_line=$(slurmd -C | head -n 1 | sed "s/^NodeName=[^ ]*/NodeName=$host NodeAddr=127.0.0.1/")
  if (($# > 0)); then
    node_line+=" Gres=gpu:$#"
    gres_type_line="GresTypes=gpu"
    echo "NodeName=$host Name=gpu File=$(IFS=,; echo "$*")" >"$dir/gres.conf"
  fi
  mkdir -p "$dir/state" "$dir/spool"
  cat >"$dir/slurm.conf" <<EOF
ClusterName=numabind-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$(cluster_free_port)
SlurmdPort=$(cluster_free_port)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
SlurmdDebug=verbose
ProctrackType=proctrack/linuxproc
TaskPlugin=task/affinity
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
PlugStackConfig=$plugstack
$gres_type_line
$node_line
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
}

cluster_start() {
  local dir=$1 plugstack=$2
  shift 2
  # munged, which runs as the munge user, must reach its files through DIR.
  mkdir -p "$dir"
  chmod 0755 "$dir"
  cluster_start_munged "$dir"
  cluster_write_config "$dir" "$plugstack" "$@"
  export SLURM_CONF=$dir/slurm.conf
  slurmctld -D -f "$SLURM_CONF" >"$dir/slurmctld.out" 2>&1 &
  cluster_pids+=($!)
  slurmd -D -f "$SLURM_CONF" -N "$(hostname -s)" >"$dir/slurmd.out" 2>&1 &
  cluster_pids+=($!)
  local tries=300 state=""
  while ((tries-- > 0)); do
    state=$(sinfo -h -o %T 2>/dev/null || true)
    [[ "$state" == idle ]] && return 0
    sleep 0.1
  done
  echo "the cluster did not become idle in 30 s (node state: '${state:-no answer}'); logs:" >&2
  tail -n 20 "$dir"/slurmctld.out "$dir"/slurmctld.log "$dir"/slurmd.out "$dir"/slurmd.log >&2 2>/dev/null  || true
  return 1
}

cluster_stop() {
  local pid index
  # Newest first: slurmd, slurmctld, then munged, which they authenticate with.
  for ((index = ${#cluster_pids[@]} - 1; index >= 0; --index)); do
    pid=${cluster_pids[index]}
    kill -TERM "$pid" 2>/dev/null || continue
    if ! cluster_wait_gone "$pid" 100; then
      echo "pid $pid ignored SIGTERM for 10 s: killing it" >&2
      kill -KILL "$pid" 2>/dev/null
    fi
    wait "$pid" 2>/dev/null
  done
  cluster_pids=()
}
