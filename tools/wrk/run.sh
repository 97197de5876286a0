#!/bin/bash
# Issue 20's table with wrk as a separate process (2 threads, 8 connections,
# 15 s an endpoint), beside a hello-world floor measured in the same run:
#
#   tools/wrk/run.sh ./luoshi large.db
#
# It copies the database (made by `luoshi bench gen --scale large`), starts
# `luoshi serve` on the copy without jobs and `luoshi bench floor`, prepares
# wrk's inputs through the API (prep.py), and prints req/s, p99 and
# non-2xx answers per endpoint, the server's peak RSS, and the raw durable
# commit rate just before and after the progress reports. `luoshi bench
# run` is the project's harness; this is the cross-check in the issue's
# own terms.
set -euo pipefail
bin=$(realpath "$1"); src=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d); trap 'kill $srv $floor 2>/dev/null; rm -rf "$work"' EXIT
cp "$src" "$work/w.db"
"$bin" serve --db "$work/w.db" --addr 127.0.0.1:18080 --jobs=false >"$work/serve.log" 2>&1 & srv=$!
"$bin" bench floor --addr 127.0.0.1:18081 >"$work/floor.log" 2>&1 & floor=$!
for _ in $(seq 50); do curl -sf -o /dev/null http://127.0.0.1:18080/healthz && break; sleep 0.2; done
python3 "$here/prep.py" http://127.0.0.1:18080 "$work"
S=http://127.0.0.1:18080; OFF=$(cat "$work/office")
run() {
  local name=$1; shift; local out
  out=$(wrk -t2 -c8 -d15s --latency "$@" 2>&1)
  printf "%-34s %10s req/s  p99 %-8s non-2xx %s\n" "$name" \
    "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" "$(echo "$out" | awk '$1=="99%" {print $2}')" \
    "$(echo "$out" | awk '/Non-2xx/ {print $NF}' | grep . || echo 0)"
}
run "hello-world floor" http://127.0.0.1:18081/
run "board GET /" -H "Cookie: luoshi_session=$OFF" $S/
run "board GET / (gzip)" -H "Cookie: luoshi_session=$OFF" -H "Accept-Encoding: gzip" $S/
run "overdue list, first page" -H "Authorization: Bearer $OFF" "$S/api/v1/measures?limit=50&status=overdue"
PATHS=$work/deep.txt run "overdue list, 200 deeper cursors" -H "Authorization: Bearer $OFF" -s "$here/paths.lua" $S
PATHS=$work/pages.txt run "measure page, 5,000 random codes" -H "Cookie: luoshi_session=$OFF" -s "$here/paths.lua" $S
run "search q=学科" -H "Authorization: Bearer $OFF" "$S/api/v1/search?q=%E5%AD%A6%E7%A7%91"
"$bin" bench commits --db "$work/w.db" --duration 5s 2>&1 | tail -1
REPORTS=$work/reports.txt run "progress report POST" -s "$here/report.lua" $S
"$bin" bench commits --db "$work/w.db" --duration 5s 2>&1 | tail -1
echo "server peak RSS: $(awk '/VmHWM/ {print $2, $3}' /proc/$srv/status)"
