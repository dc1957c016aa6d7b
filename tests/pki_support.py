"""A small PKI for the PDF signature tests: an office root, a signing certificate as a PKCS#12, a stranger's
root, and a RFC 3161 timestamp authority on loopback (pyHanko's DummyTimeStamper behind a real HTTP server).
"""

from __future__ import annotations

import datetime
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

NOW = datetime.datetime.now(datetime.UTC)


@dataclass
class Issued:
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
    cert: x509.Certificate

    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Kelurahan Manggar (uji)"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def root(cn: str = "Loket Test Root CA") -> Issued:
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(_name(cn)).issuer_name(_name(cn)).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(NOW - datetime.timedelta(days=1)).not_valid_after(NOW + datetime.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    return Issued(key, cert)


def leaf(ca: Issued, cn: str, timestamping: bool = False) -> Issued:
    # pyHanko's DummyTimeStamper signs with RSA only; the letter signer is EC, as a modern office CA issues.
    key = rsa.generate_private_key(65537, 2048) if timestamping else ec.generate_private_key(ec.SECP256R1())
    builder = (x509.CertificateBuilder().subject_name(_name(cn)).issuer_name(ca.cert.subject)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(NOW - datetime.timedelta(days=1)).not_valid_after(NOW + datetime.timedelta(days=730))
               .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=not timestamping,
                                            key_encipherment=False, data_encipherment=False, key_agreement=False,
                                            key_cert_sign=False, crl_sign=False, encipher_only=False,
                                            decipher_only=False), critical=True)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False))
    if timestamping:
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    return Issued(key, builder.sign(ca.key, hashes.SHA256()))


def p12(signer: Issued, ca: Issued, password: str) -> bytes:
    return pkcs12.serialize_key_and_certificates(
        b"loket-signing", signer.key, signer.cert, [ca.cert],
        serialization.BestAvailableEncryption(password.encode()))


@dataclass
class Office:
    ca: Issued
    signer: Issued
    password: str
    pkcs12: bytes

    def root_file(self, folder: Path) -> Path:
        path = folder / "office-root.pem"
        path.write_bytes(self.ca.pem())
        return path


def office(password: str = "sandi-uji-123") -> Office:
    ca = root()
    signer = leaf(ca, "Lurah Manggar (uji)")
    return Office(ca, signer, password, p12(signer, ca, password))


def _asn1(issued: Issued) -> tuple[object, object]:
    from asn1crypto import keys
    from asn1crypto import x509 as ax509

    der_key = issued.key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption())
    cert = ax509.Certificate.load(issued.cert.public_bytes(serialization.Encoding.DER))
    return cert, keys.PrivateKeyInfo.load(der_key)


@contextmanager
def tsa(ca: Issued) -> Iterator[tuple[str, list[str]]]:
    """(URL, the paths asked) of a RFC 3161 TSA on loopback whose certificate ``ca`` issued."""
    from asn1crypto import tsp
    from pyhanko.sign.timestamps import DummyTimeStamper

    unit = leaf(ca, "Loket Test TSA", timestamping=True)
    cert, key = _asn1(unit)
    ca_cert, _ = _asn1(ca)
    stamper = DummyTimeStamper(tsa_cert=cert, tsa_key=key, certs_to_embed=[ca_cert])  # type: ignore[arg-type]
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            asked.append(self.path)
            body = self.rfile.read(min(int(self.headers.get("Content-Length") or 0), 65536))
            reply = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/tsa", asked
    finally:
        server.shutdown()
        server.server_close()
