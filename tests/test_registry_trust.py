"""``registry.ca_bundle`` adds the agency's private root to the public ones; it never replaces them.

Two registry simulators over real TLS on loopback: one whose certificate chains to a private CA (the agency's
VPN endpoint), one whose chain ends at a stand-in for the public roots (given to OpenSSL as SSL_CERT_FILE,
as the operating system's store would be). With the private root configured both verify; without it only the
public one does; a certificate from neither is refused with the registry's transport sentence."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from app.registry.client import Credentials, RegistryClient, RegistryConfigError
from app.registry.result import Failed, FailureKind, Found
from app.sim.registry import SIM_AGENCY, SIM_PASSWORD, SIM_USER, start_simulator
from reader.simulator.population import POPULATION

SITI = POPULATION[3]
NOW = dt.datetime.now(dt.UTC)


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def make_ca(tmp: Path, common: str) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(_name(common)).issuer_name(_name(common))
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(NOW - dt.timedelta(days=1)).not_valid_after(NOW + dt.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True)
            .sign(key, hashes.SHA256()))
    pem = tmp / f"{common.replace(' ', '-')}.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key, cert, pem


def server_context(tmp: Path, ca: tuple[ec.EllipticCurvePrivateKey, x509.Certificate, Path]) -> ssl.SSLContext:
    ca_key, ca_cert, _ = ca
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(_name("registry")).issuer_name(ca_cert.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(NOW - dt.timedelta(days=1)).not_valid_after(NOW + dt.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .sign(ca_key, hashes.SHA256()))
    chain = tmp / f"server-{x509.random_serial_number()}.pem"
    chain.write_bytes(cert.public_bytes(serialization.Encoding.PEM)
                      + key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(chain)
    return context


@contextmanager
def tls_registry(context: ssl.SSLContext) -> Iterator[str]:
    handle = start_simulator(port=0)
    handle.server.socket = context.wrap_socket(handle.server.socket, server_side=True)
    try:
        yield f"https://127.0.0.1:{handle.port}"
    finally:
        handle.stop()


@pytest.fixture
def cas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    public = make_ca(tmp_path, "Contoh Public Root")
    private = make_ca(tmp_path, "Dukcapil VPN Root")
    stranger = make_ca(tmp_path, "Nobody Root")
    monkeypatch.setenv("SSL_CERT_FILE", str(public[2]))  # the "operating system's" public roots
    return public, private, stranger


def ask(url: str, ca_bundle: str = ""):  # type: ignore[no-untyped-def]
    client = RegistryClient(url, SIM_AGENCY, Credentials(SIM_USER, SIM_PASSWORD), ca_bundle=ca_bundle,
                            budget_seconds=5.0)
    try:
        return client.lookup(SITI.nik)
    finally:
        client.close()


def test_a_private_root_is_added_to_the_public_ones(cas, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    public, private, stranger = cas
    with tls_registry(server_context(tmp_path, private)) as private_url, \
            tls_registry(server_context(tmp_path, public)) as public_url, \
            tls_registry(server_context(tmp_path, stranger)) as stranger_url:
        assert isinstance(ask(private_url, str(private[2])), Found)
        assert isinstance(ask(public_url, str(private[2])), Found)  # the public one still verifies beside it
        assert isinstance(ask(public_url), Found)
        refused = ask(private_url)  # no private root configured: the agency's certificate is not trusted
        assert isinstance(refused, Failed) and refused.kind is FailureKind.TRANSPORT
        assert "tidak dapat dihubungi" in refused.id_text
        assert isinstance(ask(stranger_url, str(private[2])), Failed)  # and nothing else is


def test_an_unreadable_ca_bundle_is_a_setup_problem_in_one_sentence(tmp_path: Path) -> None:
    bad = tmp_path / "ca.pem"
    bad.write_text("bukan sertifikat")
    for path in (bad, tmp_path / "tidak-ada.pem", tmp_path):
        with pytest.raises(RegistryConfigError) as caught:
            RegistryClient("https://127.0.0.1:1", SIM_AGENCY, Credentials("u", "p"), ca_bundle=str(path))
        assert "registry.ca_bundle" in caught.value.id_text
