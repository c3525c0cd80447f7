#!/usr/bin/env bash
# Benchmarks the edge against Caddy and a bare Go TLS server, and HTTP/3
# against HTTP/2, on one machine, and prints one table. See README.md.
#
#   deploy/bench/edge.sh            # about 11 minutes (5 rounds)
#   DURATION=20 deploy/bench/edge.sh
#   KEEP=1 deploy/bench/edge.sh     # keep the work directory and its logs
#
# Needs go, h2load (nghttp2-client), caddy, curl and jq. Everything binds
# 127.0.0.1 on free ports under a temporary directory; the trap stops every
# process it started.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DURATION=${DURATION:-10}  # seconds measured per run
ROUNDS=${ROUNDS:-5}       # rounds of the cached-page runs: each runs every server once, in turn
WARMUP=${WARMUP:-2}       # seconds of unmeasured warm-up per run
CONNS=${CONNS:-100}       # h2load connections
STREAMS=${STREAMS:-10}    # h2load concurrent streams per connection
GO_CONNS=${GO_CONNS:-10}  # h3load connections (HTTP/3 vs HTTP/2, uncached)
GO_STREAMS=${GO_STREAMS:-10}
CACHE_SIZE=${CACHE_SIZE:-33554432} # the benchmark edge's cache.size (32 MiB)

for tool in go h2load caddy curl jq; do
	command -v "$tool" >/dev/null || { echo "edge.sh: $tool is missing" >&2; exit 1; }
done

NAME=edge.sh
# shellcheck source=lib.sh
source "$ROOT/deploy/bench/lib.sh"

start_up
ID=$("$BIN/threshold" canister create --network "$NET" 2>/dev/null | tail -n 1)
"$BIN/threshold" canister install --network "$NET" --wasm "$ROOT/replica/testdata/canisters/certified_http.wasm" "$ID" >/dev/null

# The page: 4,096 bytes of HTML, the same bytes in the canister and on disk.
mkdir -p "$WORK/www"
{
	printf '<!doctype html><title>4 KiB</title><p>'
	head -c 4096 /dev/zero | tr '\0' 'x'
} | head -c 4092 >"$WORK/www/4k.html"
printf '</p>' >>"$WORK/www/4k.html"
"$BIN/threshold" canister call --network "$NET" "$ID" set_page \
	"(\"/4k.html\", \"text/html\", \"$(cat "$WORK/www/4k.html")\")" >/dev/null

start_bench_edge
EDGE_URL=https://$ID.localhost:$EDGE_PORT/4k.html

echo "== origin (Go net/http) and caddy" >&2
"$BIN/origin" -gencert "$WORK"
start origin "$BIN/origin" -file "$WORK/www/4k.html" -cert "$WORK/cert.pem" -key "$WORK/key.pem"
wait_for "$WORK/origin.out" '^listening on' 30
GO_PORT=$(sed -nE 's|^listening on 127\.0\.0\.1:([0-9]+)|\1|p' "$WORK/origin.out")
CADDY_PORT=$("$BIN/origin" -freeport)
cat >"$WORK/Caddyfile" <<EOF
{
	admin off
	auto_https off
	storage file_system $WORK/caddy
	log {
		level WARN
	}
}
https://*.localhost:$CADDY_PORT {
	bind 127.0.0.1
	tls $WORK/cert.pem $WORK/key.pem
	root * $WORK/www
	file_server
}
EOF
HOME=$WORK XDG_DATA_HOME=$WORK/caddy XDG_CONFIG_HOME=$WORK/caddy \
	start caddy caddy run --config "$WORK/Caddyfile" --adapter caddyfile
GO_URL=https://$ID.localhost:$GO_PORT/4k.html
CADDY_URL=https://$ID.localhost:$CADDY_PORT/4k.html

# Every server must answer the same 4,096 bytes; the edge from its cache.
fetch() {
	curl -sSk --fail --resolve "$ID.localhost:$2:127.0.0.1" -o "$WORK/$1.body" -D "$WORK/$1.head" "$3" ||
		{ echo "edge.sh: $1 does not answer $3 (see $WORK/$1.err)" >&2; return 1; }
}
for i in $(seq 100); do fetch caddy "$CADDY_PORT" "$CADDY_URL" 2>/dev/null && break; sleep 0.1; done # caddy prints no readiness line
fetch edge "$EDGE_PORT" "$EDGE_URL"
fetch edge "$EDGE_PORT" "$EDGE_URL"
fetch go "$GO_PORT" "$GO_URL"
fetch caddy "$CADDY_PORT" "$CADDY_URL"
for s in edge go caddy; do
	cmp -s "$WORK/www/4k.html" "$WORK/$s.body" || { echo "edge.sh: $s did not answer the page" >&2; exit 1; }
