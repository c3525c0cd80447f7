#!/usr/bin/env bash
# Benchmarks the Go asset canister, in one run, and prints one table:
#  1. `threshold assets sync` of 1,000 generated files (50 MB): the time of
#     the first sync, of a second one with nothing changed, and the bytes a
#     third one sends after 10 files changed;
#  2. uncached http_request for a 4 KiB page through the edge (a distinct
#     query string per request, so every request reaches the canister and
#     is verified), against the Motoko certified-page canister of the edge
#     benchmark serving the same page (target: within 2x).
#
#   deploy/bench/assets.sh          # about 2 minutes
#   FILES=200 BYTES=10000000 deploy/bench/assets.sh
#   KEEP=1 deploy/bench/assets.sh   # keep the work directory and its logs
#
# Needs go, curl and jq. Everything binds 127.0.0.1 on free ports under a
# temporary directory; the trap stops every process it started.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
GO_CONNS=${GO_CONNS:-10}
GO_STREAMS=${GO_STREAMS:-10}
CACHE_SIZE=${CACHE_SIZE:-33554432}
FILES=${FILES:-1000}
BYTES=${BYTES:-50000000}
CHANGED=${CHANGED:-10}

for tool in go curl jq; do
	command -v "$tool" >/dev/null || { echo "assets.sh: $tool is missing" >&2; exit 1; }
done

NAME=assets.sh
# shellcheck source=lib.sh
source "$ROOT/deploy/bench/lib.sh"

start_up

# sync NAME DIR: `threshold assets sync`; sets S_NAME (the JSON report) and
# T_NAME (wall-clock seconds, the command's own start-up included).
sync() {
	local name=$1 dir=$2 t0
	echo "== threshold assets sync $name" >&2
	t0=$(date +%s.%N)
	# A compression cache of this run only, so that the first sync
	# compresses everything, as on a new machine.
	XDG_CACHE_HOME=$WORK/cache "$BIN/threshold" assets sync --network "$NET" --json bench_site "$dir" >"$WORK/sync-$name.json"
	eval "T_$name=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')"
	eval "S_$name=\$(jq -c .report \"\$WORK/sync-\$name.json\")"
	jq -c '.report | {Files, Created, Updated, Encodings, ContentBytes, ArgBytes, Calls}' "$WORK/sync-$name.json" | sed 's/^/   /' >&2
}

"$BIN/gensite" -files "$FILES" -bytes "$BYTES" "$WORK/site"
sync first "$WORK/site"
sync same "$WORK/site"
"$BIN/gensite" -touch "$CHANGED" "$WORK/site"
sync changed "$WORK/site"
SITE=$(jq -r .canister "$WORK/sync-first.json")

# The 4 KiB page in both canisters.
mkdir -p "$WORK/www"
{
	printf '<!doctype html><title>4 KiB</title><p>'
	head -c 4096 /dev/zero | tr '\0' 'x'
} | head -c 4092 >"$WORK/www/4k.html"
printf '</p>' >>"$WORK/www/4k.html"
"$BIN/threshold" assets sync --network "$NET" bench_page "$WORK/www" >/dev/null
PAGE=$(jq -r '.canisters.bench_page' "$NET/network.json")
MOTOKO=$("$BIN/threshold" canister create --network "$NET" 2>/dev/null | tail -n 1)
"$BIN/threshold" canister install --network "$NET" --wasm "$ROOT/replica/testdata/canisters/certified_http.wasm" "$MOTOKO" >/dev/null
"$BIN/threshold" canister call --network "$NET" "$MOTOKO" set_page \
	"(\"/4k.html\", \"text/html\", \"$(cat "$WORK/www/4k.html")\")" >/dev/null

start_bench_edge
for c in "$PAGE" "$MOTOKO"; do
	curl -sSk --fail --resolve "$c.localhost:$EDGE_PORT:127.0.0.1" -o "$WORK/$c.body" "https://$c.localhost:$EDGE_PORT/4k.html?check"
	cmp -s "$WORK/www/4k.html" "$WORK/$c.body" || { echo "assets.sh: $c did not answer the page" >&2; exit 1; }
done
goload go h2 "$EDGE_PORT" "https://$PAGE.localhost:$EDGE_PORT/4k.html" -unique
goload motoko h2 "$EDGE_PORT" "https://$MOTOKO.localhost:$EDGE_PORT/4k.html" -unique

mb() { awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1e6 }'; }
cat <<EOT

Threshold asset canister benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, $(go version | cut -d' ' -f3).
Load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg).

threshold assets sync, $FILES generated files ($(mb "$BYTES")), canister and CLI on this machine
| sync                          | seconds | content sent | arguments sent | calls |
|-------------------------------|--------:|-------------:|---------------:|------:|
| first (everything new)        | $(printf '%7s' "$T_first") | $(printf '%12s' "$(mb "$(f "$S_first" ContentBytes)")") | $(printf '%14s' "$(mb "$(f "$S_first" ArgBytes)")") | $(printf '%5s' "$(f "$S_first" Calls)") |
| again, nothing changed        | $(printf '%7s' "$T_same") | $(printf '%12s' "$(mb "$(f "$S_same" ContentBytes)")") | $(printf '%14s' "$(mb "$(f "$S_same" ArgBytes)")") | $(printf '%5s' "$(f "$S_same" Calls)") |
| after $CHANGED files changed         | $(printf '%7s' "$T_changed") | $(printf '%12s' "$(mb "$(f "$S_changed" ContentBytes)")") | $(printf '%14s' "$(mb "$(f "$S_changed" ArgBytes)")") | $(printf '%5s' "$(f "$S_changed" Calls)") |

Uncached 4 KiB page through the edge (distinct query per request), HTTP/2, -c $GO_CONNS -m $GO_STREAMS -d ${DURATION}s
| canister                      |      req/s |  p50 ms |  p99 ms |
|-------------------------------|-----------:|--------:|--------:|
| Go asset canister             | $(printf '%10.0f' "$(f "$J_go" rps)") | $(printf '%7s' "$(f "$J_go" p50_ms)") | $(printf '%7s' "$(f "$J_go" p99_ms)") |
| Motoko certified_http         | $(printf '%10.0f' "$(f "$J_motoko" rps)") | $(printf '%7s' "$(f "$J_motoko" p50_ms)") | $(printf '%7s' "$(f "$J_motoko" p99_ms)") |
| Go / Motoko                   | $(printf '%10s' "$(ratio "$(f "$J_go" rps)" "$(f "$J_motoko" rps)")") |         |         |  (target: >= 0.5, within 2x)
EOT
