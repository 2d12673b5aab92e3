#!/usr/bin/env bash
# What server-sent event streams cost a session: `shardline serve` with local
# workers runs a session of no-op tests (`true`) with no event stream open,
# then the same session with STREAMS clients reading its events, alternating,
# RUNS times each. Prints each session's wall time (from the start request to
# the status saying completed), the medians and their ratio (goal: at most
# 1.2), and serve's CPU time per session.
# Usage: bench/event_streams.sh [TESTS] [STREAMS] [RUNS]   (needs python3)
# SHARDLINE=path/to/shardline runs another build (e.g. an older one to compare).
set -euo pipefail
cd "$(dirname "$0")/.."
tests=${1:-2000}
streams=${2:-200}
runs=${3:-3}
shardline=${SHARDLINE:-build/shardline}
[[ -x $shardline ]] || { echo "build first: tools/build" >&2; exit 2; }

work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
extra=()
# A server that makes a token by default runs without one only when told.
if "$shardline" serve --help | grep -q -- --no-token; then extra+=(--no-token); fi
# shellcheck disable=SC2086
"$shardline" serve --http 127.0.0.1:0 --local-workers 2 --log-level warn \
  --artifacts "$work/artifacts" --db "$work/shardline.db" "${extra[@]}" ${SHARDLINE_SERVE_ARGS:-} >"$work/serve.txt" 2>&1 &
server=$!
for _ in $(seq 100); do grep -q listening "$work/serve.txt" && break; sleep 0.1; done
port=$(grep -o '127.0.0.1:[0-9]*' "$work/serve.txt" | head -1 | cut -d: -f2)
[[ -n $port ]] || { cat "$work/serve.txt" >&2; exit 1; }

python3 - "$port" "$tests" "$streams" "$runs" "$server" <<'EOF'
import http.client, json, os, selectors, socket, statistics, sys, time

port, tests, streams, runs, pid = (int(a) for a in sys.argv[1:])
base = "/api/execution/parallel"
ticks = os.sysconf("SC_CLK_TCK")

def serve_cpu():  # serve's user + system CPU seconds so far
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / ticks

body = json.dumps({
    "tests": [{"id": f"t{i}", "path": "noop", "title": str(i)} for i in range(tests)],
    "config": {"workerCount": 2, "runner": {"kind": "command", "argv": ["true"]}}})

def open_stream(session_id):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(f"GET {base}/{session_id}/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
              "Accept: text/event-stream\r\n\r\n".encode())
    s.setblocking(False)
    return s

def run_session(with_streams):
    api = http.client.HTTPConnection("127.0.0.1", port)
    cpu0 = serve_cpu()
    t0 = time.monotonic()
    api.request("POST", base, body, {"Content-Type": "application/json"})
    answer = api.getresponse()
    created = json.loads(answer.read())
    if answer.status != 201:
        sys.exit(f"start: {answer.status} {created}")
    session_id = created["sessionId"]
    selector = selectors.DefaultSelector()
    received = 0
    for _ in range(with_streams):
        selector.register(open_stream(session_id), selectors.EVENT_READ)
    ended = None
    next_poll = 0.0
    while ended is None or selector.get_map():
        for key, _ in selector.select(timeout=0.01):
            try:
                data = key.fileobj.recv(1 << 16)
            except BlockingIOError:
                continue
            except ConnectionError:
                data = b""
            received += len(data)
            if not data:
                selector.unregister(key.fileobj)
                key.fileobj.close()
        now = time.monotonic()
        if ended is None and now >= next_poll:
            next_poll = now + 0.01
            api.request("GET", f"{base}/{session_id}/status")
            status = json.loads(api.getresponse().read())
            if status["status"] != "running":
                ended = now - t0
                if status["progress"]["completed"] != tests:
                    sys.exit(f"session ended {status['status']}: {status['progress']}")
        if time.monotonic() - t0 > 600:
            sys.exit("a session took over 600 s")
    cpu = serve_cpu() - cpu0
    api.close()
    return ended, cpu, received

walls = {0: [], streams: []}
cpus = {0: [], streams: []}
run_session(0)  # warm-up: the first session pays for start-up
for i in range(runs):
    for n in (0, streams):  # alternating, so drift in the machine's load hits both
        wall, cpu, received = run_session(n)
        walls[n].append(wall)
        cpus[n].append(cpu)
        print(f"run {i + 1}: {n:4d} streams  {wall:7.2f} s wall  {cpu:6.2f} s serve CPU"
              f"  {received / 1e6:8.1f} MB read by the clients", flush=True)
load = open("/proc/loadavg").read().split()[:3]
print(f"# {tests} no-op tests (`true`), 2 local workers; load average {' '.join(load)}")
for n in (0, streams):
    print(f"{n:4d} streams: median {statistics.median(walls[n]):.2f} s wall,"
          f" {statistics.median(cpus[n]):.2f} s serve CPU")
print(f"wall with {streams} streams / without: "
      f"{statistics.median(walls[streams]) / statistics.median(walls[0]):.2f} (goal: at most 1.2)")
EOF
echo "# reproduce: bench/event_streams.sh $tests $streams $runs"
