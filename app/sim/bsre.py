"""A simulator of BSrE's ESign API in the shape OpenSID calls it, for tests and demos (app/letters/bsre.py).

- ``POST /api/sign/pdf``: HTTP Basic login, multipart ``file`` ``nik`` ``passphrase`` ``tampilan``; answers the
  signed PDF (``application/pdf``).
- ``POST /api/v2/sign/pdf``: HTTP Basic login, JSON ``{"nik", "passphrase", "signatureProperties": [...],
  "file": [base64]}``; answers ``{"file": [base64], "time": ms}``.
- Refusals as the real service gives them: 401 for the application login, 400 with ``{"status_code": 2031,
  "error": "Passphrase anda salah"}`` for a wrong passphrase, ``{"status_code": 1111, ...}`` for an unknown NIK.

The simulated certificate authority is made at start (``SimulatorHandle.root_pem`` is its root, for
``letters.pdf_trust_roots``); the PDF is signed PAdES B-B by pyHanko with a certificate for the official.
Faults for hostile tests (``set_fault``): ``html`` (200 with an HTML error page), ``redirect`` (302 elsewhere),
``huge`` (an endless answer), ``unsigned`` (200 with the PDF sent back untouched).
"""

from __future__ import annotations

import base64
import datetime
import email
import email.policy
import io
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SIM_USER = "esign"
SIM_PASSWORD = "sim-esign-password"
SIM_NIK = "6471050101800001"  # the simulated official (not a citizen of the simulated population)
SIM_PASSPHRASE = "Rahasia#Pejabat1"
MAX_BODY = 20 * 1024 * 1024


@dataclass
class Seen:
    path: str
    fields: dict[str, str] = field(default_factory=dict)  # what came besides the file (passphrase included)


class _Authority:
    """The simulated CA and the official's certificate, as pyHanko signers and PEM."""

    def __init__(self) -> None:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID

        now = datetime.datetime.now(datetime.UTC)

        def name(cn: str) -> x509.Name:
            return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
                              x509.NameAttribute(NameOID.ORGANIZATION_NAME, "BSrE Simulasi"),
                              x509.NameAttribute(NameOID.COMMON_NAME, cn)])

        ca_key = ec.generate_private_key(ec.SECP256R1())
        ca = (x509.CertificateBuilder().subject_name(name("Root CA BSrE Simulasi"))
              .issuer_name(name("Root CA BSrE Simulasi")).public_key(ca_key.public_key())
              .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
              .not_valid_after(now + datetime.timedelta(days=3650))
              .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
              .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
              .sign(ca_key, hashes.SHA256()))
        key = ec.generate_private_key(ec.SECP256R1())
        cert = (x509.CertificateBuilder().subject_name(name("Pejabat Simulasi")).issuer_name(ca.subject)
                .public_key(key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=730))
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False),
                               critical=True)
                .sign(ca_key, hashes.SHA256()))
        self.root_pem = ca.public_bytes(serialization.Encoding.PEM)
        from asn1crypto import keys
        from asn1crypto import x509 as ax509
        from pyhanko.sign import signers
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        der = serialization.Encoding.DER
        self.signer = signers.SimpleSigner(
            signing_cert=ax509.Certificate.load(cert.public_bytes(der)),
            signing_key=keys.PrivateKeyInfo.load(key.private_bytes(der, serialization.PrivateFormat.PKCS8,
                                                                   serialization.NoEncryption())),
            cert_registry=SimpleCertificateStore.from_certs([ax509.Certificate.load(ca.public_bytes(der))]))

    def sign(self, pdf: bytes) -> bytes:
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import signers
        from pyhanko.sign.fields import SigSeedSubFilter

        meta = signers.PdfSignatureMetadata(field_name="BSrE", subfilter=SigSeedSubFilter.PADES, md_algorithm="sha256")
        return signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False), meta,
                                signer=self.signer).getvalue()


class BsreServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.authority = _Authority()
        self.fault: str | None = None
        self.seen: list[Seen] = []
        self.lock = threading.Lock()