done
grep -qi '^x-cache: HIT' "$WORK/edge.head" || { echo "edge.sh: the edge did not cache the page:" >&2; cat "$WORK/edge.head" >&2; exit 1; }
# A second origin writes the edge's whole answer: its headers (IC-Certificate
# and the rest, captured above) and the same body. That is the ceiling of any
# Go server giving this answer.
start same "$BIN/origin" -file "$WORK/www/4k.html" -cert "$WORK/cert.pem" -key "$WORK/key.pem" -headers "$WORK/edge.head"
wait_for "$WORK/same.out" '^listening on' 30
SAME_PORT=$(sed -nE 's|^listening on 127\.0\.0\.1:([0-9]+)|\1|p' "$WORK/same.out")
SAME_URL=https://$ID.localhost:$SAME_PORT/4k.html
fetch same "$SAME_PORT" "$SAME_URL"
cmp -s "$WORK/www/4k.html" "$WORK/same.body" || { echo "edge.sh: same did not answer the page" >&2; exit 1; }
grep -qi '^ic-certificate:' "$WORK/same.head" || { echo "edge.sh: same does not repeat the edge's headers" >&2; exit 1; }
EDGE_PID=$PID_edge
rss_kb() { sed -nE "s/^$2:[[:space:]]+([0-9]+) kB/\1/p" "/proc/$1/status"; }
EDGE_RSS0=$(rss_kb "$EDGE_PID" VmRSS)

# h2load NAME PORT URL ROUND: the cached page over HTTP/2; appends to RPS_NAME
# and P99_NAME (ms, from h2load's per-request log: time to the end of each
# response).
h2() {
	local name=$1 port=$2 url=$3 out=$WORK/h2load-$1-$4.txt log=$WORK/h2load-$1-$4.log
	echo "== h2load $name (round $4): -c $CONNS -m $STREAMS -D $DURATION --warm-up-time $WARMUP" >&2
	h2load -c "$CONNS" -m "$STREAMS" -D "$DURATION" --warm-up-time "$WARMUP" \
		--connect-to "127.0.0.1:$port" --log-file "$log" "$url" >"$out"
	grep -E '^(finished|requests|status codes|time for request)' "$out" | sed 's/^/   /' >&2
	local failed
	failed=$(sed -nE 's/.* ([0-9]+) failed, ([0-9]+) errored, ([0-9]+) timeout.*/\1 \2 \3/p' "$out")
	[[ "$failed" == "0 0 0" ]] || { echo "edge.sh: h2load $name: failed/errored/timeout $failed" >&2; exit 1; }
	# Status 0: requests cut off when the duration ended; they are not counted.
	awk '$2 != 200 && $2 != 0 { bad++ } END { exit bad > 0 }' "$log" || { echo "edge.sh: h2load $name: non-200 answers" >&2; exit 1; }
	eval "RPS_$name+=\" $(sed -nE 's/^finished in .*, ([0-9.]+) req\/s.*/\1/p' "$out")\""
	eval "P99_$name+=\" $(awk '$2 == 200 { print $3 }' "$log" | sort -n | awk '{ v[NR] = $1 } END { i = int(NR * 0.99); if (i < 1) i = 1; printf "%.2f", v[i] / 1000 }')\""
}

# Every round runs each server once, in turn, so that a slow spell of the
# shared machine does not fall on one server only, and every other round
# runs them in the reverse order, so that no server always goes first; the
# table gives medians, and each ratio is the median of the rounds' ratios.
in_order() { if (($1 % 2)); then printf '%s\n' "${@:2}"; else printf '%s\n' "${@:2}" | tac; fi; }
for r in $(seq "$ROUNDS"); do
	for s in $(in_order "$r" edge caddy go same); do
		case $s in
		edge) h2 edge "$EDGE_PORT" "$EDGE_URL" "$r" ;;
		caddy) h2 caddy "$CADDY_PORT" "$CADDY_URL" "$r" ;;
		go) h2 go "$GO_PORT" "$GO_URL" "$r" ;;
		same) h2 same "$SAME_PORT" "$SAME_URL" "$r" ;;
		esac
	done
