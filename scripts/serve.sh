#!/usr/bin/env bash
# Serve the dashboard with several app processes behind HAProxy (sticky sessions); Ctrl-C stops all.
#
#   bash scripts/serve.sh [--replicas R] [--port P] [--address A] [--log-dir DIR|-] [--run-dir DIR]
#                         [--max-restarts N] [--hang-seconds S] [--no-proxy] [--render-only]
#                         [-- streamlit options…]
#
# - R app processes (default 2): `streamlit run app.py --server.address 127.0.0.1 --server.port P+i`
#   for i = 1..R, each in its own process group (with the export browser it may start), all
#   reading the same data: CCHC_DATA_DIR and CCHC_IMPORT_DIR are passed through unchanged. They
#   share one STREAMLIT_SERVER_COOKIE_SECRET (a random one unless set), so a browser that moves to
#   another process after a failure keeps its login and XSRF cookies valid.
# - HAProxy (Debian package `haproxy`) on A:P (default 127.0.0.1:8501; `--address 0.0.0.0` to be
#   reachable from the network — put TLS in front first, see deploy/haproxy.cfg), with the config
#   deploy/haproxy.cfg rendered into the run folder (default: a new temporary folder, removed on
#   exit), running as the current user: no root needed for ports >= 1024.
# - An app process that exits is restarted (at most N times each, default 5), and one that has not
#   answered its health check for S seconds (--hang-seconds, default 30; 0: never) is killed and
#   restarted: a frozen process must not keep its browsers waiting. If HAProxy exits, everything stops.
# - Logs: each process's stdout and stderr (Streamlit's log and the app's `cchc.*` loggers) go to
#   DIR/app<i>.log and HAProxy's access log to DIR/haproxy.log (default DIR: var/log/); with
#   `--log-dir -` everything goes to this script's stdout/stderr (the systemd journal under
#   deploy/cchc-dashboard.service).
# - --no-proxy (with --replicas 1): one app process listening on A:P itself, no proxy.
# - --render-only: print the rendered HAProxy config and exit.
# The run folder holds haproxy.cfg, the pid files app<i>.pid and haproxy.pid, and `ready` once all
# processes answer their health check (bench/replicas.py waits for it).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

REPLICAS=2 PORT=8501 ADDRESS=127.0.0.1 LOG_DIR=var/log RUN_DIR="" MAX_RESTARTS=5 HANG_SECONDS=30
PROXY=1 RENDER_ONLY=0 EXTRA=()
usage() { sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --replicas) REPLICAS=${2:?}; shift 2 ;;
    --port) PORT=${2:?}; shift 2 ;;
    --address) ADDRESS=${2:?}; shift 2 ;;
    --log-dir) LOG_DIR=${2:?}; shift 2 ;;
    --run-dir) RUN_DIR=${2:?}; shift 2 ;;
    --max-restarts) MAX_RESTARTS=${2:?}; shift 2 ;;
    --hang-seconds) HANG_SECONDS=${2:?}; shift 2 ;;
    --no-proxy) PROXY=0; shift ;;
    --render-only) RENDER_ONLY=1; shift ;;
    --) shift; EXTRA=("$@"); break ;;
    -h|--help) usage ;;
    *) echo "serve.sh: unknown option $1" >&2; usage ;;
  esac
done
[[ $REPLICAS =~ ^[1-9][0-9]*$ && $PORT =~ ^[0-9]+$ && $MAX_RESTARTS =~ ^[0-9]+$ && $HANG_SECONDS =~ ^[0-9]+$ ]] \
  || { echo "serve.sh: --replicas ≥ 1; --port, --max-restarts and --hang-seconds must be numbers" >&2; exit 2; }
if [ "$PROXY" = 0 ] && [ "$REPLICAS" != 1 ]; then
  echo "serve.sh: --no-proxy serves one process; use --replicas 1" >&2; exit 2
fi

servers() {  # the backend's server lines
  local i
  for ((i = 1; i <= REPLICAS; i++)); do
    printf '    server app%d 127.0.0.1:%d check cookie app%d\n' "$i" $((PORT + i)) "$i"
  done
}
render() {  # deploy/haproxy.cfg with its placeholders filled
  local list; list=$(servers)
  awk -v bind="$ADDRESS:$PORT" -v run="$1" -v servers="$list" '
    /^[ \t]*@SERVERS@[ \t]*$/ { print servers; next }
    { gsub(/@BIND@/, bind); gsub(/@RUN_DIR@/, run); print }' deploy/haproxy.cfg
}
if [ "$RENDER_ONLY" = 1 ]; then render "${RUN_DIR:-/run/cchc}"; exit 0; fi

