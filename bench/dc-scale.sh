#!/usr/bin/env bash
# The lookup curve of the performance issue (BENCHMARKS.md "Directory size"): our DC with 1,000, 100,000 and
# 1,000,000 extra accounts. For each size: a fresh `kerbridge dc init` on 127.0.0.1, `loadgen dc-setup --accounts N`
# (computer accounts with random keys, written in batches; timed), then `kerbridge dc start` timed until it answers,
# its resident memory (VmRSS) and Java heap after start-up, a warm-up, then AS and TGS load with our load generator
# (4 clients, UDP) and the KDC's CPU per request. The DC's per-request work must not grow with the directory.
#
#   bench/dc-scale.sh                               # 1000 100000 1000000
#   SIZES="1000 100000" DURATION=5 bench/dc-scale.sh
#
# Env: SIZES  DURATION=10  WARMUP=20 (s of AS, then as long of TGS, before the measured runs)  CLIENTS=4  PORT=39990
#      WORK=${TMPDIR:-/tmp}/kerbridge-scale  DC_JAVA_OPTS=""  KEEP=0 (1: keep each size's directory; 1M ≈ 3.7 GB)
#      JFR=0 (1: a JFR recording of the DC during the measured runs, $WORK/dc-N.jfr; summarise with bench/jfr-top)
# live_heap_mb is the heap after a full GC (jcmd GC.run) at the end: what the directory really keeps in memory.
# Output: one line per size and $WORK/results.tsv.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
SIZES="${SIZES:-1000 100000 1000000}"; DURATION="${DURATION:-10}"; WARMUP="${WARMUP:-20}"; CLIENTS="${CLIENTS:-4}"
PORT="${PORT:-39990}"; WORK="${WORK:-${TMPDIR:-/tmp}/kerbridge-scale}"; SERVICE=HTTP/files.example.test
PW='Kerb-Load-Passw0rd1'
LOADGEN="$ROOT/bench/loadgen"; RESULTS="$WORK/results.tsv"
J="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
DCPID=""
stop_dc() { [[ -n "$DCPID" ]] && kill "$DCPID" 2>/dev/null && while kill -0 "$DCPID" 2>/dev/null; do sleep 0.2; done; DCPID=""; }
trap stop_dc EXIT
rm -rf "$WORK"; mkdir -p "$WORK"; echo "$PW" > "$WORK/pw"; chmod 600 "$WORK/pw"
echo "== building (kerbridge, bench jar)"
(cd "$ROOT" && ./kerbridge --version >/dev/null)
"$LOADGEN" help >/dev/null
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"
printf 'accounts\tsetup_s\tdb_mb\tstart_s\trss_mb\theap_mb\tas_rps\tas_p99_ms\tas_cpu_ms\ttgs_rps\ttgs_p99_ms\ttgs_cpu_ms\trss_after_mb\tlive_heap_mb\n' > "$RESULTS"

load() { # mode -> "rps p99 cpu"
  "$LOADGEN" "$1" --config "$D/krb5.conf" --user alice --password-file "$WORK/pw" --service "$SERVICE" \
    --key-file "$D/loadgen.properties" --transport auto --clients "$CLIENTS" --warmup 2 --duration "$DURATION" \
    --server-pid "$DCPID" 2>>"$WORK/loadgen.err" | tee -a "$WORK/runs.log" \
    | awk '/^RESULT/{for(i=1;i<=NF;i++){split($i,kv,"="); r[kv[1]]=kv[2]} print r["rps"], r["p99_ms"], r["server_cpu_ms_per_op"]}'
}
rss_mb() { awk '/VmRSS/{printf "%.0f", $2/1024}' "/proc/$1/status"; }
heap_mb() { # the Java heap in use, from jcmd GC.heap_info
  "$J/bin/jcmd" "$1" GC.heap_info 2>/dev/null | awk '/garbage-first heap|total/{for(i=1;i<=NF;i++) if($i=="used"){v=$(i+1); sub(/K,?/,"",v); printf "%.0f", v/1024; exit}}'
}

