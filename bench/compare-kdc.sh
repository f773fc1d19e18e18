#!/usr/bin/env bash
# A/B of two KDCs on this machine (BENCHMARKS.md "KDC vs MIT"): A = MIT krb5kdc, B = our DC (`kerbridge dc start`),
# both on 127.0.0.1 with the same realm EXAMPLE.TEST, the same user alice (password, pre-authentication required),
# the same service HTTP/files.example.test, the same requested enctypes (aes256-sha1, aes256-sha384), and the
# same client configuration. Runs are interleaved (pairs A,B then B,A ...) so the machine's drift hits both; each
# cell prints every pair and the median of the pair ratios B/A. Needs: a JDK >= 21, Maven (offline is fine once the
# dependencies are cached), MIT krb5 (apt-get install -y krb5-kdc krb5-admin-server krb5-user libkrb5-dev gcc make).
#
#   bench/compare-kdc.sh                       # loadgen and kdcload, AS and TGS, UDP and TCP, 4 clients, 5 pairs
#   TOOL=kdcload MODES=tgs TRANSPORTS=udp PAIRS=3 bench/compare-kdc.sh
#   MIT_WORKERS=2 bench/compare-kdc.sh         # A = krb5kdc -w 2 (two worker processes)
#   COMPARE=exchange bench/compare-kdc.sh      # A = our TGS, B = our partial-TGT exchange (both on our DC)
#
# Env: TOOL=loadgen|kdcload|both  MODES="as tgs"  TRANSPORTS="udp tcp"  CLIENTS="4"  PAIRS=5  DURATION=10  WARMUP=10
#      MIT_WORKERS=0  ACCOUNTS=0 (extra accounts in our directory)  DC_JAVA_OPTS=""  WORK=${TMPDIR:-/tmp}/kerbridge-compare
#      MIT_PORT=38890  DC_PORT=38990  KEEP=0 (1: leave both KDCs running)  COMPARE=mit|exchange
#      DC_WARMUP=40 (seconds of AS and TGS load on both KDCs before the first measured run: our DC's JIT compiler
#      needs 20-30 s of load on this 2-core machine before its code is compiled; without it the first pairs measure
#      a half-interpreted KDC)
# Output: one line per run, one RATIO line per cell, and $WORK/results.tsv (tool mode transport clients pair side
# ops/s p50 p99 server-CPU-ms-per-op).
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
TOOL="${TOOL:-both}"; MODES="${MODES:-as tgs}"; TRANSPORTS="${TRANSPORTS:-udp tcp}"; CLIENTS="${CLIENTS:-4}"
PAIRS="${PAIRS:-5}"; DURATION="${DURATION:-10}"; WARMUP="${WARMUP:-10}"; MIT_WORKERS="${MIT_WORKERS:-0}"
ACCOUNTS="${ACCOUNTS:-0}"; WORK="${WORK:-${TMPDIR:-/tmp}/kerbridge-compare}"; MIT_PORT="${MIT_PORT:-38890}"
DC_PORT="${DC_PORT:-38990}"; COMPARE="${COMPARE:-mit}"; REALM=EXAMPLE.TEST; SERVICE=HTTP/files.example.test
PW='Kerb-Load-Passw0rd1'   # satisfies AD complexity (and does not contain the account name)
PATH="$PATH:/usr/sbin"
for b in krb5kdc kdb5_util kadmin.local; do command -v $b >/dev/null || { echo "missing $b (MIT krb5)" >&2; exit 1; }; done

MIT="$WORK/mit"; DC="$WORK/dc"; LOG="$WORK/log"; RESULTS="$WORK/results.tsv"
LOADGEN="$ROOT/bench/loadgen"; KDCLOAD="$WORK/kdcload"
stop_all() {
  [[ -f "$MIT/krb5kdc.pid" ]] && kill "$(cat "$MIT/krb5kdc.pid")" 2>/dev/null || true
  [[ -f "$DC/dc.pid" ]] && kill "$(cat "$DC/dc.pid")" 2>/dev/null || true
  sleep 1
}
[[ "${KEEP:-0}" == 1 ]] || trap stop_all EXIT
stop_all; rm -rf "$WORK"; mkdir -p "$MIT" "$DC" "$LOG"; echo "$PW" > "$WORK/alice.pw"; chmod 600 "$WORK/alice.pw"

