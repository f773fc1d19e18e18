#!/usr/bin/env bash
# Reproduce the golden Kerberos wire captures (kerberos/src/test/resources/captures).
# Not run in CI. Needs (Debian 12): krb5-user krb5-kdc krb5-admin-server
#   python3-gssapi python3-impacket openssl  (apt-get install -y ...)
#
# usage: testkit/captures/capture.sh OUT_DIR
#   env: KDC_PORT (default 18950), PROXY_PORT (default 18960),
#        CAPTURE_STATE (default /tmp/kerbridge-captures-state; wiped on start)
#
# Starts a private MIT KDC (realm EXAMPLE.TEST, nothing under /etc touched) on
# 127.0.0.1:KDC_PORT, a recording proxy (kdcproxy.py) on PROXY_PORT, points a
# private krb5.conf at the proxy, drives kinit/kvno/GSS-API, and writes one
# lower-case hex file per message into OUT_DIR.  Both processes are stopped on exit.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$(mkdir -p "${1:?usage: capture.sh OUT_DIR}" && cd "$1" && pwd)"
KDC_PORT="${KDC_PORT:-18950}"
PROXY_PORT="${PROXY_PORT:-18960}"
ST="${CAPTURE_STATE:-/tmp/kerbridge-captures-state}"
PY=/usr/bin/python3          # Debian's python: sees python3-gssapi / python3-impacket
REALM=EXAMPLE.TEST
CONVERTER=/usr/share/doc/python3-impacket/examples/ticketConverter.py
PATH="$PATH:/usr/sbin"

rm -rf "$ST"; mkdir -p "$ST/raw" "$ST/steps" "$ST/rcache"; chmod 700 "$ST"

# ---------------------------------------------------------------- configuration
ALL_ET="aes256-cts-hmac-sha1-96 aes256-cts-hmac-sha384-192 aes128-cts-hmac-sha256-128 aes128-cts-hmac-sha1-96"
client_conf() { # $1 file, $2 extra libdefaults line
cat > "$1" <<CONF
[libdefaults]
    default_realm = $REALM
    dns_lookup_kdc = false
    dns_lookup_realm = false
    dns_canonicalize_hostname = false
    rdns = false
    forwardable = false
    permitted_enctypes = $ALL_ET
    default_tkt_enctypes = $ALL_ET
    default_tgs_enctypes = $ALL_ET
    $2
[realms]
    $REALM = {
        kdc = 127.0.0.1:$PROXY_PORT
    }
[domain_realm]
    .example.test = $REALM
    example.test = $REALM
CONF
}
client_conf "$ST/krb5.conf" ""
client_conf "$ST/krb5-tcp.conf" "udp_preference_limit = 1"
cat > "$ST/kdc.conf" <<CONF
[kdcdefaults]
    kdc_listen = 127.0.0.1:$KDC_PORT
    kdc_tcp_listen = 127.0.0.1:$KDC_PORT
[realms]
    $REALM = {
        database_name = $ST/principal
        acl_file = $ST/kadm5.acl
        key_stash_file = $ST/stash
        kdc_listen = 127.0.0.1:$KDC_PORT
        kdc_tcp_listen = 127.0.0.1:$KDC_PORT
        kadmind_listen = 127.0.0.1:$((KDC_PORT+1))
        kpasswd_listen = 127.0.0.1:$((KDC_PORT+2))
        max_life = 10h 0m 0s
        max_renewable_life = 7d 0h 0m 0s
        master_key_type = aes256-cts-hmac-sha1-96
        supported_enctypes = aes256-cts-hmac-sha1-96:normal aes256-cts-hmac-sha384-192:normal aes128-cts-hmac-sha256-128:normal aes128-cts-hmac-sha1-96:normal
        default_principal_flags = +preauth
    }
[logging]
    kdc = FILE:$ST/kdc.log
    default = FILE:$ST/krb5lib.log
CONF
echo "*/admin@$REALM *" > "$ST/kadm5.acl"
export KRB5_CONFIG="$ST/krb5.conf" KRB5_KDC_PROFILE="$ST/kdc.conf" KRB5RCACHEDIR="$ST/rcache"
export KRB5CCNAME="FILE:$ST/ccache"
unset KRB5_KTNAME KRB5_CLIENT_KTNAME KRB5_TRACE || true