done
for r in $(seq "$ROUNDS"); do
	for s in $(in_order "$r" edge go same); do
		case $s in
		edge) port=$EDGE_PORT url=$EDGE_URL ;;
		go) port=$GO_PORT url=$GO_URL ;;
		same) port=$SAME_PORT url=$SAME_URL ;;
		esac
		# HTTP/2 then HTTP/3, or the other way round, with the servers.
		for p in $(in_order "$r" h2 h3); do goload "${s}_${p}_$r" "$p" "$port" "$url"; done
	done
done
EDGE_HWM_CACHED=$(rss_kb "$EDGE_PID" VmHWM)
# Uncached: a distinct query string per request, so every request misses
# the cache (its key includes the query): http_request query -> replica ->
# certificate and tree verification -> cache store (and eviction: far more
# than cache.size of distinct answers go through the cache).
goload uncached h2 "$EDGE_PORT" "$EDGE_URL" -unique

# median of the numbers in $1; rratios A B: the per-round ratios of two
# lists; gfield NAME FIELD: one field of every round's h3load JSON.
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { printf "%s", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
med() { median <<<"$1"; }
rratios() { paste -d' ' <(tr ' ' '\n' <<<"$1" | grep -v '^$') <(tr ' ' '\n' <<<"$2" | grep -v '^$') | awk '{ printf "%.2f ", $1 / $2 }'; }
gfield() { local r out=""; for r in $(seq "$ROUNDS"); do out+=" $(eval "f \"\$J_$1_$r\" $2")"; done; echo "$out"; }
for n in edge caddy go same; do
	eval "RPSM_$n=\$(med \"\$RPS_$n\")"
	eval "P99M_$n=\$(med \"\$P99_$n\")"
done
for n in edge_h2 edge_h3 go_h2 go_h3 same_h2 same_h3; do
	for fld in rps p50_ms p99_ms; do eval "G_${n}_$fld=\$(med \"\$(gfield $n $fld)\")"; done
done
R_caddy=$(rratios "$RPS_edge" "$RPS_caddy")
R_go=$(rratios "$RPS_edge" "$RPS_go")
R_same=$(rratios "$RPS_edge" "$RPS_same")
R_p99_caddy=$(rratios "$P99_edge" "$P99_caddy")
R_p99_go=$(rratios "$P99_edge" "$P99_go")
R_p99_same=$(rratios "$P99_edge" "$P99_same")
R_edge_h3=$(rratios "$(gfield edge_h3 rps)" "$(gfield edge_h2 rps)")
R_go_h3=$(rratios "$(gfield go_h3 rps)" "$(gfield go_h2 rps)")
R_same_h3=$(rratios "$(gfield same_h3 rps)" "$(gfield same_h2 rps)")

EDGE_HWM=$(rss_kb "$EDGE_PID" VmHWM)
EDGE_RSS=$(rss_kb "$EDGE_PID" VmRSS)
curl -s "http://$(sed -nE 's|.*metrics http://([0-9.:]+).*|\1|p' "$WORK/edge.out")/metrics" >"$WORK/metrics.txt" || true
CACHE_METRICS=$(awk '/^[a-z_]*cache_(memory_bytes|memory_entries|evictions_total)[ {]/ { printf "%s %s  ", $1, $2 }' "$WORK/metrics.txt")

mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }

cat <<EOF

Threshold edge benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs ($(sed -nE 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)),
$(uname -sr), $(go version | cut -d' ' -f3), $(h2load --version | head -n 1), $(caddy version | cut -d' ' -f1).
Load average (1, 5, 15 min) before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg) (load generators, edge, replica and baselines share the CPUs).