echo "== building (kerbridge, bench jar, kdcload)"
(cd "$ROOT" && ./kerbridge --version >/dev/null)
"$LOADGEN" help >/dev/null
make -s -C "$ROOT/bench/kdcload" OUT="$KDCLOAD" >/dev/null

# ---- A: MIT krb5kdc, private state, no database write per AS (disable_last_success, disable_lockout)
conf() { # file port extra-libdefaults
  cat > "$1" <<CONF
[libdefaults]
    default_realm = $REALM
    dns_lookup_kdc = false
    dns_lookup_realm = false
    dns_canonicalize_hostname = false
    rdns = false
    forwardable = true
    permitted_enctypes = aes256-cts-hmac-sha1-96 aes256-cts-hmac-sha384-192
    default_tkt_enctypes = aes256-cts-hmac-sha1-96 aes256-cts-hmac-sha384-192
    default_tgs_enctypes = aes256-cts-hmac-sha1-96 aes256-cts-hmac-sha384-192
    $3
[realms]
    $REALM = {
        kdc = 127.0.0.1:$2
    }
[domain_realm]
    .example.test = $REALM
CONF
}
# UDP runs: udp_preference_limit 4096 for both sides. With MIT's default (1465) an MIT client sends a TGS-REQ that
# carries our ~1.5 KB PAC-bearing TGT over TCP (as it would against Active Directory); MIT's own TGTs have no PAC.
for side in mit:$MIT_PORT dc:$DC_PORT; do
  d="$WORK/${side%%:*}"; p="${side##*:}"
  conf "$d/krb5-udp.conf" "$p" "udp_preference_limit = 4096"
  conf "$d/krb5-tcp.conf" "$p" "udp_preference_limit = 1"
done
cat > "$MIT/kdc.conf" <<CONF
[kdcdefaults]
    kdc_listen = 127.0.0.1:$MIT_PORT
    kdc_tcp_listen = 127.0.0.1:$MIT_PORT
[realms]
    $REALM = {
        database_name = $MIT/principal
        key_stash_file = $MIT/stash
        acl_file = $MIT/kadm5.acl
        max_life = 10h 0m 0s
        max_renewable_life = 7d 0h 0m 0s
        master_key_type = aes256-cts-hmac-sha1-96
        supported_enctypes = aes256-cts-hmac-sha1-96:normal aes256-cts-hmac-sha384-192:normal
        default_principal_flags = +preauth
    }
[dbmodules]
    $REALM = {
        database_name = $MIT/principal
        disable_last_success = true
        disable_lockout = true
    }
[logging]
    kdc = FILE:$MIT/kdc.log
CONF
touch "$MIT/kadm5.acl"
export KRB5_CONFIG="$MIT/krb5-udp.conf" KRB5_KDC_PROFILE="$MIT/kdc.conf"
E="aes256-cts-hmac-sha1-96:normal,aes256-cts-hmac-sha384-192:normal"
{ kdb5_util -r $REALM create -s -P "master-$PW"
  kadmin.local -r $REALM -q "addprinc -pw $PW -e $E alice"
  kadmin.local -r $REALM -q "addprinc -randkey -e $E $SERVICE"; } > "$LOG/mit-setup.log" 2>&1
W=(); [[ "$MIT_WORKERS" -gt 0 ]] && W=(-w "$MIT_WORKERS")
krb5kdc -r $REALM -P "$MIT/krb5kdc.pid" "${W[@]}"
unset KRB5_CONFIG KRB5_KDC_PROFILE
for i in $(seq 1 50); do [[ -s "$MIT/krb5kdc.pid" ]] && break; sleep 0.1; done
mit_pids() { local p; p=$(cat "$MIT/krb5kdc.pid"); echo "$p $(pgrep -P "$p" | tr '\n' ' ')"; }