# ---------------------------------------------------------------- database
adm() { kadmin.local -r "$REALM" -q "$1" >>"$ST/setup.log" 2>&1; }
kdb5_util -r "$REALM" create -s -P master-Passw0rd >>"$ST/setup.log" 2>&1
# one user per enctype; password = <user>-Passw0rd, default (normal) salt = EXAMPLE.TEST<user>
adm "addprinc -pw user18-Passw0rd -e aes256-cts-hmac-sha1-96:normal user18"
adm "addprinc -pw user17-Passw0rd -e aes128-cts-hmac-sha1-96:normal user17"
adm "addprinc -pw user19-Passw0rd -e aes128-cts-hmac-sha256-128:normal user19"
adm "addprinc -pw user20-Passw0rd -e aes256-cts-hmac-sha384-192:normal user20"
adm "addprinc -randkey -e aes256-cts-hmac-sha1-96:normal,aes256-cts-hmac-sha384-192:normal HTTP/files.example.test"
adm "ktadd -norandkey -k $ST/http.keytab HTTP/files.example.test"
adm "ktadd -norandkey -k $ST/krbtgt.keytab krbtgt/$REALM"
adm "ktadd -norandkey -k $ST/users.keytab user17 user18 user19 user20"
adm "getprincs"

# ---------------------------------------------------------------- processes
PROXY_PID=""; KDC_PID=""
cleanup() {
  [[ -n "$PROXY_PID" ]] && kill "$PROXY_PID" 2>/dev/null || true
  if [[ -n "$KDC_PID" ]] && [[ "$(cat /proc/$KDC_PID/comm 2>/dev/null)" == krb5kdc ]]; then kill "$KDC_PID" || true; fi
}
trap cleanup EXIT
krb5kdc -r "$REALM" -P "$ST/krb5kdc.pid"
for i in $(seq 50); do [[ -s "$ST/krb5kdc.pid" ]] && break; sleep 0.1; done
KDC_PID="$(tr -d ' \n' < "$ST/krb5kdc.pid")"
$PY "$HERE/kdcproxy.py" "$PROXY_PORT" "$KDC_PORT" "$ST/raw" >"$ST/proxy.log" 2>&1 &
PROXY_PID=$!
for i in $(seq 50); do
  ss -Hlnu "sport = :$KDC_PORT" | grep -q . && ss -Hlnt "sport = :$PROXY_PORT" | grep -q . && break; sleep 0.1
done

# ---------------------------------------------------------------- steps
# step NAME CMD...: run CMD (status ignored: some steps are expected to fail),
# then move what the proxy recorded into steps/NAME.
step() {
  local name="$1"; shift
  echo "== $name: $*" >>"$ST/commands.log"
  "$@" >>"$ST/commands.log" 2>&1 || echo "   (exit $?)" >>"$ST/commands.log"
  sleep 0.3
  mkdir -p "$ST/steps/$name"; mv "$ST/raw/"*.der "$ST/steps/$name/" 2>/dev/null || true
}
kinit_pw() { # $1 password, rest: kinit args (password on stdin)
  local p="$1"; shift; printf '%s\n' "$p" | kinit "$@"
}
tcp() { KRB5_CONFIG="$ST/krb5-tcp.conf" "$@"; }
cc() { KRB5CCNAME="FILE:$ST/cc.$1" "${@:2}"; }
for et in 17 18 19 20; do
  step "kinit-$et" kinit_pw "user$et-Passw0rd" -c "$ST/cc.user$et" "user$et"
done
# KRB-CRED (.kirbi) from the fresh user18 ccache (its first credential is the TGT), by impacket's converter
step kirbi           $PY "$CONVERTER" "$ST/cc.user18" "$ST/user18.kirbi"
step kinit-tcp       tcp kinit_pw user18-Passw0rd -c "$ST/cc.tcp" user18
step kvno            cc user18 kvno HTTP/files.example.test
step kvno-tcp        cc tcp tcp kvno HTTP/files.example.test
step kvno-sha384     cc user20 kvno -e aes256-cts-hmac-sha384-192 HTTP/files.example.test
step kinit-wrongpw   kinit_pw not-the-password -c "$ST/cc.bad" user18
step kinit-unknown   kinit_pw whatever -c "$ST/cc.bad" nosuchuser
step kvno-unknown    cc user18 kvno HTTP/nosuch.example.test
step kinit-fwd-renew kinit_pw user18-Passw0rd -f -r 1d -c "$ST/cc.fwd" user18
step kinit-renew     kinit -R -c "$ST/cc.fwd"
step kinit-canon     kinit_pw user18-Passw0rd -C -c "$ST/cc.canon" user18
# GSS-API (krb5 mech) initiator+acceptor in one process (gss_tokens.py writes $ST/gss-*.der);
# the initiator's own TGS exchanges are recorded by the proxy as usual
step gss-mutual      cc fwd env KRB5_KTNAME="FILE:$ST/http.keytab" $PY "$HERE/gss_tokens.py" "$ST/gss-mutual" mutual
step gss-deleg       cc fwd env KRB5_KTNAME="FILE:$ST/http.keytab" $PY "$HERE/gss_tokens.py" "$ST/gss-deleg" mutual deleg
step deleg-krbcred   $PY "$HERE/deleg_krbcred.py" "$ST/gss-deleg-ap-req.der" "$ST/http.keytab" "$ST/gss-deleg-krb-cred.der"

