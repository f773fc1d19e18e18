# python-gssapi (Debian's, at /usr/bin/python3) as an HTTP Negotiate client of the file server, over plain HTTP.
# Usage: negotiate_http.py URL SERVICE_HOST [METHOD [BODY_FILE]]   (KRB5CCNAME / KRB5_CONFIG from the environment)
# Connects to the URL's host and port, asks for a ticket for HTTP@SERVICE_HOST with mutual authentication,
# prints the status, then the body. Exit 2: the server's mutual-authentication token does not verify;
# exit 3: a 2xx answer came without one.
import base64
import http.client
import sys
import urllib.parse

import gssapi

url, host = sys.argv[1], sys.argv[2]
method = sys.argv[3] if len(sys.argv) > 3 else "GET"
body = open(sys.argv[4], "rb").read() if len(sys.argv) > 4 else None
u = urllib.parse.urlparse(url)
name = gssapi.Name("HTTP@" + host, gssapi.NameType.hostbased_service)
spnego = gssapi.Mechanism.from_sasl_name("SPNEGO")
ctx = gssapi.SecurityContext(name=name, mech=spnego, usage="initiate",
                             flags=gssapi.RequirementFlag.mutual_authentication)
token = ctx.step()
conn = http.client.HTTPConnection(u.hostname, u.port)
conn.request(method, u.path, body=body, headers={"Authorization": "Negotiate " + base64.b64encode(token).decode()})
resp = conn.getresponse()
data = resp.read().decode()
reply = resp.getheader("WWW-Authenticate", "")
print(resp.status)
if 200 <= resp.status < 300:
    if not reply.startswith("Negotiate "):
        print("no mutual authentication token")
        sys.exit(3)
    try:
        ctx.step(base64.b64decode(reply[len("Negotiate "):]))
    except gssapi.exceptions.GSSError as e:
        print("mutual authentication failed:", e)
        sys.exit(2)
    print("mutual authentication ok, complete=%s" % ctx.complete)
print(data)