# ---- B: our DC
(cd "$ROOT" && ./kerbridge dc init --dir "$DC" --domain example.test --kdc-port "$DC_PORT" \
   --kpasswd-port $((DC_PORT + 1)) --admin-port $((DC_PORT + 2)) --admin-password-file "$WORK/alice.pw") > "$LOG/dc-init.log"
"$LOADGEN" dc-setup --dc-dir "$DC" --user alice --password-file "$WORK/alice.pw" --service "$SERVICE" \
  --accounts "$ACCOUNTS" > "$LOG/dc-setup.log" 2>&1
start_dc() {
  (cd "$ROOT" && KERBRIDGE_JAVA_OPTS="${DC_JAVA_OPTS:-}" setsid ./kerbridge dc start --dir "$DC" > "$LOG/dc.out" 2> "$LOG/dc.log" & echo $! > "$DC/launcher.pid")
  for i in $(seq 1 600); do grep -q "is running" "$LOG/dc.out" 2>/dev/null && break; sleep 0.1; done
  pgrep -f "kerbridge.jar dc start --dir $DC" > "$DC/dc.pid"
}
start_dc
echo "MIT krb5kdc $(dpkg-query -W -f='${Version}' krb5-kdc 2>/dev/null || echo "?") pids $(mit_pids)(workers=$MIT_WORKERS) | our DC pid $(cat "$DC/dc.pid")"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"

# ---- warm-up (both sides get the same; MIT's KDC needs none)
if [[ "${DC_WARMUP:-40}" -gt 0 ]]; then
  echo "== warm-up: ${DC_WARMUP:-40} s of AS and TGS per side"
  for d in "$DC" "$MIT"; do for m in as tgs; do
    k=(); [[ $d == "$DC" ]] && k=(--key-file "$DC/loadgen.properties")
    "$LOADGEN" $m --config "$d/krb5-udp.conf" --user alice --password-file "$WORK/alice.pw" --service "$SERVICE" "${k[@]}" \
      --transport auto --clients 4 --warmup 0 --duration $(( ${DC_WARMUP:-40} / 2 )) >/dev/null 2>&1 || true
  done; done
fi

