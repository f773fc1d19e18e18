#!/bin/bash
# Generates the Samba AD DC PAC golden vectors used by kerberos/src/test/.../pac/SambaPacVectorTest.
# Never run in CI: it provisions a throwaway AD domain, runs the Samba KDC on 127.0.0.1:88 (only one
# per machine), obtains tickets with MIT kinit/kvno and decrypts them with the exported keys.
# Needs root and: samba samba-ad-dc samba-ad-provision krb5-user python3-impacket winbind ldb-tools (Debian 12).
# Usage: testkit/samba-pac/generate.sh [outdir]   (default: kerberos/src/test/resources/pac/samba)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-$root/kerberos/src/test/resources/pac/samba}
work=${SAMBAPAC_WORK:-/tmp/sambapac}
realm=SAMBA.TEST
adminpass='Adm1n-Pac-Vector!'
userpass='Us3r-Pac-Vector!'
svcpass='Svc-Pac-Vector-9!'

[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }
if ss -lnt | grep -q '127.0.0.1:88 '; then echo "something already listens on 127.0.0.1:88" >&2; exit 1; fi
rm -rf "$work"; mkdir -p "$work" "$out"
conf=$work/etc/smb.conf

samba-tool domain provision --realm=$realm --domain=SAMBA --server-role=dc --dns-backend=NONE \
  --use-rfc2307 --adminpass="$adminpass" --targetdir="$work" \
  --option="interfaces=127.0.0.1" --option="bind interfaces only=yes" \
  --option="server services = kdc, ldap" >"$work/provision.log" 2>&1

samba -i -M single -s "$conf" >"$work/samba.log" 2>&1 &
samba_pid=$!
trap 'kill $samba_pid 2>/dev/null || true; wait $samba_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do ss -lnt | grep -q '127.0.0.1:88 ' && break; sleep 1; done

st() { samba-tool "$@" -s "$conf"; }
st user create pacuser "$userpass" --given-name=Pac --surname=User --mail-address=pacuser@samba.test >/dev/null
st group add PacGroupA >/dev/null
st group add PacGroupB >/dev/null
st group addmembers PacGroupA pacuser >/dev/null
st group addmembers PacGroupB pacuser >/dev/null
# AES service account and an RC4-only one (HMAC-MD5 server signature).
st user create pacsvc "$svcpass" >/dev/null
st spn add HTTP/pacsvc.samba.test pacsvc >/dev/null
st user create pacsvcrc4 "${svcpass}rc4" >/dev/null
st spn add HTTP/pacsvcrc4.samba.test pacsvcrc4 >/dev/null
base=$(ldbsearch -H "$work/private/sam.ldb" -s base -b '' defaultNamingContext | sed -n 's/^defaultNamingContext: //p')
for acct in pacsvc:24 pacsvcrc4:4; do
  name=${acct%%:*}; et=${acct##*:}
  ldbmodify -H "$work/private/sam.ldb" >/dev/null <<LDIF
dn: CN=$name,CN=Users,$base
changetype: modify
replace: msDS-SupportedEncryptionTypes
msDS-SupportedEncryptionTypes: $et
LDIF
done

cat >"$work/krb5.conf" <<KRB
[libdefaults]
  default_realm = $realm
  dns_lookup_kdc = false
  dns_lookup_realm = false
  rdns = false
[realms]
  $realm = {
    kdc = 127.0.0.1:88
  }
KRB
export KRB5_CONFIG=$work/krb5.conf KRB5CCNAME=FILE:$work/ccache
echo "$userpass" | kinit pacuser@$realm >/dev/null
kvno HTTP/pacsvc.samba.test@$realm HTTP/pacsvcrc4.samba.test@$realm >"$work/kvno.log"

for p in krbtgt pacsvc pacsvcrc4; do
  st domain exportkeytab "$work/$p.keytab" --principal="$p" >/dev/null
done
ldbsearch -H "$work/private/sam.ldb" "(sAMAccountName=pacuser)" objectSid primaryGroupID memberOf userPrincipalName \
  >"$work/pacuser.ldif"
ldbsearch -H "$work/private/sam.ldb" "(|(cn=PacGroupA)(cn=PacGroupB))" objectSid cn >"$work/groups.ldif"

/usr/bin/python3 "$here/extract.py" "$work" "$out"
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "samba: $(samba --version)"
  echo "krb5-user: $(dpkg-query -W -f='${Version}' krb5-user)"
  echo "python3-impacket: $(dpkg-query -W -f='${Version}' python3-impacket)"
  echo "os: $(. /etc/os-release; echo "$PRETTY_NAME")"
} >"$out/provenance.txt"
echo "vectors written to $out"
