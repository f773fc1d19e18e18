# impacket (Debian's python3-impacket, at /usr/bin/python3) as an independent PAC reader: decrypts the
# service ticket for SERVICE in CCACHE with KEY (hex, aes256-cts-hmac-sha1-96), then prints the user
# RID, the group RIDs and the extra SIDs of the PAC's KERB_VALIDATION_INFO, one "key value" per line.
# Usage: pac.py CCACHE SERVICE KEYHEX
import sys

from impacket.krb5 import constants
from impacket.krb5.asn1 import AD_IF_RELEVANT, EncTicketPart, Ticket
from impacket.krb5.ccache import CCache
from impacket.krb5.crypto import Key, _checksum_table, _enctype_table
from impacket.dcerpc.v5.rpcrt import TypeSerialization1
from impacket.krb5.pac import KERB_VALIDATION_INFO, PACTYPE, PAC_INFO_BUFFER
from pyasn1.codec.der import decoder

ccache_file, service, keyhex = sys.argv[1], sys.argv[2], sys.argv[3]
cc = CCache.loadFile(ccache_file)
cred = next(c for c in cc.credentials if c["server"].prettyPrint().decode().split("@")[0] == service)
ticket = decoder.decode(cred.ticket["data"], asn1Spec=Ticket())[0]
etype = int(ticket["enc-part"]["etype"])
cipher = _enctype_table[etype]
plain = cipher.decrypt(Key(etype, bytes.fromhex(keyhex)), 2, bytes(ticket["enc-part"]["cipher"]))
etp = decoder.decode(plain, asn1Spec=EncTicketPart())[0]
ad = decoder.decode(bytes(etp["authorization-data"][0]["ad-data"]), asn1Spec=AD_IF_RELEVANT())[0]
pac_bytes = bytes(ad[0]["ad-data"])
pac = PACTYPE(pac_bytes)
buff = pac["Buffers"]
signatures = {}
for i in range(pac["cBuffers"]):
    info = PAC_INFO_BUFFER(buff)
    data = pac_bytes[info["Offset"]:info["Offset"] + info["cbBufferSize"]]
    if info["ulType"] == 1:
        type1 = TypeSerialization1(data)
        ndr = data[len(type1) + 4:]
        vi = KERB_VALIDATION_INFO()
        vi.fromString(ndr)
        vi.fromStringReferents(ndr[len(vi.getData()):])
        print("user", vi["UserId"])
        print("primary", vi["PrimaryGroupId"])
        print("groups", " ".join(str(g["RelativeId"]) for g in vi["GroupIds"]))
        print("name", vi["EffectiveName"])
    if info["ulType"] in (6, 7):
        signatures[info["ulType"]] = (info["Offset"], data)
    print("buffer", info["ulType"])
    buff = buff[len(info):]

# MS-PAC 2.8.1: the server signature is a keyed checksum (key usage 17) over the whole PAC with the
# server and KDC signature values zeroed; check it with the service key.
offset, data = signatures[6]
sig_type = int.from_bytes(data[0:4], "little")
zeroed = bytearray(pac_bytes)
for off, d in signatures.values():
    size = 16 if int.from_bytes(d[0:4], "little") == 0xFFFFFF76 else 12
    zeroed[off + 4:off + 4 + size] = bytes(size)
cksum = _checksum_table[sig_type]
expected = cksum.checksum(Key(etype, bytes.fromhex(keyhex)), 17, bytes(zeroed))
print("server-signature", "valid" if expected == data[4:4 + len(expected)] else "INVALID")
