#!/usr/bin/python3
"""Establish a krb5 GSS-API context (initiator and acceptor in one process) to
HTTP@files.example.test and store its tokens.

usage: gss_tokens.py OUT_PREFIX [mutual] [deleg]
Initiator credentials: KRB5CCNAME; acceptor credentials: KRB5_KTNAME.
Writes OUT_PREFIX-initial.der (full RFC 2743 3.1 token), -ap-req.der (inner
Kerberos AP-REQ), -reply.der (full token), -ap-rep.der (inner AP-REP).
Needs Debian's python3-gssapi (so run with /usr/bin/python3).
"""
import sys

import gssapi

KRB5_OID_DER = bytes.fromhex("06092a864886f712010202")  # 1.2.840.113554.1.2.2


def unwrap(token, token_id):
    """Strip the [APPLICATION 0] framing, mech OID and 2-byte TOK_ID."""
    if token[0] != 0x60:
        raise ValueError("not an RFC 2743 initial-context token: %02x" % token[0])
    i = 1
    if token[i] & 0x80:
        n = token[i] & 0x7F
        length = int.from_bytes(token[i + 1:i + 1 + n], "big")
        i += 1 + n
    else:
        length = token[i]
        i += 1
    if i + length != len(token):
        raise ValueError("token length mismatch")
    if token[i:i + len(KRB5_OID_DER)] != KRB5_OID_DER:
        raise ValueError("mech is not krb5")
    i += len(KRB5_OID_DER)
    if token[i:i + 2] != token_id:
        raise ValueError("unexpected TOK_ID %s" % token[i:i + 2].hex())
    return token[i + 2:]


def main():
    prefix, opts = sys.argv[1], set(sys.argv[2:])
    flags = [gssapi.RequirementFlag.integrity, gssapi.RequirementFlag.confidentiality]
    if "mutual" in opts:
        flags.append(gssapi.RequirementFlag.mutual_authentication)
    if "deleg" in opts:
        flags.append(gssapi.RequirementFlag.delegate_to_peer)
    mech = gssapi.OID.from_int_seq("1.2.840.113554.1.2.2")
    target = gssapi.Name("HTTP@files.example.test", gssapi.NameType.hostbased_service)
    ini = gssapi.SecurityContext(name=target, usage="initiate", flags=flags, mech=mech)
    acc = gssapi.SecurityContext(usage="accept", creds=gssapi.Credentials(usage="accept"))
    initial = ini.step()
    reply = acc.step(initial)
    out = {"initial": initial, "ap-req": unwrap(initial, b"\x01\x00")}
    if reply:
        out["reply"] = reply
        out["ap-rep"] = unwrap(reply, b"\x02\x00")
        ini.step(reply)
    assert ini.complete and acc.complete, "context not established"
    print("initiator", ini.initiator_name, "acceptor saw", acc.initiator_name,
          "delegated:", acc.delegated_creds is not None)
    for k, v in out.items():
        with open("%s-%s.der" % (prefix, k), "wb") as f:
            f.write(v)


if __name__ == "__main__":
    main()
