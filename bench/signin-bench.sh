#!/usr/bin/env bash
# PRT sign-in over HTTPS (BENCHMARKS.md "Sign-in"): one cloud service process (`kerbridge cloud start`, embedded H2)
# with USERS synced users, each with a registered device and a Hello key, and a published Kerberos domain (every
# reply carries tgt_ad, a partial TGT); our load generator (`bench/loadgen signin`, protocol-notes §3.2a) on the same
# cores with keep-alive HTTPS. One operation = srv_challenge nonce + the device-signed token request with the Hello
# assertion + the reply checked (200, tgt_ad with a ticket; every VERIFY_EVERY-th reply taken apart completely:
# session_key_jwe unwrapped, tgt_ad's client key and AS-REP decrypted).
#
#   bench/signin-bench.sh                         # 4 and 16 clients, requests signed before the run
#   CLIENTS="4" PRESIGN=0 bench/signin-bench.sh   # the clients sign during the run (RSA-2048, twice per sign-in)
#   JFR=1 bench/signin-bench.sh                   # also a JFR recording of the cloud during the last run
#
# Env: CLIENTS="4 16"  USERS=8  DURATION=10 (without PRESIGN)  COUNT=20000 (with PRESIGN: sign-ins per run)
#      WARMUP=10  PRESIGN=1  VERIFY_EVERY=100  PORT=39443  WORK=${TMPDIR:-/tmp}/kerbridge-signin  CLOUD_JAVA_OPTS=""
#      CLOUD_ROOT=<this checkout> (another checkout's ./kerbridge runs the cloud: before/after with the same client)
# Output: a line per run, $WORK/results.tsv, and with JFR=1 $WORK/cloud.jfr (summarise: bench/jfr-top FILE).
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
CLIENTS="${CLIENTS:-4 16}"; USERS="${USERS:-8}"; DURATION="${DURATION:-10}"; COUNT="${COUNT:-20000}"
WARMUP="${WARMUP:-10}"; PRESIGN="${PRESIGN:-1}"; VERIFY_EVERY="${VERIFY_EVERY:-100}"; PORT="${PORT:-39443}"
WORK="${WORK:-${TMPDIR:-/tmp}/kerbridge-signin}"; LOADGEN="$ROOT/bench/loadgen"; RESULTS="$WORK/results.tsv"
J="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
CPID=""
stop_cloud() { [[ -n "$CPID" ]] && kill "$CPID" 2>/dev/null && while kill -0 "$CPID" 2>/dev/null; do sleep 0.2; done; CPID=""; }
trap stop_cloud EXIT
rm -rf "$WORK"; mkdir -p "$WORK"
echo "== building (kerbridge, bench jar)"
(cd "$ROOT" && ./kerbridge --version >/dev/null)
"$LOADGEN" help >/dev/null
echo "== set-up: $USERS users, devices and Hello keys"
"$LOADGEN" signin-setup --cloud-dir "$WORK/cloud" --creds "$WORK/creds.json" --users "$USERS" > "$WORK/setup.log" 2>&1
opts="${CLOUD_JAVA_OPTS:-}"
[[ "${JFR:-0}" == 1 ]] && opts="$opts -XX:StartFlightRecording=filename=$WORK/cloud.jfr,settings=profile,dumponexit=true"
(cd "${CLOUD_ROOT:-$ROOT}" && ./kerbridge --version >/dev/null && KERBRIDGE_JAVA_OPTS="$opts" setsid ./kerbridge cloud start --dir "$WORK/cloud" --port "$PORT" \
   > "$WORK/cloud.out" 2> "$WORK/cloud.log" &)
for i in $(seq 1 600); do curl -skf "https://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
CPID=$(pgrep -f "kerbridge.jar cloud start --dir $WORK/cloud")
echo "cloud pid $CPID; machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"
printf 'clients\tpresign\trps\tp50_ms\tp99_ms\tmax_ms\terrors\tserver_cpu_ms_per_op\n' > "$RESULTS"
for n in $CLIENTS; do
  a=(--creds "$WORK/creds.json" --url "https://127.0.0.1:$PORT" --clients "$n" --warmup "$WARMUP"
     --verify-every "$VERIFY_EVERY" --server-pid "$CPID")
  if [[ "$PRESIGN" == 1 ]]; then a+=(--presign --count "$COUNT"); else a+=(--duration "$DURATION"); fi
  "$LOADGEN" signin "${a[@]}" 2>>"$WORK/loadgen.err" | tee -a "$WORK/runs.log" | grep -E "^(signin|server|RESULT)" || true
  tail -1 "$WORK/runs.log" | awk -v n="$n" -v p="$PRESIGN" '/^RESULT/{for(i=1;i<=NF;i++){split($i,kv,"="); r[kv[1]]=kv[2]}
    printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", n, p, r["rps"], r["p50_ms"], r["p99_ms"], r["max_ms"], r["err"], r["server_cpu_ms_per_op"]}' >> "$RESULTS"
done
echo "results: $RESULTS"