# ---------------------------------------------------------------- name and write
S="$ST/steps"; C() { $PY "$HERE/collect.py" "$@" | tee -a "$ST/collect.log"; }
for pair in 17:aes128-sha1 18:aes256-sha1 19:aes128-sha256 20:aes256-sha384; do
  et="${pair%%:*}"; v="${pair#*:}"
  C "$S/kinit-$et" "$OUT" as-req-nopreauth-$v krb-error-preauth-required-$v as-req-enc-timestamp-$v as-rep-$v
done
C "$S/kinit-tcp"       "$OUT" as-req-nopreauth-tcp krb-error-preauth-required-tcp as-req-enc-timestamp-tcp as-rep-tcp
C "$S/kvno"            "$OUT" tgs-req-fast-http tgs-rep-fast-http
C "$S/kvno-tcp"        "$OUT" tgs-req-fast-http-tcp tgs-rep-fast-http-tcp
C "$S/kvno-sha384"     "$OUT" tgs-req-fast-http-etype20 tgs-rep-fast-http-etype20
C "$S/kinit-wrongpw"   "$OUT" - - as-req-enc-timestamp-wrong-password krb-error-preauth-failed
C "$S/kinit-unknown"   "$OUT" as-req-unknown-client krb-error-c-principal-unknown
C "$S/kvno-unknown"    "$OUT" tgs-req-fast-unknown-service-canonicalize krb-error-s-principal-unknown \
                              tgs-req-fast-unknown-service krb-error-s-principal-unknown-retry
C "$S/kinit-fwd-renew" "$OUT" as-req-nopreauth-forwardable-renewable - \
                              as-req-enc-timestamp-forwardable-renewable as-rep-forwardable-renewable
C "$S/kinit-renew"     "$OUT" tgs-req-fast-renew tgs-rep-fast-renew
C "$S/kinit-canon"     "$OUT" as-req-nopreauth-canonicalize - as-req-enc-timestamp-canonicalize as-rep-canonicalize
C "$S/gss-mutual"      "$OUT" tgs-req-fast-gss-http tgs-rep-fast-gss-http
C "$S/gss-deleg"       "$OUT" tgs-req-fast-forwarded-tgt tgs-rep-fast-forwarded-tgt
C --file "$ST/gss-mutual-initial.der"  "$OUT" gss-initial-token
C --file "$ST/gss-mutual-ap-req.der"   "$OUT" ap-req-gss
C --file "$ST/gss-mutual-reply.der"    "$OUT" gss-reply-token
C --file "$ST/gss-mutual-ap-rep.der"   "$OUT" ap-rep-gss
C --file "$ST/gss-deleg-initial.der"   "$OUT" gss-initial-token-deleg
C --file "$ST/gss-deleg-ap-req.der"    "$OUT" ap-req-gss-deleg
C --file "$ST/gss-deleg-ap-rep.der"    "$OUT" ap-rep-gss-deleg
C --file "$ST/gss-deleg-krb-cred.der"  "$OUT" krb-cred-gss-deleg
C --file "$ST/user18.kirbi"            "$OUT" krb-cred-impacket-kirbi
# keys for decryption tests: MIT keytab files (format 0x0502) as hex
for kt in http krbtgt users; do od -An -v -tx1 "$ST/$kt.keytab" | tr -d ' \n' > "$OUT/$kt-keytab.hex"; done
{ printf 'principal\tkvno\tenctype\tkey\n'
  for kt in http krbtgt users; do
    klist -k -e -K "$ST/$kt.keytab" | awk 'NR>3 { gsub(/[()]/,""); k=$4; sub(/^0x/,"",k); print $2 "\t" $1 "\t" $3 "\t" k }'
  done; } > "$OUT/keys.tsv"

# ---------------------------------------------------------------- check
MSGS=(); for f in "$OUT"/*.hex; do [[ "$f" == *-keytab.hex ]] || MSGS+=("$f"); done
$PY "$HERE/describe.py" "${MSGS[@]}" > "$ST/describe.log" || { cat "$ST/describe.log"; echo "malformed capture" >&2; exit 1; }
cat "$ST/describe.log"
for f in "${MSGS[@]}"; do   # second opinion: openssl's DER parser must accept each file
  $PY -c 'import sys; sys.stdout.buffer.write(bytes.fromhex(open(sys.argv[1]).read()))' "$f" > "$ST/check.der"
  openssl asn1parse -inform DER -in "$ST/check.der" > /dev/null || { echo "openssl asn1parse failed: $f" >&2; exit 1; }
done
{ echo "captured $(date -u +%Y-%m-%dT%H:%M:%SZ)"; dpkg-query -W krb5-kdc krb5-user libkrb5-3 libgssapi-krb5-2 python3-gssapi python3-impacket python3-pyasn1; } > "$ST/provenance.txt"
echo "steps done; state in $ST"
