#!/usr/bin/python3
"""Pull the delegated KRB-CRED out of a GSS-API krb5 AP-REQ (RFC 4121 4.1.1).

The KRB-CRED travels inside the authenticator checksum (type 0x8003), which is
encrypted, so: decrypt the ticket with the service keytab (key usage 2), take the
session key, decrypt the authenticator (key usage 11), parse the 0x8003 checksum
(Lgth, Bnd, Flags, DlgOpt, Dlgth, Deleg) and write Deleg - a DER KRB-CRED as MIT's
GSS initiator produced it (its enc-part is encrypted in the session/subkey).

usage: deleg_krbcred.py AP_REQ.der SERVICE.keytab OUT.der
"""
import struct
import sys

from pyasn1.codec.der import decoder
from impacket.krb5 import asn1
from impacket.krb5.crypto import Key, _enctype_table
from impacket.krb5.keytab import Keytab

ap_req_der, keytab_path, out_path = sys.argv[1:4]
ap = decoder.decode(open(ap_req_der, "rb").read(), asn1Spec=asn1.AP_REQ())[0]
tkt_etype = int(ap["ticket"]["enc-part"]["etype"])

kt = Keytab.loadFile(keytab_path)
svc_key = None
for entry in kt.entries:
    kb = entry.main_part["keyblock"]
    if kb["keytype"] == tkt_etype:
        svc_key = Key(tkt_etype, kb["keyvalue"]["data"])
if svc_key is None:
    sys.exit("no key of enctype %d in %s" % (tkt_etype, keytab_path))

cipher = _enctype_table[tkt_etype]
enc_ticket = decoder.decode(cipher.decrypt(svc_key, 2, bytes(ap["ticket"]["enc-part"]["cipher"])),
                            asn1Spec=asn1.EncTicketPart())[0]
skey = Key(int(enc_ticket["key"]["keytype"]), bytes(enc_ticket["key"]["keyvalue"]))
auth_plain = _enctype_table[skey.enctype].decrypt(skey, 11, bytes(ap["authenticator"]["cipher"]))
auth = decoder.decode(auth_plain, asn1Spec=asn1.Authenticator())[0]
if int(auth["cksum"]["cksumtype"]) != 0x8003:
    sys.exit("authenticator checksum is not GSS 0x8003")
ck = bytes(auth["cksum"]["checksum"])
lgth = struct.unpack("<I", ck[0:4])[0]
gss_flags = struct.unpack("<I", ck[4 + lgth:8 + lgth])[0]
if not gss_flags & 1:
    sys.exit("GSS_C_DELEG_FLAG not set in the 0x8003 checksum")
dlg_opt, dlgth = struct.unpack("<HH", ck[8 + lgth:12 + lgth])
deleg = ck[12 + lgth:12 + lgth + dlgth]
with open(out_path, "wb") as f:
    f.write(deleg)
print("gss flags 0x%x, DlgOpt %d, KRB-CRED %d bytes, subkey %s" % (
    gss_flags, dlg_opt, len(deleg), "present" if auth["subkey"].hasValue() else "absent"))