class _Handler(BaseHTTPRequestHandler):
    server: BsreServer

    def log_message(self, format: str, *args: object) -> None:  # the passphrase never reaches a log
        pass

    def _send(self, status: int, body: bytes, content_type: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status: int, code: int, text: str) -> None:
        self._send(status, json.dumps({"status_code": code, "error": text}).encode(), "application/json")

    def _login_ok(self) -> bool:
        expected = "Basic " + base64.b64encode(f"{SIM_USER}:{SIM_PASSWORD}".encode()).decode()
        return self.headers.get("Authorization") == expected

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._error(413, 413, "File terlalu besar")
            return
        body = self.rfile.read(length)
        if not self._login_ok():
            self._send(401, b'{"error": "Unauthorized"}', "application/json", {"WWW-Authenticate": "Basic"})
            return
        if self.path == "/api/sign/pdf":
            fields, pdf = self._multipart(body)
        elif self.path == "/api/v2/sign/pdf":
            fields, pdf = self._json(body)
        else:
            self._error(404, 404, "Not found")
            return
        with self.server.lock:
            self.server.seen.append(Seen(self.path, {k: v for k, v in fields.items()}))
            fault = self.server.fault
        if pdf is None or not pdf.startswith(b"%PDF-"):
            self._error(400, 2021, "Dokumen bukan PDF")
        elif fields.get("nik") != SIM_NIK:
            self._error(400, 1111, "Pengguna tidak terdaftar")
        elif fields.get("passphrase") != SIM_PASSPHRASE:
            self._error(400, 2031, "Passphrase anda salah")
        elif fault == "html":
            self._send(200, b"<html><body>Internal error</body></html>", "text/html")
        elif fault == "redirect":
            self._send(302, b"", "text/plain", {"Location": "http://127.0.0.1:9/elsewhere"})
        elif fault == "huge":
            self._send_endless()
        else:
            signed = pdf if fault == "unsigned" else self.server.authority.sign(pdf)
            if self.path == "/api/sign/pdf":
                self._send(200, signed, "application/pdf")
            else:
                answer = {"file": [base64.b64encode(signed).decode()], "time": 42}
                self._send(200, json.dumps(answer).encode(), "application/json")

    def _send_endless(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.end_headers()
        chunk = b"%PDF-" + b"0" * 65531
        try:
            for _ in range(2000):  # 128 MB: more than any client should read
                self.wfile.write(chunk)
        except OSError:
            pass

    def _multipart(self, body: bytes) -> tuple[dict[str, str], bytes | None]:
        head = f"Content-Type: {self.headers.get('Content-Type', '')}\r\n\r\n".encode()
        message = email.message_from_bytes(head + body, policy=email.policy.HTTP)
        fields: dict[str, str] = {}
        pdf = None
        if message.is_multipart():
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                data = part.get_payload(decode=True) or b""
                if name == "file":
                    pdf = data
                elif isinstance(name, str):
                    fields[name] = data.decode("utf-8", "replace")
        return fields, pdf

    def _json(self, body: bytes) -> tuple[dict[str, str], bytes | None]:
        try:
            request = json.loads(body)
            pdf = base64.b64decode(request["file"][0])
            props = request.get("signatureProperties") or [{}]
            return {"nik": str(request.get("nik")), "passphrase": str(request.get("passphrase")),
                    "tampilan": str(props[0].get("tampilan"))}, pdf
        except (ValueError, KeyError, IndexError, TypeError, AttributeError):
            return {}, None


class SimulatorHandle:
    def __init__(self, server: BsreServer) -> None:
        self.server = server
        self.url = f"http://127.0.0.1:{server.server_address[1]}"
        self.root_pem = server.authority.root_pem
        self._thread = threading.Thread(target=server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def seen(self) -> list[Seen]:
        with self.server.lock:
            return list(self.server.seen)

    def set_fault(self, fault: str | None) -> None:
        with self.server.lock:
            self.server.fault = fault

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(5)


def start_simulator(port: int = 0) -> SimulatorHandle:
    return SimulatorHandle(BsreServer(port))
