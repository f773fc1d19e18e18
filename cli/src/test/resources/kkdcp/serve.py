# A real MS-KKDCP peer for tests: Debian's python3-kdcproxy (the FreeIPA KDC proxy) behind
# wsgiref with TLS, on 127.0.0.1. Usage: /usr/bin/python3 serve.py PORT CERT.pem KEY.pem
# The realm -> KDC mapping comes from $KDCPROXY_CONFIG.
import ssl
import sys
from wsgiref.simple_server import make_server, WSGIRequestHandler

import kdcproxy


class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


port, cert, key = int(sys.argv[1]), sys.argv[2], sys.argv[3]
httpd = make_server("127.0.0.1", port, kdcproxy.Application(), handler_class=Quiet)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
print("ready", flush=True)
httpd.serve_forever()
