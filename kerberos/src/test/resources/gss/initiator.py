# A python-gssapi (MIT libgssapi_krb5) initiator for the gss interop tests. Reads KRB5_CONFIG and KRB5CCNAME
# from the environment.
#   initiator.py http <url> <host> <mech: krb5|spnego>  -> prints "STATUS <code>", "BODY <body>", "COMPLETE <bool>"
#   initiator.py token <host> <mech: krb5|spnego>       -> prints the base64 initial token
import base64
import sys
import urllib.request

import gssapi

MECHS = {
    "krb5": gssapi.OID.from_int_seq("1.2.840.113554.1.2.2"),
    "spnego": gssapi.OID.from_int_seq("1.3.6.1.5.5.2"),
}


def context(host, mech):
    name = gssapi.Name("HTTP@" + host, gssapi.NameType.hostbased_service)
    flags = gssapi.RequirementFlag.mutual_authentication | gssapi.RequirementFlag.out_of_sequence_detection
    return gssapi.SecurityContext(name=name, usage="initiate", mech=MECHS[mech], flags=flags)


def main():
    if sys.argv[1] == "token":
        ctx = context(sys.argv[2], sys.argv[3])
        print(base64.b64encode(ctx.step()).decode())
        return
    url, host, mech = sys.argv[2], sys.argv[3], sys.argv[4]
    ctx = context(host, mech)
    token = ctx.step()
    req = urllib.request.Request(url, headers={"Authorization": "Negotiate " + base64.b64encode(token).decode()})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(req, timeout=10) as resp:
        body = resp.read().decode()
        header = resp.headers.get("WWW-Authenticate", "")
        print("STATUS", resp.status)
        print("BODY", body)
    scheme, _, reply = header.partition(" ")
    if scheme.lower() != "negotiate" or not reply:
        print("COMPLETE no-reply-token")
        return
    ctx.step(base64.b64decode(reply))
    print("COMPLETE", ctx.complete)
    print("FLAGS", int(ctx.actual_flags))


if __name__ == "__main__":
    main()
