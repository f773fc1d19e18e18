#!/usr/bin/python3
"""Check and describe captured Kerberos messages (raw DER or one-line hex files).

For each file: strict DER walk (definite minimal lengths, whole file = exactly one
TLV, no trailing bytes), then decode with impacket's RFC 4120 ASN.1 specs and
print a one-line summary (outer APPLICATION tag, msg-type, padata types, error
code, kdc-options, etypes).  Exit status 1 if any file is not well-formed.
usage: describe.py FILE...
"""
import sys

from pyasn1.codec.der import decoder
from impacket.krb5 import asn1

SPECS = {10: asn1.AS_REQ, 11: asn1.AS_REP, 12: asn1.TGS_REQ, 13: asn1.TGS_REP,
         14: asn1.AP_REQ, 15: asn1.AP_REP, 22: asn1.KRB_CRED, 30: asn1.KRB_ERROR}
PA = {1: "PA-TGS-REQ", 2: "PA-ENC-TIMESTAMP", 19: "PA-ETYPE-INFO2", 133: "PA-FX-COOKIE",
      136: "PA-FX-FAST", 149: "PA-REQ-ENC-PA-REP", 150: "PA-AS-FRESHNESS"}
GSS_KRB5 = bytes.fromhex("06092a864886f712010202")
NAMES = {10: "AS-REQ", 11: "AS-REP", 12: "TGS-REQ", 13: "TGS-REP", 14: "AP-REQ",
         15: "AP-REP", 22: "KRB-CRED", 30: "KRB-ERROR"}


def tlv(data, i):
    """Return (tag_bytes, start_of_content, end) of the TLV at i; strict DER lengths."""
    t0 = i
    first = data[i]
    i += 1
    if first & 0x1F == 0x1F:
        while data[i] & 0x80:
            i += 1
        i += 1
    tag = data[t0:i]
    l0 = data[i]
    i += 1
    if l0 == 0x80:
        raise ValueError("indefinite length at %d" % t0)
    if l0 & 0x80:
        n = l0 & 0x7F
        if n == 0 or data[i] == 0:
            raise ValueError("non-minimal length at %d" % t0)
        length = int.from_bytes(data[i:i + n], "big")
        if length < 0x80:
            raise ValueError("long form for short length at %d" % t0)
        i += n
    else:
        length = l0
    if i + length > len(data):
        raise ValueError("TLV at %d overruns its parent" % t0)
    return tag, i, i + length


def walk(data, start, end):
    i = start
    while i < end:
        tag, c0, c1 = tlv(data, i)
        if c1 > end:
            raise ValueError("TLV at %d overruns its parent" % i)
        if tag[0] & 0x20:  # constructed
            walk(data, c0, c1)
        i = c1


def strict_check(data):
    tag, c0, c1 = tlv(data, 0)
    if c1 != len(data):
        raise ValueError("%d trailing bytes" % (len(data) - c1))
    walk(data, c0, c1)
    if tag[0] & 0xE0 != 0x60:
        raise ValueError("outer tag %s is not [APPLICATION n] constructed" % tag.hex())
    return tag[0] & 0x1F


def pa_names(seq):
    return "[" + ",".join("%d %s" % (int(p["padata-type"]), PA.get(int(p["padata-type"]), "?")) for p in seq) + "]"


def flags(bits):
    return ",".join(str(i) for i, b in enumerate(bits) if b) if bits is not None else ""


def summary(app, msg):
    s = ["[APPLICATION %d] %s" % (app, NAMES.get(app, "?"))]
    if app in (10, 12):
        pa = pa_names(msg["padata"]) if msg["padata"].hasValue() else []
        body = msg["req-body"]
        s.append("padata=%s" % pa)
        s.append("kdc-options-bits=%s" % flags(body["kdc-options"].asNumbers() and list(body["kdc-options"])))
        s.append("etypes=%s" % [int(e) for e in body["etype"]])
        if body["cname"].hasValue():
            s.append("cname=%s" % "/".join(str(x) for x in body["cname"]["name-string"]))
        s.append("sname=%s" % "/".join(str(x) for x in body["sname"]["name-string"]))
    elif app in (11, 13):
        pa = pa_names(msg["padata"]) if msg["padata"].hasValue() else []
        s.append("padata=%s" % pa)
        s.append("ticket.etype=%d enc-part.etype=%d" % (msg["ticket"]["enc-part"]["etype"], msg["enc-part"]["etype"]))
    elif app == 30:
        s.append("error-code=%d" % msg["error-code"])
        if msg["e-data"].hasValue():
            try:
                md = decoder.decode(bytes(msg["e-data"]), asn1Spec=asn1.METHOD_DATA())[0]
                s.append("e-data METHOD-DATA=%s" % pa_names(md))
            except Exception:
                s.append("e-data (not METHOD-DATA) %d bytes" % len(bytes(msg["e-data"])))
    elif app == 14:
        s.append("ap-options-bits=%s" % flags(list(msg["ap-options"])))
        s.append("ticket.etype=%d authenticator.etype=%d" % (msg["ticket"]["enc-part"]["etype"], msg["authenticator"]["etype"]))
    elif app == 15:
        s.append("enc-part.etype=%d" % msg["enc-part"]["etype"])
    elif app == 22:
        s.append("tickets=%d (sname %s) enc-part.etype=%d" % (len(msg["tickets"]), ",".join(
            "/".join(str(x) for x in t["sname"]["name-string"]) for t in msg["tickets"]), msg["enc-part"]["etype"]))
    return " ".join(s)


def load(path):
    raw = open(path, "rb").read()
    if path.endswith(".hex"):
        text = raw.decode("ascii")
        if text != text.strip() and text.rstrip("\n") != text.strip():
            raise ValueError("whitespace in hex file")
        text = text.strip()
        if text != text.lower() or " " in text:
            raise ValueError("hex not lower-case single line")
        return bytes.fromhex(text)
    return raw


def main():
    bad = 0
    for path in sys.argv[1:]:
        try:
            data = load(path)
            app = strict_check(data)
            prefix = ""
            if app == 0:  # RFC 2743 3.1 InitialContextToken framing around a krb5 token
                _, c0, _ = tlv(data, 0)
                if data[c0:c0 + len(GSS_KRB5)] != GSS_KRB5:
                    raise ValueError("GSS token mech is not krb5")
                tok_id = data[c0 + len(GSS_KRB5):c0 + len(GSS_KRB5) + 2]
                prefix = "GSS [APPLICATION 0] krb5 TOK_ID %s + " % tok_id.hex()
                data = data[c0 + len(GSS_KRB5) + 2:]
                app = strict_check(data)
            msg, rest = decoder.decode(data, asn1Spec=SPECS[app]())
            if rest:
                raise ValueError("decoder left %d bytes" % len(rest))
            print("%s: %s%d bytes %s" % (path, prefix, len(data), summary(app, msg)))
        except Exception as e:  # report and continue
            bad += 1
            print("%s: BAD %s" % (path, e))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
