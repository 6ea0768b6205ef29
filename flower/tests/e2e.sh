#!/usr/bin/env bash
# npm run test:flower — the Flower export, for real:
#  1. a Python virtual environment with flower/requirements.txt (flower/.venv, cached; rebuilt
#     when the requirements change);
#  2. exports the scenarios of flower/tests/scenarios and a matrix of every carried rule and
#     attack (flower/tests/prepare.ts), checks refusals, py_compile + ruff over every export,
#     the Python ports against the TypeScript (test_ports.py) and every rule's strategy on fake
#     replies (test_strategy.py);
#  3. fedavg-mlp32 on the DEPLOYMENT engine: one SuperLink and 3 SuperNodes, separate processes
#     on 127.0.0.1, `flwr run`;
#  4. signflip-median and momentum-dirichlet (server momentum: Flower's FedAvgM) on the
#     SIMULATION engine (Ray) behind a SuperLink;
#  5. each round's test accuracy against the playground's own `npm run sim`: within 0.5 points.
# Every process it starts gets its own process group and is stopped by its PID on exit, also when
# a step fails. FLOWER_TEST_KEEP=1 keeps the work directory (logs, exported apps).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
VENV=$ROOT/flower/.venv
WORK=$(mktemp -d /tmp/flower-test.XXXXXX)
PIDS=()
FOREGROUND=()
started=$(date +%s)

cleanup() {
	local rc=$?
	for p in "${FOREGROUND[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
	for p in "${PIDS[@]}"; do kill -TERM -- "-$p" 2>/dev/null || true; done
	for _ in $(seq 1 20); do
		local alive=0
		for p in "${PIDS[@]}"; do kill -0 -- "-$p" 2>/dev/null && alive=1; done
		[ $alive = 0 ] && break
		sleep 0.5
	done
	for p in "${PIDS[@]}"; do kill -KILL -- "-$p" 2>/dev/null || true; done
	if [ $rc != 0 ]; then
		echo "test:flower: FAILED (rc $rc); logs in $WORK" >&2
		for f in "$WORK"/*.log; do [ -f "$f" ] && { echo "--- $f (tail)" >&2; tail -n 15 "$f" >&2; }; done
	elif [ -z "${FLOWER_TEST_KEEP:-}" ]; then rm -rf "$WORK"; fi
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Starts "$@" in its own process group, output to $WORK/<name>.log; remembers the PID.
start() {
	local name=$1
	shift
	setsid "$@" >"$WORK/$name.log" 2>&1 &
	PIDS+=($!)
}

free_port() {
	"$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits until something listens on 127.0.0.1:$1 (a SuperLink starting up), at most 90 s.
wait_port() {
	"$VENV/bin/python" - "$1" <<'PY'
import socket, sys, time
end = time.time() + 90
while time.time() < end:
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.5)
sys.exit(f"nothing listens on 127.0.0.1:{sys.argv[1]} after 90 s")
PY
}

step() { echo "test:flower: [$(($(date +%s) - started)) s] $*"; }

# 1. the virtual environment
if [ ! -x "$VENV/bin/flwr" ] || ! cmp -s flower/requirements.txt "$VENV/.requirements"; then
	step "creating $VENV (flower/requirements.txt)"
	rm -rf "$VENV"
	python3 -m venv "$VENV"
	"$VENV/bin/pip" install --quiet --disable-pip-version-check -r flower/requirements.txt
	cp flower/requirements.txt "$VENV/.requirements"
fi
export PATH="$VENV/bin:$PATH"
export FLWR_HOME="$WORK/flwr-home"
export RAY_DISABLE_USAGE_STATS=1
mkdir -p "$FLWR_HOME"

# the deployment engine's processes connect while the exports run
DEP=$(free_port)
start superlink-deployment flower-superlink --insecure --disable-runtime-dependency-installation \
	--host 127.0.0.1 --port "$DEP" --database "$WORK/deployment.db"
for k in 0 1 2; do
	start "supernode-$k" flower-supernode --insecure --superlink "127.0.0.1:$DEP" \
		--host 127.0.0.1 --port "$(free_port)" --node-config "partition-id=$k num-partitions=3"
done

SIM=$(free_port)
start superlink-simulation flower-superlink --insecure --simulation \
	--disable-runtime-dependency-installation --host 127.0.0.1 --port "$SIM" \
	--database "$WORK/simulation.db"

# 2. exports, refusals, compile, lint, ports
step "exporting (flower/tests/prepare.ts)"
npx tsx flower/tests/prepare.ts "$WORK/out"
step "py_compile + ruff over $(ls "$WORK/out/matrix" | wc -l) matrix exports and 3 apps"
for d in "$WORK"/out/matrix/* "$WORK"/out/apps/*; do
	python -m py_compile "$d"/playground_app/*.py
	ruff check --quiet --no-cache "$d"
done
python flower/tests/test_ports.py "$WORK/out" "$WORK/out/apps/fedavg-mlp32"
python flower/tests/test_strategy.py "$WORK/out/apps/fedavg-mlp32" 2>&1 | grep -v "INFO\|WARNING"

# the playground's own runs, in the background while Flower runs
start playground-sims bash -c 'for s in fedavg-mlp32 signflip-median momentum-dirichlet; do
	npx tsx src/cli/sim.ts "flower/tests/scenarios/$s.json" --quiet >"$0/$s.sim.jsonl" || exit 1
done' "$WORK"
SIMS=${PIDS[-1]}

cat >"$FLWR_HOME/config.toml" <<TOML
[superlink]
default = "deployment"

[superlink.deployment]
address = "127.0.0.1:$DEP"
insecure = true

[superlink.simulation]
address = "127.0.0.1:$SIM"
insecure = true
TOML

run_flower() {
	local name=$1 conn=$2
	shift 2
	local t0
	t0=$(date +%s)
	(cd "$WORK/out/apps/$name" && flwr run . "$conn" --stream \
		--run-config "export.metrics-file=\"$WORK/$name.flower.jsonl\" export.timeout=300" "$@") \
		>"$WORK/$name.flower.log" 2>&1
	echo "$name $conn $(($(date +%s) - t0))" >>"$WORK/walltimes"
	grep -q "initial weights: bit for bit" "$WORK/$name.flower.log"
}

# 3. deployment engine, in the background (it mostly waits on the network) ...
step "fedavg-mlp32 on the deployment engine (SuperLink + 3 SuperNodes), in the background"
wait_port "$DEP"
run_flower fedavg-mlp32 deployment &
DEPLOYMENT_RUN=$!
FOREGROUND+=($DEPLOYMENT_RUN)

# 4. ... while the simulation engine (Ray) runs the other two
wait_port "$SIM"
step "signflip-median on the simulation engine (5 simulated SuperNodes)"
run_flower signflip-median simulation --federation-config "num-supernodes=5"
step "momentum-dirichlet (FedAvgM) on the simulation engine (4 simulated SuperNodes)"
run_flower momentum-dirichlet simulation --federation-config "num-supernodes=4"
step "waiting for the deployment run"
wait "$DEPLOYMENT_RUN"

# 5. compare with the playground
step "waiting for the playground's runs"
wait "$SIMS"
fail=0
while read -r name conn secs; do
	python flower/tests/compare.py "$name" "$WORK/$name.sim.jsonl" "$WORK/$name.flower.jsonl" \
		"$conn engine, flwr run ${secs} s" | tee -a "$WORK/table.md" || fail=1
done <"$WORK/walltimes"
[ -n "${FLOWER_TEST_TABLE:-}" ] && cp "$WORK/table.md" "$FLOWER_TEST_TABLE"
step "done"
exit $fail
