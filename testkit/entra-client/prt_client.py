#!/usr/bin/python3
"""Independent Entra PRT test client: sign in like a Windows device with a Hello (WHfB) key.

Written only from docs/protocol-notes (shared reference) §3.2a ("What existing Entra clients send and expect"),
§3.2 (PRT acquisition), §3.1 (keys, BCRYPT_RSAKEY_BLOB) and §2.2/§2.3 (tgt_ad / tgt_cloud, clientKey, AS-REP).
Two request styles mirror the two clients §3.2a was read from: "roadtools" (R) and "himmelblau" (H).

Flow: nonce(s) -> Hello assertion JWT (Hello key) inside an outer request JWT (device key) -> token request with
tgt=true -> unwrap session_key_jwe with the transport key -> decrypt each TGT's clientKey (SP 800-108 KDF, JWE)
-> decrypt the AS-REP enc-part (usage 3) -> optional MIT ccache, optional ticket check with the krbtgt key.

Prints one JSON object (no secrets) on stdout. Exit status: 0 success, 2 the server refused (non-200),
3 protocol or parse error (stderr names what was wrong), 4 bad command line or unreadable local input.
Needs only Debian's python3-cryptography, python3-requests, python3-jwt, python3-impacket, python3-pyasn1.
"""
import argparse
import base64
import hashlib
import json
import sys
import time

import jwt
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, padding, serialization
from cryptography.hazmat.primitives.asymmetric import padding as asym_padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.kbkdf import KBKDFHMAC, CounterLocation, Mode
from impacket.krb5 import constants, crypto
from impacket.krb5.asn1 import AD_IF_RELEVANT, AS_REP, EncASRepPart, EncTGSRepPart, EncTicketPart
from impacket.krb5.ccache import CCache
from pyasn1.codec.der import decoder, encoder

EXIT_OK, EXIT_REFUSED, EXIT_PROTOCOL, EXIT_USAGE = 0, 2, 3, 4
SCOPE = "openid aza ugs"
JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
KDF_LABEL = b"AzureAD-SecureConversation"
AES256_CTS = 18  # aes256-cts-hmac-sha1-96, the only keyType §2.2 / §3.2a allow besides 0
KU_AS_REP_ENC_PART, KU_TICKET = 3, 2
AD_IF_RELEVANT_TYPE, AD_WIN2K_PAC = 1, 128

STYLES = {
    # §3.2a: R = ROADtools roadlib, H = libhimmelblau
    "roadtools": {"nonce_tenant": "common", "nonces": 2, "client_id": "38aa3b87-a06d-4817-b275-7a316988d93b",
                  "win_ver": "10.0.19041.868", "skew": 3600, "api": "2.2", "tgt": "True"},
    "himmelblau": {"nonce_tenant": None, "nonces": 1, "client_id": "29d9ed98-a469-4536-ade2-f981bc1d605e",
                   "win_ver": None, "skew": 300, "api": "2.0", "tgt": "true"},
}


class Refused(Exception):
    """The server answered with a status other than 200."""


class ProtocolError(Exception):
    """The server's reply does not match protocol-notes §3.2a."""


# ---- encodings -------------------------------------------------------------------------------------------

def b64(data):
    """Standard base64 with '=' padding (kid, x5c)."""
    return base64.b64encode(data).decode("ascii")


def b64decode_any(text, what):
    """Decode standard or URL-safe base64, padded or not; ProtocolError naming `what` on failure."""
    try:
        text = text.strip().replace("-", "+").replace("_", "/")
        return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (ValueError, AttributeError) as exc:
        raise ProtocolError(f"{what}: not base64 ({exc})") from None


def json_segment(segment, what):
    try:
        return json.loads(b64decode_any(segment, what))
    except ValueError:
        raise ProtocolError(f"{what}: not base64 JSON") from None


# ---- keys (§3.1) -------------------------------------------------------------------------------------------

def load_private_key(path):
    with open(path, "rb") as f:
        return serialization.load_pem_private_key(f.read(), password=None)


def load_cert_der(path):
    """The device certificate as DER bytes, whether the file is DER or PEM."""
    with open(path, "rb") as f:
        data = f.read()
    cert = x509.load_pem_x509_certificate(data) if b"-----BEGIN" in data else x509.load_der_x509_certificate(data)
    return cert.public_bytes(serialization.Encoding.DER)