for N in $SIZES; do
  D="$WORK/dc-$N"
  (cd "$ROOT" && ./kerbridge dc init --dir "$D" --domain example.test --kdc-port "$PORT" --kpasswd-port $((PORT + 1)) \
     --admin-port $((PORT + 2)) --admin-password-file "$WORK/pw") > "$WORK/init-$N.log"
  cat > "$D/krb5.conf" <<CONF
[libdefaults]
    default_realm = EXAMPLE.TEST
    dns_lookup_kdc = false
    udp_preference_limit = 4096
[realms]
    EXAMPLE.TEST = {
        kdc = 127.0.0.1:$PORT
    }
CONF
  t0=$(date +%s.%N)
  "$LOADGEN" dc-setup --dc-dir "$D" --user alice --password-file "$WORK/pw" --service "$SERVICE" --accounts "$N" \
    2>/dev/null | tee "$WORK/setup-$N.log" | grep -E "accounts written" | tail -1 || true
  setup_s=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')
  db_mb=$(du -sm "$D/directory" | cut -f1)
  t0=$(date +%s.%N)
  (cd "$ROOT" && KERBRIDGE_JAVA_OPTS="${DC_JAVA_OPTS:-}" setsid ./kerbridge dc start --dir "$D" > "$WORK/dc-$N.out" 2> "$WORK/dc-$N.log" &)
  for i in $(seq 1 3000); do grep -q "is running" "$WORK/dc-$N.out" 2>/dev/null && break; sleep 0.1; done
  start_s=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')
  DCPID=$(pgrep -f "kerbridge.jar dc start --dir $D")
  rss=$(rss_mb "$DCPID")
  heap=$(heap_mb "$DCPID")
  for m in as tgs; do
    "$LOADGEN" $m --config "$D/krb5.conf" --user alice --password-file "$WORK/pw" --service "$SERVICE" \
      --key-file "$D/loadgen.properties" --clients "$CLIENTS" --warmup 0 --duration "$WARMUP" >/dev/null 2>&1 || true
  done
  [[ "${JFR:-0}" == 1 ]] && "$J/bin/jcmd" "$DCPID" JFR.start name=scale settings=profile >/dev/null
  read -r as_rps as_p99 as_cpu <<< "$(load as)"
  read -r tgs_rps tgs_p99 tgs_cpu <<< "$(load tgs)"
  rss_after=$(rss_mb "$DCPID")
  [[ "${JFR:-0}" == 1 ]] && "$J/bin/jcmd" "$DCPID" JFR.dump name=scale filename="$WORK/dc-$N.jfr" >/dev/null
  "$J/bin/jcmd" "$DCPID" GC.run >/dev/null
  live=$(heap_mb "$DCPID")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$N" "$setup_s" "$db_mb" "$start_s" "$rss" "${heap:-?}" \
    "$as_rps" "$as_p99" "$as_cpu" "$tgs_rps" "$tgs_p99" "$tgs_cpu" "$rss_after" "${live:-?}" >> "$RESULTS"
  printf 'SCALE accounts=%s setup=%ss db=%sMB start=%ss rss=%sMB heap_used=%sMB | AS %s/s p99 %s ms cpu %s ms | TGS %s/s p99 %s ms cpu %s ms | rss after %sMB, live heap %sMB (load %s)\n' \
    "$N" "$setup_s" "$db_mb" "$start_s" "$rss" "${heap:-?}" "$as_rps" "$as_p99" "$as_cpu" "$tgs_rps" "$tgs_p99" "$tgs_cpu" \
    "$rss_after" "${live:-?}" "$(cut -d' ' -f1 /proc/loadavg)"
  stop_dc
  [[ "${KEEP:-0}" == 1 ]] || rm -rf "$D/directory" # a million accounts take about 3.7 GB
done
echo "results: $RESULTS"