PY=${PYTHON_BIN:-$ROOT/.venv/bin/python}
[ -x "$PY" ] || { echo "serve.sh: $PY missing; run scripts/run.sh (or scripts/test.sh) once first" >&2; exit 1; }
HAPROXY=${HAPROXY:-$(command -v haproxy || echo /usr/sbin/haproxy)}
if [ "$PROXY" = 1 ] && [ ! -x "$HAPROXY" ]; then
  echo "serve.sh: HAProxy not found; install it: sudo apt-get install haproxy" >&2; exit 1
fi

TEMP_RUN=0
if [ -z "$RUN_DIR" ]; then RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/cchc-serve.XXXXXX"); TEMP_RUN=1; fi
mkdir -p "$RUN_DIR"; rm -f "$RUN_DIR"/ready "$RUN_DIR"/*.pid
if [ "$LOG_DIR" != "-" ]; then mkdir -p "$LOG_DIR"; LOG_DIR=$(cd "$LOG_DIR" && pwd); fi
export STREAMLIT_SERVER_COOKIE_SECRET=${STREAMLIT_SERVER_COOKIE_SECRET:-$("$PY" -c 'import secrets; print(secrets.token_hex(32))')}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if [ "$PROXY" = 1 ]; then FIRST=$((PORT + 1)); LAST=$((PORT + REPLICAS)); else FIRST=$PORT; LAST=$PORT; fi
for ((p = FIRST; p <= LAST; p++)); do
  if port_busy "$p"; then echo "serve.sh: port $p is in use" >&2; exit 1; fi
done

declare -A APP_PID=() RESTARTS=()
HAPROXY_PID=""
run_logged() {  # run_logged NAME CMD…: CMD in the background, its output appended to LOG_DIR/NAME.log
  local name=$1; shift
  if [ "$LOG_DIR" = "-" ]; then
    "$@" </dev/null &   # inherit stdout/stderr (a terminal, or the systemd journal)
  else
    echo "--- $(date -Is) $name: $*" >>"$LOG_DIR/$name.log"
    "$@" >>"$LOG_DIR/$name.log" 2>&1 </dev/null &
  fi
}
app_port() {  # app_port I: the port app process I listens on
  if [ "$PROXY" = 0 ]; then echo "$PORT"; else echo $((PORT + $1)); fi
}
healthy() {  # healthy PORT: /_stcore/health on 127.0.0.1:PORT answers 200 within 5 s
  timeout 5 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "GET /_stcore/health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" >&3
    read -r status <&3 && [[ $status == *" 200"* ]]' _ "$1" 2>/dev/null
}
start_app() {  # start_app I: app process I (its own process group)
  local i=$1 address=127.0.0.1 port
  port=$(app_port "$i")
  if [ "$PROXY" = 0 ]; then address=$ADDRESS; fi
  run_logged "app$i" setsid "$PY" -m streamlit run app.py --server.address "$address" --server.port "$port" \
    --server.headless true --server.fileWatcherType none --browser.gatherUsageStats false "${EXTRA[@]}"
  APP_PID[$i]=$!
  echo "${APP_PID[$i]}" >"$RUN_DIR/app$i.pid"
}
stop_group() {  # stop_group PID SIGNAL: the process group PID leads (the app and its export browser)
  kill "-$2" -- "-$1" 2>/dev/null || kill "-$2" "$1" 2>/dev/null || true
}
running() {  # running PID: alive and not a zombie waiting to be reaped
  local state
  state=$(cut -d')' -f2 "/proc/$1/stat" 2>/dev/null | cut -d' ' -f2) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}
STOPPING=0
stop_all() {
  [ "$STOPPING" = 1 ] && return; STOPPING=1
  local pids=() i t
  [ -n "$HAPROXY_PID" ] && { kill -TERM "$HAPROXY_PID" 2>/dev/null || true; pids+=("$HAPROXY_PID"); }
  for i in "${!APP_PID[@]}"; do stop_group "${APP_PID[$i]}" TERM; pids+=("${APP_PID[$i]}"); done
  for ((t = 0; t < 50; t++)); do  # up to 10 s for a clean exit
    alive=0; for p in "${pids[@]}"; do running "$p" && alive=1; done
    [ "$alive" = 0 ] && break; sleep 0.2
  done
  for i in "${!APP_PID[@]}"; do stop_group "${APP_PID[$i]}" KILL; done
  [ -n "$HAPROXY_PID" ] && kill -KILL "$HAPROXY_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  if [ "$TEMP_RUN" = 1 ]; then rm -rf "$RUN_DIR"; else rm -f "$RUN_DIR"/*.pid "$RUN_DIR"/ready "$RUN_DIR"/haproxy.sock; fi
  echo "serve.sh: stopped" >&2
}
trap 'stop_all; exit 0' INT TERM
trap 'stop_all' EXIT

for ((i = 1; i <= REPLICAS; i++)); do RESTARTS[$i]=0; start_app "$i"; done
if [ "$PROXY" = 1 ]; then
  render "$RUN_DIR" >"$RUN_DIR/haproxy.cfg"
  "$HAPROXY" -c -q -f "$RUN_DIR/haproxy.cfg"
  run_logged haproxy "$HAPROXY" -db -f "$RUN_DIR/haproxy.cfg"
  HAPROXY_PID=$!
  echo "$HAPROXY_PID" >"$RUN_DIR/haproxy.pid"
fi

# Ready when every app and the proxy answer /_stcore/health (at most 120 s; an app that exits fails it).
urls=("http://$ADDRESS:$PORT/_stcore/health")
[ "$ADDRESS" = 0.0.0.0 ] && urls=("http://127.0.0.1:$PORT/_stcore/health")
if [ "$PROXY" = 1 ]; then for ((i = 1; i <= REPLICAS; i++)); do urls+=("http://127.0.0.1:$((PORT + i))/_stcore/health"); done; fi
"$PY" - "${APP_PID[@]}" ${HAPROXY_PID:+"$HAPROXY_PID"} -- "${urls[@]}" <<'EOF'
import os, sys, time, urllib.request
args = sys.argv[1:]; sep = args.index("--"); pids, urls = [int(p) for p in args[:sep]], args[sep + 1:]
deadline = time.monotonic() + 120
waiting = list(urls)
while waiting and time.monotonic() < deadline:
    for pid in pids:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            sys.exit(f"serve.sh: process {pid} exited during start-up (see its log)")
    for url in list(waiting):
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    waiting.remove(url)
        except OSError:
            pass
    if waiting:
        time.sleep(0.5)
if waiting:
    sys.exit(f"serve.sh: no answer within 120 s from {', '.join(waiting)}")
EOF
touch "$RUN_DIR/ready"
if [ "$PROXY" = 1 ]; then
  echo "serve.sh: ready on http://$ADDRESS:$PORT — $REPLICAS app processes on 127.0.0.1:$((PORT + 1))..$((PORT + REPLICAS)) behind HAProxy (run folder $RUN_DIR, logs ${LOG_DIR})" >&2
else
  echo "serve.sh: ready on http://$ADDRESS:$PORT — one app process, no proxy (logs ${LOG_DIR})" >&2
fi

# Supervise (every 2 s): restart an app process that exits (bounded); kill one that has not answered
# its health check for HANG_SECONDS (a frozen process: serve.sh then restarts it and its browsers
# reconnect elsewhere); stop everything if HAProxy exits.
declare -A LAST_OK=()
for i in "${!APP_PID[@]}"; do LAST_OK[$i]=$SECONDS; done
tick=0
while true; do
  sleep 2 & wait $! || true
  tick=$((tick + 1))
  if [ -n "$HAPROXY_PID" ] && ! running "$HAPROXY_PID"; then
    echo "serve.sh: HAProxy exited; stopping" >&2; HAPROXY_PID=""; exit 1
  fi
  for i in "${!APP_PID[@]}"; do
    pid=${APP_PID[$i]}
    if running "$pid"; then
      [ "$HANG_SECONDS" -gt 0 ] && [ $((tick % 3)) = 0 ] || continue
      if healthy "$(app_port "$i")"; then LAST_OK[$i]=$SECONDS; continue; fi
      [ $((SECONDS - LAST_OK[$i])) -ge "$HANG_SECONDS" ] || continue
      echo "serve.sh: $(date -Is) app$i (pid $pid) has not answered its health check for $HANG_SECONDS s; killing it" >&2
      stop_group "$pid" KILL
      for ((t = 0; t < 25; t++)); do running "$pid" || break; sleep 0.2; done
    fi
    wait "$pid" 2>/dev/null || true  # reap it
    stop_group "$pid" KILL  # what it left behind (its export browser)
    if [ "${RESTARTS[$i]}" -ge "$MAX_RESTARTS" ]; then
      echo "serve.sh: app$i exited again; not restarted (already $MAX_RESTARTS restarts)" >&2
      unset "APP_PID[$i]"; rm -f "$RUN_DIR/app$i.pid"
      [ ${#APP_PID[@]} -eq 0 ] && { echo "serve.sh: no app process left; stopping" >&2; exit 1; }
    else
      RESTARTS[$i]=$((RESTARTS[$i] + 1))
      echo "serve.sh: $(date -Is) app$i (pid $pid) exited; restarting ($((RESTARTS[$i]))/$MAX_RESTARTS)" >&2
      start_app "$i"
      LAST_OK[$i]=$((SECONDS + 60))  # time to start before the hang check applies
    fi
  done
done