# ---- runs
printf 'tool\tmode\ttransport\tclients\tpair\tside\trps\tp50_ms\tp99_ms\tserver_cpu_ms_per_op\n' > "$RESULTS"
ticks() { local t=0 p; for p in "$@"; do [[ -r /proc/$p/stat ]] && t=$((t + $(awk '{print $14 + $15}' /proc/$p/stat))); done; echo $t; }
run() { # tool side(A|B) mode transport clients -> "rps p50 p99 cpu"
  local tool=$1 side=$2 mode=$3 tr=$4 n=$5 d pids key=()
  if [[ $COMPARE == exchange ]]; then d=$DC; pids=$(cat "$DC/dc.pid"); [[ $side == B ]] && mode=exchange
  elif [[ $side == A ]]; then d=$MIT; pids=$(mit_pids); else d=$DC; pids=$(cat "$DC/dc.pid"); fi
  [[ $d == "$DC" ]] && key=(--key-file "$DC/loadgen.properties")
  if [[ $tool == loadgen ]]; then
    "$LOADGEN" "$mode" --config "$d/krb5-$tr.conf" --user alice --password-file "$WORK/alice.pw" --service "$SERVICE" \
      "${key[@]}" --transport "$( [[ $tr == tcp ]] && echo tcp || echo auto )" --clients "$n" --duration "$DURATION" \
      --warmup "$WARMUP" --server-pid "$(echo $pids | tr ' ' ',')" 2>>"$LOG/loadgen.err" | tee -a "$LOG/runs.log" \
      | awk '/^RESULT/{for(i=1;i<=NF;i++){split($i,kv,"="); r[kv[1]]=kv[2]} print r["rps"], r["p50_ms"], r["p99_ms"], r["server_cpu_ms_per_op"]}'
  else
    local m=$mode t0 t1 out; [[ $m == as ]] && m=askt
    t0=$(ticks $pids)
    out=$("$KDCLOAD" -c "$d/krb5-$tr.conf" -r $REALM -u alice -P "$WORK/alice.pw" -s "$SERVICE" -m "$m" -t "$n" \
      -d "$DURATION" -w "$WARMUP" 2>&1 | tee -a "$LOG/runs.log")
    t1=$(ticks $pids)
    echo "$out" | awk -v dt=$((t1 - t0)) -v dur="$DURATION" -v w="$WARMUP" '/^RESULT/{for(i=1;i<=NF;i++){split($i,kv,"="); r[kv[1]]=kv[2]}
      ops=r["total_ops"]; printf "%s %s %s %.4f\n", r["rps"], r["p50_ms"], r["p99_ms"], (ops>0 ? dt*10/ops : 0)}'
  fi
}
tools=$TOOL; [[ $TOOL == both ]] && tools="loadgen kdcload"
[[ $COMPARE == exchange ]] && tools=loadgen && MODES=tgs
for tool in $tools; do for mode in $MODES; do for tr in $TRANSPORTS; do for n in $CLIENTS; do
  if [[ $tool == loadgen ]]; then
    # one client JVM per cell: its JIT warms up once (WARMUP s per side), then PAIRS pairs alternate A,B / B,A
    if [[ $COMPARE == exchange ]]; then a_conf="$DC/krb5-$tr.conf" a_pids=$(cat "$DC/dc.pid") a_key=(--key-file "$DC/loadgen.properties") bm=exchange
    else a_conf="$MIT/krb5-$tr.conf" a_pids=$(mit_pids | tr ' ' ',') a_key=() bm=$mode; fi
    "$LOADGEN" "$mode" --config "$a_conf" "${a_key[@]}" --server-pid "$a_pids" --b-mode "$bm" \
      --b-config "$DC/krb5-$tr.conf" --b-key-file "$DC/loadgen.properties" --b-server-pid "$(cat "$DC/dc.pid")" \
      --user alice --password-file "$WORK/alice.pw" --service "$SERVICE" --transport "$( [[ $tr == tcp ]] && echo tcp || echo auto )" \
      --clients "$n" --duration "$DURATION" --warmup "$WARMUP" --pairs "$PAIRS" 2>>"$LOG/loadgen.err" | tee -a "$LOG/runs.log" \
      | grep -E "^(PAIR|RATIO|RESPONSE)" | sed "s/^RATIO /RATIO compare=$COMPARE mit_workers=$MIT_WORKERS /"
    continue
  fi
  ratios=()
  for p in $(seq 1 "$PAIRS"); do
    order="A B"; (( p % 2 == 0 )) && order="B A"
    declare -A R=()
    for s in $order; do R[$s]="$(run $tool $s $mode $tr $n)"; read -r rps p50 p99 cpu <<< "${R[$s]}"
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' $tool $mode $tr $n $p $s "$rps" "$p50" "$p99" "$cpu" >> "$RESULTS"; done
    read -r ar a50 a99 acpu <<< "${R[A]}"; read -r br b50 b99 bcpu <<< "${R[B]}"
    r=$(awk -v a="$ar" -v b="$br" 'BEGIN{printf "%.3f", (a>0)? b/a : 0}'); ratios+=("$r")
    printf 'PAIR %s %s %s/%s c=%s: A %s/s p50 %s p99 %s cpu %s | B %s/s p50 %s p99 %s cpu %s | B/A %s (load %s)\n' \
      $p $tool $mode $tr $n "$ar" "$a50" "$a99" "$acpu" "$br" "$b50" "$b99" "$bcpu" "$r" "$(cut -d' ' -f1 /proc/loadavg)"
  done
  med=$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{a[NR]=$1} END{print (NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2}')
  echo "RATIO compare=$COMPARE mit_workers=$MIT_WORKERS tool=$tool mode=$mode transport=$tr clients=$n median_B_over_A=$med pairs=$PAIRS"
done; done; done; done
echo "results: $RESULTS; logs: $LOG"
