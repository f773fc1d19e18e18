# Run: python3 envelope-v1-vector.py  (needs pyca/cryptography); prints the kid and envelope pinned in KeyEnvelopeVectorTest.
# Independent re-derivation of the pinned KeyEnvelope v1 vector from the format description.
import hashlib, struct, uuid
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives import hashes, serialization
import base64
def stream(seed):
    c = 0
    while True:
        yield from hashlib.sha256(seed.encode() + c.to_bytes(8, 'big')).digest(); c += 1
def take(g, n): return bytes(next(g) for _ in range(n))
N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551
def scalar(g):
    while True:
        d = int.from_bytes(take(g, 32), 'big')
        if 0 < d < N: return d
tenant = ec.derive_private_key(scalar(stream("kerbridge tenant transport key")), ec.SECP256R1())
tpt = tenant.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b'=').decode()
kid = b64(hashlib.sha256(('{"crv":"P-256","kty":"EC","x":"%s","y":"%s"}' % (b64(tpt[1:33]), b64(tpt[33:]))).encode()).digest())
key = take(stream("krbtgt_30775 key"), 32)
g = stream("kerbridge envelope")
eph = ec.derive_private_key(scalar(g), ec.SECP256R1())
nonce = take(g, 12)
ept = eph.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
dom = b"ad.contoso.com"
ctx = uuid.UUID("72f988bf-86f1-41af-91ab-2d7cd011db47").bytes + struct.pack(">HIi", 30775, 1585708, 18) + bytes([len(dom)]) + dom
header = b"KBKT" + bytes([1, len(kid)]) + kid.encode() + ctx + ept + nonce
z = eph.exchange(ec.ECDH(), tenant.public_key())
k = HKDF(hashes.SHA256(), 32, ept + tpt, b"kerbridge kerberos-domain key v1\x00" + ctx).derive(z)
print("KID", kid)
print("ENV", (header + AESGCM(k).encrypt(nonce, key, header)).hex())