def _unsigned_be(value):
    return value.to_bytes((value.bit_length() + 7) // 8, "big")


def bcrypt_rsakey_blob(public_key):
    """BCRYPT_RSAKEY_BLOB: 'RSA1', LE u32 bitlen, cbPublicExp, cbModulus, 0, 0, then BE e and n (§3.1, §3.2a)."""
    numbers = public_key.public_numbers()
    e, n = _unsigned_be(numbers.e), _unsigned_be(numbers.n)
    header = b"RSA1" + b"".join(v.to_bytes(4, "little") for v in (public_key.key_size, len(e), len(n), 0, 0))
    return header + e + n


def hello_kid(public_key):
    """kid = standard base64 (padded) of SHA-256 of the Hello key's BCRYPT_RSAKEY_BLOB (§3.2 step 2, §3.2a)."""
    return b64(hashlib.sha256(bcrypt_rsakey_blob(public_key)).digest())


# ---- session key, KDF and clientKey (§2.2, §3.2a) ----------------------------------------------------------

def kdf_sp800108(key, context, length=32):
    """NIST SP 800-108 counter-mode KDF, HMAC-SHA256 (KDF v1): each block is
    HMAC(key, [i]_32be || "AzureAD-SecureConversation" || 0x00 || context || [L]_32be), L = 8*length bits."""
    return KBKDFHMAC(algorithm=hashes.SHA256(), mode=Mode.CounterMode, length=length, rlen=4, llen=4,
                     location=CounterLocation.BeforeFixed, label=KDF_LABEL, context=context,
                     fixed=None).derive(key)


def decrypt_session_key(session_key_jwe, transport_key, strict):
    """Segment 2 of session_key_jwe, RSA-OAEP (MGF1-SHA1, SHA1) under the transport key -> 32-byte key.
    strict (himmelblau): the JWE must also have 5 segments and header enc A256GCM."""
    parts = session_key_jwe.split(".") if isinstance(session_key_jwe, str) else []
    if len(parts) < 2:
        raise ProtocolError("session_key_jwe: not a compact JWE")
    if strict:
        if len(parts) != 5:
            raise ProtocolError(f"session_key_jwe: {len(parts)} segments, himmelblau needs 5")
        enc = json_segment(parts[0], "session_key_jwe header").get("enc")
        if enc != "A256GCM":
            raise ProtocolError(f"session_key_jwe: header enc is {enc!r}, himmelblau needs A256GCM")
    wrapped = b64decode_any(parts[1], "session_key_jwe encrypted key")
    oaep = asym_padding.OAEP(mgf=asym_padding.MGF1(hashes.SHA1()), algorithm=hashes.SHA1(), label=None)
    try:
        key = transport_key.decrypt(wrapped, oaep)
    except ValueError:
        raise ProtocolError("session_key_jwe: RSA-OAEP-SHA1 unwrap with the transport key failed") from None
    if len(key) != 32:
        raise ProtocolError(f"session_key_jwe: session key is {len(key)} bytes, expected 32")
    return key


def decrypt_client_key(jwe, session_key, what):
    """clientKey compact JWE {alg dir, ctx}: key = KDF(session key, ctx); the IV length picks the cipher
    (16 bytes AES-256-CBC/PKCS7, 12 bytes AES-256-GCM with AAD = header segment, tag = segment 5)."""
    parts = jwe.split(".")
    if len(parts) != 5:
        raise ProtocolError(f"{what}: compact JWE has {len(parts)} segments, expected 5")
    header = json_segment(parts[0], f"{what} header")
    if not isinstance(header.get("ctx"), str):
        raise ProtocolError(f"{what}: JWE header has no ctx")
    key = kdf_sp800108(session_key, b64decode_any(header["ctx"], f"{what} ctx"))
    iv = b64decode_any(parts[2], f"{what} IV")
    ciphertext = b64decode_any(parts[3], f"{what} ciphertext")
    try:
        if len(iv) == 16:
            decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
            padded = decryptor.update(ciphertext) + decryptor.finalize()
            unpadder = padding.PKCS7(128).unpadder()
            plain = unpadder.update(padded) + unpadder.finalize()
        elif len(iv) == 12:
            tag = b64decode_any(parts[4], f"{what} tag")
            plain = AESGCM(key).decrypt(iv, ciphertext + tag, parts[0].encode("ascii"))
        else:
            raise ProtocolError(f"{what}: IV is {len(iv)} bytes, expected 16 (CBC) or 12 (GCM)")
    except ProtocolError:
        raise
    except Exception as exc:  # bad padding, InvalidTag: wrong key derivation or corrupted JWE
        raise ProtocolError(f"{what}: decryption failed ({type(exc).__name__}); KDF or JWE layout mismatch") from None
    return plain


# ---- request JWTs (§3.2 steps 2-3, §3.2a) -------------------------------------------------------------------

def hello_assertion(hello_key, upn, nonce, style, now):
    payload = {"iss": upn, "aud": "common", "iat": now - style["skew"], "exp": now + style["skew"],
               "request_nonce": nonce, "scope": SCOPE}
    headers = {"kid": hello_kid(hello_key.public_key()), "use": "ngc", "typ": "JWT"}
    return jwt.encode(payload, hello_key, algorithm="RS256", headers=headers)


def outer_request(device_key, cert_der, upn, nonce, assertion, style_name):
    style = STYLES[style_name]
    if style_name == "roadtools":
        headers = {"typ": "JWT", "x5c": b64(cert_der), "kdf_ver": 2}
        payload = {"client_id": style["client_id"], "request_nonce": nonce, "scope": SCOPE, "group_sids": [],
                   "win_ver": style["win_ver"], "grant_type": JWT_BEARER, "username": upn, "assertion": assertion}
    else:  # himmelblau: x5c array, no kdf_ver, no group_sids, win_ver omitted (§3.2a "or omits it")
        headers = {"typ": "JWT", "x5c": [b64(cert_der)]}
        payload = {"client_id": style["client_id"], "request_nonce": nonce, "scope": SCOPE,
                   "grant_type": JWT_BEARER, "username": upn, "assertion": assertion}
    return jwt.encode(payload, device_key, algorithm="RS256", headers=headers)


# ---- HTTP -------------------------------------------------------------------------------------------------

def post(session, url, **kwargs):
    try:
        reply = session.post(url, timeout=60, verify=session.verify, **kwargs)
    except requests.exceptions.RequestException as exc:
        raise ProtocolError(f"POST {url}: {type(exc).__name__}: {exc}") from None
    if reply.status_code != 200:
        raise Refused(f"POST {url}: HTTP {reply.status_code}: {reply.text}")
    try:
        return reply.json()
    except ValueError:
        raise ProtocolError(f"POST {url}: HTTP 200 but the body is not JSON: {reply.text[:200]!r}") from None


def fetch_nonce(session, base, tenant, style_name):
    style = STYLES[style_name]
    url = f"{base}/{style['nonce_tenant'] or tenant}/oauth2/token"
    if style_name == "roadtools":
        body = post(session, url, data={"grant_type": "srv_challenge"})  # form-encoded
    else:
        body = post(session, url, data=b"grant_type=srv_challenge")  # bytes: requests sends no Content-Type
    nonce = body.get("Nonce") if isinstance(body, dict) else None
    if not isinstance(nonce, str) or not nonce:
        raise ProtocolError(f"nonce reply has no string 'Nonce' (exact capitalisation): {body!r}")
    return nonce


def request_prt(session, args, keys):
    style = STYLES[args.style]
    nonces = [fetch_nonce(session, args.base, args.tenant, args.style) for _ in range(style["nonces"])]
    assertion = hello_assertion(keys["hello"], args.username, nonces[-1], style, int(time.time()))
    request = outer_request(keys["device"], keys["cert"], args.username, nonces[0], assertion, args.style)
    form = {"windows_api_version": style["api"], "grant_type": JWT_BEARER, "request": request,
            "client_info": "1", "tgt": style["tgt"]}
    reply = post(session, f"{args.base}/{args.tenant}/oauth2/token", data=form)
    if not isinstance(reply, dict):
        raise ProtocolError("token reply is not a JSON object")
    return reply


# ---- Kerberos (§2.2, §2.3) ----------------------------------------------------------------------------------

def principal(asn):
    return "/".join(str(part) for part in asn["name-string"])


def der_decode(data, spec, what):
    try:
        value, rest = decoder.decode(data, asn1Spec=spec)
    except Exception as exc:
        raise ProtocolError(f"{what}: DER decode failed ({type(exc).__name__}: {exc})") from None
    if rest:
        raise ProtocolError(f"{what}: {len(rest)} trailing bytes after the DER value")
    return value


def decrypt_as_rep(as_rep_der, client_key, what):
    """Return (AS_REP, EncKDCRepPart, tag, plaintext); tag 25 = EncASRepPart, 26 = EncTGSRepPart."""
    as_rep = der_decode(as_rep_der, AS_REP(), f"{what}.messageBuffer AS-REP")
    etype = int(as_rep["enc-part"]["etype"])
    if etype != AES256_CTS:
        raise ProtocolError(f"{what}: AS-REP enc-part etype {etype}, expected {AES256_CTS}")
    try:
        plain = crypto._enctype_table[etype].decrypt(client_key, KU_AS_REP_ENC_PART, bytes(as_rep["enc-part"]["cipher"]))
    except Exception as exc:
        raise ProtocolError(f"{what}: AS-REP enc-part does not decrypt with clientKey, usage 3 ({exc})") from None
    tag = plain[0] & 0x1F if plain and plain[0] & 0xE0 == 0x60 else None
    spec = {25: EncASRepPart, 26: EncTGSRepPart}.get(tag)
    if spec is None:
        raise ProtocolError(f"{what}: decrypted enc-part is not [APPLICATION 25] or [APPLICATION 26]")
    return as_rep, der_decode(plain, spec(), f"{what} enc-part"), tag, plain


def write_ccache(as_rep_der, plain, tag, client_key, path, what):
    """MIT ccache via impacket's CCache.fromTGT, which only reads [APPLICATION 25] and needs starttime and
    renew-till (§3.2a); a [26] enc-part is re-tagged as [25] and re-encrypted under the same client key first."""
    plain = bytes([0x79]) + plain[1:]  # 0x79 = [APPLICATION 25] constructed
    enc_part = der_decode(plain, EncASRepPart(), f"{what} enc-part")
    if not (enc_part["starttime"].hasValue() and enc_part["renew-till"].hasValue()):
        raise ProtocolError(f"{what}: enc-part lacks starttime or renew-till; impacket's CCache.fromTGT "
                            "needs both (protocol-notes §3.2a)")
    if tag == 26:
        as_rep = der_decode(as_rep_der, AS_REP(), f"{what}.messageBuffer AS-REP")
        as_rep["enc-part"]["cipher"] = crypto._enctype_table[AES256_CTS].encrypt(client_key, KU_AS_REP_ENC_PART, plain, None)
        as_rep_der = encoder.encode(as_rep)
    session_key = crypto.Key(int(enc_part["key"]["keytype"]), bytes(enc_part["key"]["keyvalue"]))
    ccache = CCache()
    try:
        ccache.fromTGT(as_rep_der, client_key, session_key)
        ccache.saveFile(path)
    except OSError:
        raise
    except Exception as exc:
        raise ProtocolError(f"{what}: impacket CCache.fromTGT failed ({type(exc).__name__}: {exc})") from None


def ticket_flags(bits):
    return [f.name.replace("_", "-") for f in constants.TicketFlags if f.value < len(bits) and bits[f.value]]


def has_pac(enc_ticket):
    data = enc_ticket["authorization-data"]
    if not data.hasValue():
        return False
    for element in data:
        if int(element["ad-type"]) == AD_IF_RELEVANT_TYPE:
            inner = der_decode(bytes(element["ad-data"]), AD_IF_RELEVANT(), "AD-IF-RELEVANT")
            if any(int(sub["ad-type"]) == AD_WIN2K_PAC for sub in inner):
                return True
    return False


def inspect_ticket(as_rep, krbtgt_key, what):
    """Decrypt the ticket enc-part (usage 2) with the aes256 krbtgt key given on the command line."""
    try:
        plain = crypto._enctype_table[AES256_CTS].decrypt(krbtgt_key, KU_TICKET, bytes(as_rep["ticket"]["enc-part"]["cipher"]))
    except Exception as exc:
        raise ProtocolError(f"{what}: ticket enc-part does not decrypt with --krbtgt-key-hex, usage 2 ({exc})") from None
    enc_ticket = der_decode(plain, EncTicketPart(), f"{what} EncTicketPart")
    return {"crealm": str(enc_ticket["crealm"]), "cname": principal(enc_ticket["cname"]),
            "flags": ticket_flags(enc_ticket["flags"]), "has_pac": has_pac(enc_ticket)}


def parse_tgt(what, raw, session_key, args, ccache_path, krbtgt_key):
    """tgt_ad / tgt_cloud: a JSON string holding a JSON object (§3.2a); returns its report."""
    if not isinstance(raw, str):
        raise ProtocolError(f"{what}: must be a JSON string containing JSON, got {type(raw).__name__}")
    try:
        tgt = json.loads(raw)
    except ValueError:
        raise ProtocolError(f"{what}: string is not JSON") from None
    if not isinstance(tgt, dict) or not isinstance(tgt.get("keyType"), int):
        raise ProtocolError(f"{what}: not an object with an integer keyType")
    if args.style == "himmelblau":
        for field in ("sessionKeyType", "accountType"):
            if not isinstance(tgt.get(field), int) or tgt[field] < 0:
                raise ProtocolError(f"{what}: himmelblau needs {field} as u32")
    report = {"keyType": tgt["keyType"], "fields": {k: tgt.get(k) for k in
                                                    ("realm", "sn", "cn", "sessionKeyType", "accountType")}}
    if tgt.get("error") is not None:
        report["error"] = tgt["error"]
    if tgt["keyType"] == 0:
        return report
    if tgt["keyType"] != AES256_CTS:
        raise ProtocolError(f"{what}: keyType {tgt['keyType']}, expected 0 or {AES256_CTS}")
    client_key = tgt.get("clientKey")
    if not isinstance(client_key, str) or not isinstance(tgt.get("messageBuffer"), str):
        raise ProtocolError(f"{what}: clientKey and messageBuffer must be strings")
    if "." in client_key:
        raw_key = decrypt_client_key(client_key, session_key, f"{what}.clientKey")
    elif args.style == "himmelblau":  # H accepts a plain base64 key; R crashes on it (§3.2a)
        raw_key = b64decode_any(client_key, f"{what}.clientKey")
    else:
        raise ProtocolError(f"{what}.clientKey: plain base64, roadtools needs a compact JWE")
    if len(raw_key) != 32:
        raise ProtocolError(f"{what}.clientKey: {len(raw_key)} bytes, expected 32")
    key = crypto.Key(AES256_CTS, raw_key)
    as_rep_der = b64decode_any(tgt["messageBuffer"], f"{what}.messageBuffer")
    as_rep, enc_part, tag, plain = decrypt_as_rep(as_rep_der, key, what)
    ticket = as_rep["ticket"]
    kvno = ticket["enc-part"]["kvno"]
    report.update({
        "realm": str(as_rep["crealm"]), "cname": principal(as_rep["cname"]),
        "ticket_realm": str(ticket["realm"]), "sname": principal(ticket["sname"]),
        "ticket_kvno": int(kvno) & 0xFFFFFFFF if kvno.hasValue() else None,
        "ticket_etype": int(ticket["enc-part"]["etype"]), "enc_part_tag": tag,
        "session_key_type": int(enc_part["key"]["keytype"]),
        "has_starttime": enc_part["starttime"].hasValue(), "has_renew_till": enc_part["renew-till"].hasValue()})
    if ccache_path:
        write_ccache(as_rep_der, plain, tag, key, ccache_path, what)
        report["ccache"] = ccache_path
    if krbtgt_key is not None:
        report["ticket"] = inspect_ticket(as_rep, krbtgt_key, what)
    return report


# ---- the reply ----------------------------------------------------------------------------------------------

def check_himmelblau_reply(reply):
    """Types H deserialises strictly (§3.2a 'Reply')."""
    expected = {"token_type": str, "expires_in": str, "ext_expires_in": str, "expires_on": str,
                "refresh_token_expires_in": int, "id_token": str, "client_info": str}
    for field, kind in expected.items():
        if not isinstance(reply.get(field), kind) or isinstance(reply.get(field), bool):
            raise ProtocolError(f"token reply: himmelblau needs {field} as JSON {kind.__name__}, "
                                f"got {type(reply.get(field)).__name__}")


def summarize(reply, args, transport_key, krbtgt_key):
    for field in ("refresh_token", "session_key_jwe"):
        if not isinstance(reply.get(field), str):
            raise ProtocolError(f"token reply: no string {field}")
    if args.style == "himmelblau":
        check_himmelblau_reply(reply)
    session_key = decrypt_session_key(reply["session_key_jwe"], transport_key, args.style == "himmelblau")
    out = {"style": args.style, "token_type": reply.get("token_type"), "has_refresh_token": bool(reply["refresh_token"]),
           "id_token_claims": None, "client_info": None}
    if isinstance(reply.get("id_token"), str):
        try:
            claims = jwt.decode(reply["id_token"], options={"verify_signature": False})
        except jwt.PyJWTError as exc:
            raise ProtocolError(f"id_token: {exc}") from None
        out["id_token_claims"] = {k: claims.get(k) for k in ("name", "oid", "tid")}
    if isinstance(reply.get("client_info"), str):
        out["client_info"] = json_segment(reply["client_info"], "client_info")
    for name, path in (("tgt_ad", args.ccache), ("tgt_cloud", args.cloud_ccache)):
        out[name] = None
        if reply.get(name) is not None:
            out[name] = parse_tgt(name, reply[name], session_key, args, path, krbtgt_key if name == "tgt_ad" else None)
        elif path:
            raise ProtocolError(f"{name}: absent from the reply, cannot write {path}")
    names = reply.get("kerberos_top_level_names")
    if names is not None and not isinstance(names, str):
        raise ProtocolError("kerberos_top_level_names: must be a comma-separated string")
    out["kerberos_top_level_names"] = names
    return out


class Parser(argparse.ArgumentParser):
    def error(self, message):
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def parse_args(argv):
    p = Parser(prog="prt_client.py", description="Entra PRT test client (protocol-notes §3.2a)")
    for flag in ("--base", "--tenant", "--ca", "--device-cert", "--device-key", "--transport-key",
                 "--hello-key", "--username"):
        p.add_argument(flag, required=True)
    p.add_argument("--style", choices=sorted(STYLES), default="roadtools")
    p.add_argument("--ccache", help="write the tgt_ad TGT as an MIT ccache")
    p.add_argument("--cloud-ccache", help="write the tgt_cloud TGT as an MIT ccache")
    p.add_argument("--krbtgt-key-hex", help="aes256 krbtgt key: also decrypt and describe the tgt_ad ticket")
    args = p.parse_args(argv)
    args.base = args.base.rstrip("/")
    return args


def main(argv=None):
    args = parse_args(argv)
    try:
        keys = {"device": load_private_key(args.device_key), "hello": load_private_key(args.hello_key),
                "cert": load_cert_der(args.device_cert)}
        transport_key = load_private_key(args.transport_key)
        krbtgt_key = crypto.Key(AES256_CTS, bytes.fromhex(args.krbtgt_key_hex)) if args.krbtgt_key_hex else None
    except (OSError, ValueError, TypeError) as exc:
        print(f"prt_client: bad local input: {exc}", file=sys.stderr)
        return EXIT_USAGE
    session = requests.Session()
    # Only --ca is trusted: a request-level verify= (set in post()) is needed because requests lets
    # REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE override Session.verify; trust_env=False also ignores proxy variables.
    session.trust_env = False
    session.verify = args.ca
    try:
        out = summarize(request_prt(session, args, keys), args, transport_key, krbtgt_key)
    except Refused as exc:
        print(f"prt_client: refused: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except ProtocolError as exc:
        print(f"prt_client: protocol error: {exc}", file=sys.stderr)
        return EXIT_PROTOCOL
    except OSError as exc:  # writing a ccache
        print(f"prt_client: local I/O: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(json.dumps(out))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
