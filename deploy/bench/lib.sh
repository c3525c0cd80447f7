# Shared by the benchmark scripts in this directory: a work directory that
# the EXIT trap removes (KEEP=1 keeps it), background processes the trap
# stops, readiness waits, threshold up, a benchmark edge and h3load runs.
# The including script sets NAME (for messages), ROOT and the load
# parameters before sourcing this file.

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/threshold-bench.XXXXXX")
PIDS=()
cleanup() {
	local p
	for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
	for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
	if [[ -n "${KEEP:-}" ]]; then echo "work directory kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# wait_for FILE REGEX SECONDS: waits until FILE has a line matching REGEX.
wait_for() {
	local deadline=$((SECONDS + $3))
	until grep -Eq "$2" "$1" 2>/dev/null; do
		if ((SECONDS > deadline)); then
			echo "$NAME: timed out waiting for /$2/ in $1:" >&2
			tail -n 20 "$1" "${1%.out}.err" >&2 2>/dev/null || true
			exit 1
		fi
		sleep 0.1
	done
}

# start NAME CMD...: runs CMD in the background with NAME.out/.err in WORK.
start() {
	local name=$1
	shift
	"$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
	PIDS+=($!)
	eval "PID_$name=$!"
}

echo "== building" >&2
BIN=$WORK/bin
(cd "$ROOT" && go build -o "$BIN/" ./cmd/threshold ./deploy/bench/origin ./deploy/bench/h3load ./deploy/bench/gensite)


# start_up: `threshold up` on free ports in $WORK/net; sets NET.
start_up() {
	echo "== threshold up" >&2
	start up "$BIN/threshold" up --dir "$WORK/net" --api-port 0 --https-port 0 --http-port 0
	wait_for "$WORK/up.out" 'local network is up' 120
	export THRESHOLD_HOME=$WORK/home
	NET=$WORK/net
}

# start_bench_edge: a standalone edge on the network, as a PoP would run
# it: cache.default_ttl 1 h, cache.size $CACHE_SIZE, rate limits off, logs
# at warn; sets EDGE_PORT.
start_bench_edge() {
	echo "== threshold edge (cache.default_ttl 1h, cache.size $CACHE_SIZE, rate limits off)" >&2
	cat >"$WORK/edge.json" <<EOF
{
  "network": "$NET/network.json",
  "listen": {"https": "127.0.0.1:0", "http": "", "metrics": "127.0.0.1:0"},
  "domains": {"apex": ["localhost"]},
  "tls": {"mode": "local", "dir": "$WORK/edge"},
  "cache": {"size": $CACHE_SIZE, "default_ttl": "1h", "max_ttl": "1h"},
  "log": {"format": "json", "level": "warn"}
}
EOF
	start edge "$BIN/threshold" edge --config "$WORK/edge.json"
	wait_for "$WORK/edge.out" '^edge serving' 30
	EDGE_PORT=$(sed -nE 's|^edge serving https://127\.0\.0\.1:([0-9]+).*|\1|p' "$WORK/edge.out")
}

# goload NAME PROTO PORT URL [FLAGS]: one h3load run; sets J_NAME (JSON).
goload() {
	local name=$1 proto=$2 port=$3 url=$4
	shift 4
	echo "== h3load $name: -proto $proto -c $GO_CONNS -m $GO_STREAMS -d ${DURATION}s $*" >&2
	"$BIN/h3load" -proto "$proto" -connect "127.0.0.1:$port" -c "$GO_CONNS" -m "$GO_STREAMS" \
		-d "${DURATION}s" -warmup "${WARMUP}s" "$@" "$url" >"$WORK/h3load-$name.json"
	sed 's/^/   /' "$WORK/h3load-$name.json" >&2
	jq -e '.errors == 0 and (.status | keys) == ["200"]' "$WORK/h3load-$name.json" >/dev/null ||
		{ echo "$NAME: h3load $name: errors or non-200 answers" >&2; exit 1; }
	eval "J_$name=\$(cat \"\$WORK/h3load-\$name.json\")"
}

f() { jq -r ".$2" <<<"$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
