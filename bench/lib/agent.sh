# Shared by the bench scripts that run a profiling agent on loopback. Source it after setting root and work (a
# fresh folder), then `start_agent DEVICE [AGENT OPTIONS...]`: a token in $work/token (mode 600) and
# `./hwnas agent --port 0` in the background, its output in $work/agent.out and agent.log; sets agent_pid and url.
# Call stop_agent from the EXIT trap. Run ./hwnas once before (it builds on first use, which the wait does not cover).

start_agent() {
  local device=$1; shift
  head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$work/token"; chmod 600 "$work/token"
  "$root/hwnas" agent --port 0 --device "$device" --token-file "$work/token" --work-dir "$work/agent" "$@" \
    > "$work/agent.out" 2> "$work/agent.log" &
  agent_pid=$!
  for _ in $(seq 1 600); do grep -q 'listening on' "$work/agent.out" 2>/dev/null && break; sleep 0.1; done
  url=$(sed -nE 's/.*listening on (http:[^ ]+).*/\1/p' "$work/agent.out")
  [ -n "$url" ] || { echo "agent did not start:" >&2; cat "$work/agent.log" >&2; exit 1; }
}

stop_agent() {
  if [ -n "${agent_pid:-}" ]; then
    kill "$agent_pid" 2>/dev/null && wait "$agent_pid" 2>/dev/null
  fi
  return 0
}
