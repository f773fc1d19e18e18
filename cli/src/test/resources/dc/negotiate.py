# python-gssapi (Debian's, at /usr/bin/python3) as an HTTP Negotiate initiator against the DC's admin API.
# Usage: negotiate.py URL CAFILE SERVICE_HOST  (KRB5CCNAME / KRB5_CONFIG from the environment)
# Prints the HTTP status, then the body. Exits 2 if the server's mutual-auth token does not verify.
import base64
import http.client
import ssl
import sys
import urllib.parse

import gssapi

url, cafile, host = sys.argv[1], sys.argv[2], sys.argv[3]
u = urllib.parse.urlparse(url)
name = gssapi.Name("HTTP@" + host, gssapi.NameType.hostbased_service)
spnego = gssapi.Mechanism.from_sasl_name("SPNEGO")
ctx = gssapi.SecurityContext(name=name, mech=spnego, usage="initiate",
                             flags=gssapi.RequirementFlag.mutual_authentication)
token = ctx.step()
conn = http.client.HTTPSConnection(u.hostname, u.port, context=ssl.create_default_context(cafile=cafile))
conn.request("GET", u.path, headers={"Authorization": "Negotiate " + base64.b64encode(token).decode()})
resp = conn.getresponse()
body = resp.read().decode()
reply = resp.getheader("WWW-Authenticate", "")
if resp.status == 200 and reply.startswith("Negotiate "):
    try:
        ctx.step(base64.b64decode(reply[len("Negotiate "):]))
    except gssapi.exceptions.GSSError as e:
        print(resp.status)
        print("mutual authentication failed:", e)
        sys.exit(2)
print(resp.status)
print(body)
