"""Offline tests for prt_client.py: run `/usr/bin/python3 -m unittest` in this directory.

Everything the server would produce is built here independently with `cryptography` and impacket, then fed to
prt_client; the last class runs the whole CLI against a small HTTPS stand-in for the server (a self-check of the
client's wire format as protocol-notes §3.2a describes it, not a model of the real server).
"""
import base64
import datetime
import hashlib
import hmac
import http.server
import ipaddress
import json
import os
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading
import types
import unittest
import urllib.parse
import uuid

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, padding, serialization
from cryptography.hazmat.primitives.asymmetric import padding as asym_padding, rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.x509.oid import NameOID
from impacket.krb5 import constants, crypto
from impacket.krb5.asn1 import AD_IF_RELEVANT, AS_REP, EncASRepPart, EncTGSRepPart, EncTicketPart, seq_set
from impacket.krb5.types import KerberosTime, Principal
from pyasn1.codec.der import encoder

import prt_client as pc

HERE = os.path.dirname(os.path.abspath(__file__))
REALM, USER = "CORP.EXAMPLE.TEST", "alice"
KVNO = (30775 << 16) | (1585708 & 0xFFFF)  # protocol-notes §2.3a worked example


def b64u(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def new_rsa():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def kdf_literal(key, context):
    """SP 800-108 counter mode written out: one HMAC-SHA256 block for a 256-bit key."""
    out = b""
    counter = 1
    while len(out) < 32:
        fixed = b"AzureAD-SecureConversation" + b"\x00" + context + (256).to_bytes(4, "big")
        out += hmac.new(key, counter.to_bytes(4, "big") + fixed, hashlib.sha256).digest()
        counter += 1
    return out[:32]


def client_key_jwe(session_key, raw_key, gcm=False):
    ctx = os.urandom(24)
    header = b64u(json.dumps({"alg": "dir", "enc": "A256GCM", "ctx": base64.b64encode(ctx).decode()}).encode())
    key = kdf_literal(session_key, ctx)
    if gcm:
        iv = os.urandom(12)
        sealed = AESGCM(key).encrypt(iv, raw_key, header.encode("ascii"))
        return ".".join([header, "", b64u(iv), b64u(sealed[:-16]), b64u(sealed[-16:])])
    iv = os.urandom(16)
    padder = padding.PKCS7(128).padder()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    ct = encryptor.update(padder.update(raw_key) + padder.finalize()) + encryptor.finalize()
    return ".".join([header, "", b64u(iv), b64u(ct), ""])


def session_key_jwe(transport_public, session_key):
    header = b64u(json.dumps({"enc": "A256GCM", "alg": "RSA-OAEP"}).encode())
    oaep = asym_padding.OAEP(mgf=asym_padding.MGF1(hashes.SHA1()), algorithm=hashes.SHA1(), label=None)
    wrapped = transport_public.encrypt(session_key, oaep)
    iv = os.urandom(12)
    sealed = AESGCM(session_key).encrypt(iv, b"", header.encode("ascii"))
    return ".".join([header, b64u(wrapped), b64u(iv), b64u(sealed[:-16]), b64u(sealed[-16:])])


def make_as_rep(client_key, krbtgt_key, realm=REALM, user=USER, tag=25, with_times=True, pac=True):
    """An AS-REP like §2.3 describes: ticket under the krbtgt key (usage 2), enc-part under the client key (usage 3)."""
    now = datetime.datetime.utcnow().replace(microsecond=0)
    session = os.urandom(32)
    krbtgt = Principal(f"krbtgt/{realm}", type=constants.PrincipalNameType.NT_SRV_INST.value)
    client = Principal(user, type=constants.PrincipalNameType.NT_PRINCIPAL.value)
    flags = "01000000100000010000000000000000"  # forwardable, renewable, enc-pa-rep

    tkt = EncTicketPart()
    tkt["flags"] = flags
    tkt["key"]["keytype"], tkt["key"]["keyvalue"] = 18, session
    tkt["crealm"] = realm
    seq_set(tkt, "cname", client.components_to_asn1)
    tkt["transited"]["tr-type"], tkt["transited"]["contents"] = 0, b""
    tkt["authtime"] = KerberosTime.to_asn1(now)
    tkt["endtime"] = KerberosTime.to_asn1(now + datetime.timedelta(hours=8))
    if pac:
        inner = AD_IF_RELEVANT()
        inner[0]["ad-type"], inner[0]["ad-data"] = 128, b"\x00" * 8
        tkt["authorization-data"][0]["ad-type"] = 1
        tkt["authorization-data"][0]["ad-data"] = encoder.encode(inner)

    part = EncASRepPart() if tag == 25 else EncTGSRepPart()
    part["key"]["keytype"], part["key"]["keyvalue"] = 18, session
    part["last-req"][0]["lr-type"], part["last-req"][0]["lr-value"] = 0, KerberosTime.to_asn1(now)
    part["nonce"] = 0
    part["flags"] = flags
    part["authtime"] = KerberosTime.to_asn1(now)
    part["endtime"] = KerberosTime.to_asn1(now + datetime.timedelta(hours=8))
    if with_times:
        part["starttime"] = KerberosTime.to_asn1(now)
        part["renew-till"] = KerberosTime.to_asn1(now + datetime.timedelta(days=7))
    part["srealm"] = realm
    seq_set(part, "sname", krbtgt.components_to_asn1)

    rep = AS_REP()
    rep["pvno"], rep["msg-type"], rep["crealm"] = 5, 11, realm
    seq_set(rep, "cname", client.components_to_asn1)
    rep["ticket"]["tkt-vno"], rep["ticket"]["realm"] = 5, realm
    seq_set(rep["ticket"], "sname", krbtgt.components_to_asn1)
    rep["ticket"]["enc-part"]["etype"], rep["ticket"]["enc-part"]["kvno"] = 18, KVNO
    rep["ticket"]["enc-part"]["cipher"] = crypto._enctype_table[18].encrypt(krbtgt_key, 2, encoder.encode(tkt), None)
    rep["enc-part"]["etype"] = 18
    rep["enc-part"]["cipher"] = crypto._enctype_table[18].encrypt(client_key, 3, encoder.encode(part), None)
    return encoder.encode(rep)


def tgt_json(session_key, krbtgt_key, realm=REALM, gcm=False, **kwargs):
    raw = os.urandom(32)
    as_rep = make_as_rep(crypto.Key(18, raw), krbtgt_key, realm=realm, **kwargs)
    return json.dumps({"clientKey": client_key_jwe(session_key, raw, gcm), "keyType": 18,
                       "messageBuffer": base64.b64encode(as_rep).decode(), "realm": realm, "sn": f"krbtgt/{realm}",
                       "cn": USER, "sessionKeyType": 18, "accountType": 1})


def klist(path):
    return subprocess.run(["/usr/bin/klist", "-c", path], capture_output=True, text=True)


class BlobAndKid(unittest.TestCase):
    def test_blob_layout_2048(self):
        key = new_rsa().public_key()
        blob = pc.bcrypt_rsakey_blob(key)
        self.assertEqual(blob[:24], b"RSA1" + bytes.fromhex("00080000" "03000000" "00010000" "00000000" "00000000"))
        self.assertEqual(blob[24:27], b"\x01\x00\x01")
        self.assertEqual(blob[27:], key.public_numbers().n.to_bytes(256, "big"))
        self.assertEqual(len(blob), 24 + 3 + 256)

    def test_kid_is_padded_standard_base64_of_sha256(self):
        key = new_rsa().public_key()
        kid = pc.hello_kid(key)
        self.assertEqual(len(kid), 44)
        self.assertTrue(kid.endswith("="))
        self.assertEqual(base64.b64decode(kid, validate=True), hashlib.sha256(pc.bcrypt_rsakey_blob(key)).digest())


class Kdf(unittest.TestCase):
    def test_matches_literal_loop(self):
        for _ in range(5):
            key, ctx = os.urandom(32), os.urandom(24)
            self.assertEqual(pc.kdf_sp800108(key, ctx), kdf_literal(key, ctx))

    def test_fixed_vector(self):
        # pins the layout: HMAC(key, 00000001 || label || 00 || ctx || 00000100), independent of both codes above
        key, ctx = bytes(range(32)), bytes(range(24))
        message = bytes.fromhex("00000001") + b"AzureAD-SecureConversation\x00" + ctx + bytes.fromhex("00000100")
        self.assertEqual(pc.kdf_sp800108(key, ctx), hmac.new(key, message, hashlib.sha256).digest())


class Jwe(unittest.TestCase):
    def test_client_key_cbc_and_gcm(self):
        session, raw = os.urandom(32), os.urandom(32)
        for gcm in (False, True):
            self.assertEqual(pc.decrypt_client_key(client_key_jwe(session, raw, gcm), session, "t"), raw)

    def test_client_key_wrong_session_key(self):
        jwe = client_key_jwe(os.urandom(32), os.urandom(32), gcm=True)
        with self.assertRaisesRegex(pc.ProtocolError, "decryption failed"):
            pc.decrypt_client_key(jwe, os.urandom(32), "t")

    def test_session_key_jwe(self):
        transport, key = new_rsa(), os.urandom(32)
        jwe = session_key_jwe(transport.public_key(), key)
        self.assertEqual(pc.decrypt_session_key(jwe, transport, strict=True), key)
        four = ".".join(jwe.split(".")[:4])
        self.assertEqual(pc.decrypt_session_key(four, transport, strict=False), key)
        with self.assertRaisesRegex(pc.ProtocolError, "5"):
            pc.decrypt_session_key(four, transport, strict=True)


class Tickets(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.krbtgt = crypto.Key(18, os.urandom(32))
        self.session = os.urandom(32)

    def tearDown(self):
        shutil.rmtree(self.dir)

    def parse(self, raw, style="roadtools", ccache=None, krbtgt=None):
        args = types.SimpleNamespace(style=style)
        return pc.parse_tgt("tgt_ad", raw, self.session, args, ccache, krbtgt)

    def test_as_rep_to_ccache_listed_by_klist(self):
        for tag, gcm in ((25, False), (26, True)):
            path = os.path.join(self.dir, f"tgt{tag}.ccache")
            report = self.parse(tgt_json(self.session, self.krbtgt, tag=tag, gcm=gcm), ccache=path, krbtgt=self.krbtgt)
            self.assertEqual((report["realm"], report["cname"], report["sname"]), (REALM, USER, f"krbtgt/{REALM}"))
            self.assertEqual((report["ticket_kvno"], report["ticket_etype"], report["enc_part_tag"]), (KVNO, 18, tag))
            self.assertTrue(report["has_starttime"] and report["has_renew_till"])
            self.assertEqual(report["ticket"], {"crealm": REALM, "cname": USER, "has_pac": True,
                                                "flags": ["forwardable", "renewable", "enc-pa-rep"]})
            listed = klist(path)
            self.assertEqual(listed.returncode, 0, listed.stderr)
            self.assertIn(f"Default principal: {USER}@{REALM}", listed.stdout)
            self.assertIn(f"krbtgt/{REALM}@{REALM}", listed.stdout)

    def test_without_pac(self):
        report = self.parse(tgt_json(self.session, self.krbtgt, pac=False), krbtgt=self.krbtgt)
        self.assertFalse(report["ticket"]["has_pac"])

    def test_missing_renew_till_blocks_ccache_only(self):
        raw = tgt_json(self.session, self.krbtgt, with_times=False)
        self.assertFalse(self.parse(raw)["has_renew_till"])
        with self.assertRaisesRegex(pc.ProtocolError, "renew-till"):
            self.parse(raw, ccache=os.path.join(self.dir, "x.ccache"))

    def test_key_type_zero_and_shape_errors(self):
        report = self.parse(json.dumps({"keyType": 0, "error": "TgtRodcKrbtgtNotFound"}))
        self.assertEqual(report["error"], "TgtRodcKrbtgtNotFound")
        with self.assertRaisesRegex(pc.ProtocolError, "JSON string"):
            self.parse(json.loads(tgt_json(self.session, self.krbtgt)))
        with self.assertRaisesRegex(pc.ProtocolError, "sessionKeyType"):
            self.parse(json.dumps({"keyType": 0}), style="himmelblau")

    def test_plain_client_key_only_for_himmelblau(self):
        tgt = json.loads(tgt_json(self.session, self.krbtgt))
        raw = os.urandom(32)
        tgt["clientKey"] = base64.b64encode(raw).decode()
        tgt["messageBuffer"] = base64.b64encode(make_as_rep(crypto.Key(18, raw), self.krbtgt)).decode()
        self.assertEqual(self.parse(json.dumps(tgt), style="himmelblau")["cname"], USER)
        with self.assertRaisesRegex(pc.ProtocolError, "compact JWE"):
            self.parse(json.dumps(tgt))


class FakeServer(http.server.BaseHTTPRequestHandler):
    """Checks what §3.2a says the client sends, then answers like §3.2a's reply."""
    ctx = None  # set by the test class

    def log_message(self, *args):
        pass

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        c = self.ctx
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        form = dict(urllib.parse.parse_qsl(body))
        c.seen.append((self.path, self.headers.get("Content-Type"), form))
        if form.get("grant_type") == "srv_challenge":
            nonce = uuid.uuid4().hex
            c.nonces.append(nonce)
            return self.reply(200, {"Nonce": nonce})
        if c.refuse:
            return self.reply(400, {"error": "invalid_grant", "error_description": "AADSTS-test refusal"})
        outer = jwt.decode(form["request"], c.device.public_key(), algorithms=["RS256"])
        header = jwt.get_unverified_header(form["request"])
        inner_header = jwt.get_unverified_header(outer["assertion"])
        inner = jwt.decode(outer["assertion"], c.hello.public_key(), algorithms=["RS256"], audience="common")
        c.request = {"form": form, "outer": outer, "header": header, "inner": inner, "inner_header": inner_header}
        session = os.urandom(32)
        top = {"token_type": "pop", "refresh_token": "rt", "refresh_token_expires_in": 1209600,
               "expires_in": "3600", "ext_expires_in": "3600", "expires_on": "1999999999",
               "session_key_jwe": session_key_jwe(c.transport.public_key(), session),
               "id_token": jwt.encode({"name": "Alice", "oid": c.oid, "tid": c.tenant}, "k", algorithm="HS256"),
               "client_info": b64u(json.dumps({"uid": c.oid, "utid": c.tenant}).encode()),
               "tgt_ad": tgt_json(session, c.krbtgt),
               "tgt_cloud": tgt_json(session, crypto.Key(18, os.urandom(32)), realm="KERBEROS.MICROSOFTONLINE.COM"),
               "kerberos_top_level_names": ".windows.net,.windows.net:1433"}
        if c.nested:
            top["tgt_ad"] = json.loads(top["tgt_ad"])
        return self.reply(200, top)


class CommandLine(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp()
        ca_key, server_key = new_rsa(), new_rsa()
        c = types.SimpleNamespace(device=new_rsa(), transport=new_rsa(), hello=new_rsa(), tenant=str(uuid.uuid4()),
                                  oid=str(uuid.uuid4()), krbtgt=crypto.Key(18, os.urandom(32)))
        cls.c = FakeServer.ctx = c
        now = datetime.datetime.utcnow()

        def cert(subject, key, issuer, signer, san=None):
            b = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(key.public_key())
                 .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(hours=1))
                 .not_valid_after(now + datetime.timedelta(days=1)))
            if san:
                b = b.add_extension(x509.SubjectAlternativeName(san), critical=False)
            else:
                b = b.add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            return b.sign(signer, hashes.SHA256())

        ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test CA")])
        ca = cert(ca_name, ca_key, ca_name, ca_key)
        server = cert(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]), server_key, ca_name, ca_key,
                      [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))])
        device = cert(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, str(uuid.uuid4()))]), c.device, ca_name,
                      ca_key, [x509.DNSName("device")])
        cls.files = {}
        for name, data in (("ca.pem", ca.public_bytes(serialization.Encoding.PEM)),
                           ("server.pem", server.public_bytes(serialization.Encoding.PEM)),
                           ("device.der", device.public_bytes(serialization.Encoding.DER))):
            cls.files[name] = cls.write(name, data)
        for name, key in (("server.key", server_key), ("device.key", c.device), ("transport.key", c.transport),
                          ("hello.key", c.hello)):
            cls.files[name] = cls.write(name, key.private_bytes(serialization.Encoding.PEM,
                                                                serialization.PrivateFormat.PKCS8,
                                                                serialization.NoEncryption()))
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(cls.files["server.pem"], cls.files["server.key"])
        cls.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeServer)
        cls.httpd.socket = tls.wrap_socket(cls.httpd.socket, server_side=True)
        threading.Thread(target=cls.httpd.serve_forever, daemon=True).start()

    @classmethod
    def tearDownClass(cls):
        cls.httpd.shutdown()
        cls.httpd.server_close()
        shutil.rmtree(cls.dir)

    @classmethod
    def write(cls, name, data):
        path = os.path.join(cls.dir, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def setUp(self):
        self.c.seen, self.c.nonces, self.c.request, self.c.refuse, self.c.nested = [], [], None, False, False

    def run_client(self, *extra):
        f = self.files
        cmd = [sys.executable, os.path.join(HERE, "prt_client.py"), "--base", f"https://127.0.0.1:{self.httpd.server_port}",
               "--tenant", self.c.tenant, "--ca", f["ca.pem"], "--device-cert", f["device.der"],
               "--device-key", f["device.key"], "--transport-key", f["transport.key"], "--hello-key", f["hello.key"],
               "--username", "alice@corp.example.test", *extra]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120)

    def test_roadtools(self):
        ad, cloud = os.path.join(self.dir, "ad.ccache"), os.path.join(self.dir, "cloud.ccache")
        done = self.run_client("--ccache", ad, "--cloud-ccache", cloud, "--krbtgt-key-hex", self.c.krbtgt.contents.hex())
        self.assertEqual(done.returncode, 0, done.stderr)
        out = json.loads(done.stdout)
        self.assertEqual(out["id_token_claims"], {"name": "Alice", "oid": self.c.oid, "tid": self.c.tenant})
        self.assertEqual(out["client_info"], {"uid": self.c.oid, "utid": self.c.tenant})
        self.assertEqual(out["tgt_ad"]["ticket"]["cname"], USER)
        self.assertEqual(out["tgt_cloud"]["realm"], "KERBEROS.MICROSOFTONLINE.COM")
        self.assertEqual([p for p, _, _ in self.c.seen], ["/common/oauth2/token"] * 2 + [f"/{self.c.tenant}/oauth2/token"])
        self.assertEqual(self.c.seen[0][1], "application/x-www-form-urlencoded")
        r = self.c.request
        self.assertEqual({k: r["form"][k] for k in ("windows_api_version", "client_info", "tgt")},
                         {"windows_api_version": "2.2", "client_info": "1", "tgt": "True"})
        self.assertEqual(sorted(r["header"]), ["alg", "kdf_ver", "typ", "x5c"])
        self.assertIsInstance(r["header"]["x5c"], str)
        self.assertEqual(list(r["outer"]), ["client_id", "request_nonce", "scope", "group_sids", "win_ver",
                                            "grant_type", "username", "assertion"])
        self.assertEqual((r["outer"]["request_nonce"], r["inner"]["request_nonce"]), tuple(self.c.nonces))
        self.assertEqual(r["inner_header"]["kid"], pc.hello_kid(self.c.hello.public_key()))
        self.assertEqual((r["inner_header"]["use"], r["inner"]["exp"] - r["inner"]["iat"]), ("ngc", 7200))
        for path in (ad, cloud):
            self.assertEqual(klist(path).returncode, 0)

    def test_himmelblau(self):
        done = self.run_client("--style", "himmelblau")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(self.c.seen[0][:2], (f"/{self.c.tenant}/oauth2/token", None))  # no Content-Type
        r = self.c.request
        self.assertEqual((r["form"]["windows_api_version"], r["form"]["tgt"]), ("2.0", "true"))
        self.assertNotIn("kdf_ver", r["header"])
        self.assertIsInstance(r["header"]["x5c"], list)
        self.assertEqual(r["outer"]["request_nonce"], r["inner"]["request_nonce"])
        self.assertEqual(r["inner"]["exp"] - r["inner"]["iat"], 600)

    def test_refusal_exit_2(self):
        self.c.refuse = True
        done = self.run_client()
        self.assertEqual(done.returncode, 2)
        self.assertIn("AADSTS-test refusal", done.stderr)

    def test_nested_tgt_exit_3(self):
        self.c.nested = True
        done = self.run_client()
        self.assertEqual(done.returncode, 3)
        self.assertIn("tgt_ad", done.stderr)


if __name__ == "__main__":
    unittest.main()