Cached certified 4 KiB page, HTTPS + HTTP/2, h2load -c $CONNS -m $STREAMS -D $DURATION, $ROUNDS rounds: medians
(p99: time to the end of each response, from --log-file; a ratio is the median of the rounds' ratios, listed after it)
| server                        |      req/s |  p99 ms |
|-------------------------------|-----------:|--------:|
| threshold edge (cache hit)    | $(printf '%10.0f' "$RPSM_edge") | $(printf '%7.2f' "$P99M_edge") |
| caddy $(caddy version | cut -d' ' -f1 | cut -c1-10) file_server        | $(printf '%10.0f' "$RPSM_caddy") | $(printf '%7.2f' "$P99M_caddy") |
| Go net/http, bytes in memory  | $(printf '%10.0f' "$RPSM_go") | $(printf '%7.2f' "$P99M_go") |
| Go net/http, the edge's answer| $(printf '%10.0f' "$RPSM_same") | $(printf '%7.2f' "$P99M_same") |  (same headers, IC-Certificate included)
| edge / caddy                  | $(printf '%10.2f' "$(med "$R_caddy")") | $(printf '%7.2f' "$(med "$R_p99_caddy")") |  (targets: >= 1.0, p99 ratio <= 1.0; rounds: $R_caddy/ $R_p99_caddy)
| edge / Go                     | $(printf '%10.2f' "$(med "$R_go")") | $(printf '%7.2f' "$(med "$R_p99_go")") |  (target: >= 0.9; rounds: $R_go/ $R_p99_go)
| edge / Go with the same answer| $(printf '%10.2f' "$(med "$R_same")") | $(printf '%7.2f' "$(med "$R_p99_same")") |  (target: >= 0.9; rounds: $R_same/ $R_p99_same)

One Go client (deploy/bench/h3load), -c $GO_CONNS -m $GO_STREAMS -d ${DURATION}s, cached page, $ROUNDS rounds: medians
| server / protocol             |      req/s |  p50 ms |  p99 ms |
|-------------------------------|-----------:|--------:|--------:|
| edge HTTP/2                   | $(printf '%10.0f' "$G_edge_h2_rps") | $(printf '%7.2f' "$G_edge_h2_p50_ms") | $(printf '%7.2f' "$G_edge_h2_p99_ms") |
| edge HTTP/3                   | $(printf '%10.0f' "$G_edge_h3_rps") | $(printf '%7.2f' "$G_edge_h3_p50_ms") | $(printf '%7.2f' "$G_edge_h3_p99_ms") |
| edge HTTP/3 / HTTP/2          | $(printf '%10.2f' "$(med "$R_edge_h3")") |         |         |  (target: >= 0.7; rounds: $R_edge_h3)
| bare Go/quic-go HTTP/2        | $(printf '%10.0f' "$G_go_h2_rps") | $(printf '%7.2f' "$G_go_h2_p50_ms") | $(printf '%7.2f' "$G_go_h2_p99_ms") |
| bare Go/quic-go HTTP/3        | $(printf '%10.0f' "$G_go_h3_rps") | $(printf '%7.2f' "$G_go_h3_p50_ms") | $(printf '%7.2f' "$G_go_h3_p99_ms") |
| bare HTTP/3 / HTTP/2          | $(printf '%10.2f' "$(med "$R_go_h3")") |         |         |  (reference: quic-go itself; rounds: $R_go_h3)
| same answer, HTTP/2           | $(printf '%10.0f' "$G_same_h2_rps") | $(printf '%7.2f' "$G_same_h2_p50_ms") | $(printf '%7.2f' "$G_same_h2_p99_ms") |
| same answer, HTTP/3           | $(printf '%10.0f' "$G_same_h3_rps") | $(printf '%7.2f' "$G_same_h3_p50_ms") | $(printf '%7.2f' "$G_same_h3_p99_ms") |
| same answer HTTP/3 / HTTP/2   | $(printf '%10.2f' "$(med "$R_same_h3")") |         |         |  (reference: quic-go with the edge's headers; rounds: $R_same_h3)

Uncached (distinct query string per request: query -> replica -> verification), HTTP/2, -c $GO_CONNS -m $GO_STREAMS
| edge, every request a miss    | $(printf '%10.0f' "$(f "$J_uncached" rps)") | $(printf '%7s' "$(f "$J_uncached" p50_ms)") | $(printf '%7s' "$(f "$J_uncached" p99_ms)") |  (target: >= 3000 req/s)

Edge memory (/proc/<pid>/status)
  cache.size $(mib $((CACHE_SIZE / 1024))); RSS after start $(mib "$EDGE_RSS0"); VmHWM after the cached runs $(mib "$EDGE_HWM_CACHED"),
  after the uncached run $(mib "$EDGE_HWM"); RSS at the end $(mib "$EDGE_RSS")
  VmHWM - cache.size = $(mib $((EDGE_HWM - CACHE_SIZE / 1024))) of fixed overhead, after $(f "$J_uncached" requests) distinct answers ($(mib $(( $(f "$J_uncached" body_bytes) / 1024 ))) of bodies) went through the cache
  metrics: ${CACHE_METRICS:-(none found)}
EOF
