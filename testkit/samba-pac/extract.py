#!/usr/bin/python3
"""Decrypts the tickets of a ccache with exported keytabs and writes the PAC golden vectors.

Run by generate.sh with Debian's /usr/bin/python3 (python3-impacket 0.10). Written for Kerbridge;
uses impacket only as a library (ccache/keytab parsing, RFC 3961 decryption, ASN.1 specs).
"""
import sys, os, re, base64, struct
from impacket.krb5.ccache import CCache
from impacket.krb5.keytab import Keytab
from impacket.krb5 import crypto
from impacket.krb5.asn1 import Ticket, EncTicketPart, AuthorizationData
from pyasn1.codec.der import decoder, encoder

work, out = sys.argv[1], sys.argv[2]
AD_IF_RELEVANT, AD_WIN2K_PAC = 1, 128
ETYPES = {18: "aes256-cts-hmac-sha1-96", 17: "aes128-cts-hmac-sha1-96", 23: "rc4-hmac"}

def keytab_keys(path):
    keys = {}
    for e in Keytab.loadFile(path).entries:
        kb = e.main_part['keyblock']
        keys[kb['keytype']] = (e.kvno, bytes(kb['keyvalue']['data']))
    return keys

keys = {p: keytab_keys(os.path.join(work, p + ".keytab")) for p in ("krbtgt", "pacsvc", "pacsvcrc4")}
props = []
for p, ks in keys.items():
    for et, (kvno, kv) in sorted(ks.items()):
        props.append(f"{p}.{et}.kvno={kvno}")
        props.append(f"{p}.{et}.key={kv.hex()}")
with open(os.path.join(out, "keys.properties"), "w") as f:
    f.write("# <account>.<etype>.key = hex key from samba-tool domain exportkeytab; etype numbers per RFC 3961\n")
    f.write("\n".join(props) + "\n")

def pac_of(enc_part):
    for ad in enc_part['authorization-data']:
        if int(ad['ad-type']) == AD_IF_RELEVANT:
            inner = decoder.decode(bytes(ad['ad-data']), asn1Spec=AuthorizationData())[0]
            for sub in inner:
                if int(sub['ad-type']) == AD_WIN2K_PAC:
                    return bytes(sub['ad-data'])
    raise SystemExit("no PAC in ticket")

def ticket_signing_data(enc_part):
    """EncTicketPart re-encoded with the AD-WIN2K-PAC ad-data replaced by one zero byte (MS-PAC 2.8.3)."""
    for ad in enc_part['authorization-data']:
        if int(ad['ad-type']) == AD_IF_RELEVANT:
            inner = decoder.decode(bytes(ad['ad-data']), asn1Spec=AuthorizationData())[0]
            found = False
            for sub in inner:
                if int(sub['ad-type']) == AD_WIN2K_PAC:
                    sub['ad-data'] = b"\x00"
                    found = True
            if found:
                ad['ad-data'] = encoder.encode(inner)
    return encoder.encode(enc_part)

names = {"krbtgt": "tgt", "pacsvc": "service-aes", "pacsvcrc4": "service-rc4"}
cc = CCache.loadFile(os.path.join(work, "ccache"))
for cred in cc.credentials:
    server = cred.getServerPrincipal()
    server = server.decode() if isinstance(server, bytes) else server
    if server.startswith("krbtgt/"):
        acct = "krbtgt"
    elif "pacsvcrc4" in server:
        acct = "pacsvcrc4"
    elif "pacsvc" in server:
        acct = "pacsvc"
    else:
        continue
    tkt = decoder.decode(cred.ticket['data'], asn1Spec=Ticket())[0]
    etype = int(tkt['enc-part']['etype'])
    kvno, kv = keys[acct][etype]
    plain = crypto._enctype_table[etype].decrypt(crypto.Key(etype, kv), 2, bytes(tkt['enc-part']['cipher']))
    enc_part, rest = decoder.decode(plain, asn1Spec=EncTicketPart())
    der = encoder.encode(enc_part)
    if der != plain[:len(der)]:
        raise SystemExit("EncTicketPart does not re-encode identically (not DER?)")
    enc_bytes = plain[:len(der)]
    name = names[acct]
    pac = pac_of(enc_part)
    sign = ticket_signing_data(decoder.decode(enc_bytes, asn1Spec=EncTicketPart())[0])
    for suffix, data in (("pac", pac), ("enc-ticket-part", enc_bytes), ("ticket-signing-data", sign),
                         ("ticket", cred.ticket['data'])):
        with open(os.path.join(out, f"{name}.{suffix}.hex"), "w") as f:
            f.write(data.hex() + "\n")
    print(f"{name}: server={server} etype={etype} kvno={int(tkt['enc-part']['kvno']) if tkt['enc-part']['kvno'].hasValue() else '-'} pac={len(pac)} bytes")

def ldif(path):
    recs, cur = [], {}
    text = open(path).read().replace("\n ", "")
    for line in text.splitlines():
        if not line.strip():
            if cur: recs.append(cur); cur = {}
            continue
        if line.startswith("#") or ":" not in line:
            continue
        k, sep, v = line.partition(":")
        if v.startswith(":"):
            v = base64.b64decode(v[1:].strip())
        else:
            v = v.strip()
        cur.setdefault(k, []).append(v)
    if cur: recs.append(cur)
    return [r for r in recs if "dn" in r]

def sid_str(b):
    if isinstance(b, str):  # ldbsearch prints SIDs in string form
        return b
    rev, n = b[0], b[1]
    auth = int.from_bytes(b[2:8], "big")
    subs = struct.unpack("<%dI" % n, b[8:8 + 4 * n])
    return "S-%d-%d-" % (rev, auth) + "-".join(map(str, subs))

user = ldif(os.path.join(work, "pacuser.ldif"))[0]
usid = sid_str(user["objectSid"][0])
groups = ldif(os.path.join(work, "groups.ldif"))
exp = {
    "user.name": "pacuser",
    "user.sid": usid,
    "user.rid": usid.rsplit("-", 1)[1],
    "domain.sid": usid.rsplit("-", 1)[0],
    "domain.netbios": "SAMBA",
    "realm": "SAMBA.TEST",
    "dns.domain": "samba.test",
    "user.upn": user["userPrincipalName"][0] if "userPrincipalName" in user else "pacuser@samba.test",
    "user.primaryGroupRid": user["primaryGroupID"][0],
    "group.rids": ",".join(sorted(sid_str(g["objectSid"][0]).rsplit("-", 1)[1] for g in groups)),
}
with open(os.path.join(out, "expected.properties"), "w") as f:
    f.write("# Directory facts for the user the PACs were issued to (from the Samba sam.ldb)\n")
    for k, v in exp.items():
        f.write(f"{k}={v}\n")
print(exp)
