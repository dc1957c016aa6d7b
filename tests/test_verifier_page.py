"""The offline verification page (`loket letters verifier`) in Debian's headless Chromium with the network cut.

A genuine seal in the URL fragment gives `valid` with the office's and the citizen's names on screen; each
forgery of issue 28 gives its verdict word in ``document.body.dataset.verdict``; the Ed25519 fallback (noble)
decides the same as WebCrypto; the camera path (a fake camera showing the printed QR) and the page served from
an office's website work too; and in every case no request leaves for anywhere but the page itself. The
vendored npm files are checked against the versions recorded beside them.
"""

from __future__ import annotations

import hashlib
import http.server
import threading
from pathlib import Path

import pytest

import resources
from app.letters import verifierpage
from tests import seal_spec_support as spec
from tests.cdp_support import browser

VENDOR = resources.path("verifier", "vendor")
SHOWN = "document.body && document.body.dataset.verdict"


def _versions() -> list[list[str]]:
    lines = (VENDOR / "VERSIONS").read_text(encoding="utf-8").splitlines()
    return [line.split() for line in lines if line.strip() and not line.startswith("#")]


def test_every_vendored_file_is_the_npm_release_recorded_with_its_licence() -> None:
    rows = _versions()
    assert {r[0] for r in rows} == {"jsQR.js", "noble-ed25519.js", "cbor-x.min.js"}
    for file, package, _inner, integrity, sha256 in rows:
        assert hashlib.sha256((VENDOR / file).read_bytes()).hexdigest() == sha256, f"{file} is not {package}"
        assert integrity.startswith("sha512-")
        name = package.rsplit("@", 1)[0].split("/")[-1]
        licence = VENDOR / f"LICENSE-{'noble-ed25519' if name == 'ed25519' else name}"
        assert licence.read_text().strip(), f"no licence for {package}"


def test_the_page_holds_its_trust_list_and_asks_for_nothing_outside(tmp_path: Path) -> None:
    office = spec.new_key()
    trust = {"v": 1, "keys": [office.entry(on="KEL. <b>MANGGAR</b> & </script><script>x()</script>")]}
    page = verifierpage.render(trust).decode("utf-8")
    assert "connect-src 'none'" in page and "default-src 'none'" in page
    assert page.count("</script>") == page.count("<script")  # the office's name did not close an element
    assert office.entry()["public_key"] in page
    assert "KEL. &lt;b&gt;MANGGAR&lt;/b&gt;" in page  # shown as text in the heading
    for scheme in ("http://", "https://"):  # licence headers name sites; no src/href may point at one
        assert f'src="{scheme}' not in page and f'href="{scheme}' not in page


def _page(tmp_path: Path, trust: dict[str, object], name: str) -> Path:
    out = tmp_path / f"{name}.html"
    out.write_bytes(verifierpage.render(trust))
    return out


def test_a_genuine_seal_is_valid_and_every_forgery_gets_its_word_with_no_request(tmp_path: Path) -> None:
    office, stranger = spec.new_key(), spec.new_key()
    cases = spec.cases(office, stranger)
    with browser() as b:
        for engine in ("", "?ed25519=noble"):
            for case in cases:
                page = b.new_page()
                page.navigate(_page(tmp_path, case.trust, case.name).as_uri() + engine + "#" + case.content)
                got = page.wait_for(SHOWN)
                assert got == case.verdict, f"{case.name} ({engine or 'webcrypto'}): {got}"
                text = page.evaluate("document.body.innerText")
                if case.verdict == "valid":
                    assert "SAH" in text.split() and "TIDAK SAH" not in text
                    for shown in ("KELURAHAN MANGGAR", "SITI NURHALIZA RISTIANDY", "470/007/KEL/XII/2026",
                                  "1906015205900003", "Pengajuan KUR", "WARUNG BU SITI", "2026-12-07"):
                        assert shown in text
                    assert page.evaluate("document.body.dataset.engine") == ("noble" if engine else "webcrypto")
                else:
                    assert "TIDAK SAH" in text and "SITI NURHALIZA" not in text
                assert page.remote_requests() == [], f"{case.name} made requests"
                page.call("Page.close")


def test_a_letter_dated_before_the_revocation_stays_valid(tmp_path: Path) -> None:
    office = spec.new_key()
    trust = {"v": 1, "keys": [office.entry(revoked="2026-12-08")]}
    with browser() as b:
        page = b.new_page()
        page.navigate(_page(tmp_path, trust, "later").as_uri() + "#" + spec.seal(office))
        assert page.wait_for(SHOWN) == "valid"


def test_a_hostile_name_in_a_signed_seal_is_text_not_markup(tmp_path: Path) -> None:
    office = spec.new_key()
    evil = '<img src="https://evil.example/x.png" onerror="document.body.dataset.pwned=1">'
    trust = {"v": 1, "keys": [office.entry()]}
    with browser() as b:
        page = b.new_page()
        page.navigate(_page(tmp_path, trust, "xss").as_uri() + "#" + spec.seal(office, {**spec.PAYLOAD, "nm": evil}))
        assert page.wait_for(SHOWN) == "valid"
        assert evil in page.evaluate("document.body.innerText")
        assert page.evaluate("document.querySelectorAll('img').length") == 0
        assert page.evaluate("document.body.dataset.pwned") is None
        assert page.remote_requests() == []


class _Site(http.server.ThreadingHTTPServer):
    """The office's website, serving the page at /cek."""


def test_served_from_the_office_website_it_checks_seals_after_the_site_is_gone(tmp_path: Path) -> None:
    office, stranger = spec.new_key(), spec.new_key()
    body = verifierpage.render({"v": 1, "keys": [office.entry()]})
    served: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            served.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    site = _Site(("127.0.0.1", 0), Handler)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{site.server_address[1]}/cek"
    with browser() as b:
        page = b.new_page()
        try:
            page.navigate(url + "#" + spec.seal(office))
            assert page.wait_for(SHOWN) == "valid"
        finally:
            site.shutdown()
            site.server_close()
        # Offline once opened: the next letter's seal (a new fragment) needs no server.
        page.evaluate("document.body.dataset.verdict = ''")
        page.navigate(url + "#" + spec.seal(stranger))
        assert page.wait_for(SHOWN) == "unknown_office"
        assert served == ["/cek"]  # the fragment never reached the server
        assert page.remote_requests() == [url]


def _y4m(png: Path, out: Path) -> None:
    """A still Y4M video of ``png`` for Chromium's fake camera."""
    from PIL import Image

    image = Image.open(png).convert("RGB").resize((640, 480))
    y, cb, cr = image.convert("YCbCr").split()
    frame = y.tobytes() + cb.resize((320, 240)).tobytes() + cr.resize((320, 240)).tobytes()
    with out.open("wb") as f:
        f.write(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n")
        for _ in range(10):
            f.write(b"FRAME\n" + frame)


def test_the_camera_reads_the_printed_qr_and_decides(tmp_path: Path) -> None:
    segno = pytest.importorskip("segno")
    from PIL import Image

    office = spec.new_key()
    qr = tmp_path / "qr.png"
    segno.make_qr(spec.seal(office), error="m").save(qr, scale=4, border=4)
    canvas = Image.new("RGB", (640, 480), "white")
    code = Image.open(qr).convert("RGB")
    canvas.paste(code, ((640 - code.width) // 2, (480 - code.height) // 2))
    canvas.save(tmp_path / "frame.png")
    _y4m(tmp_path / "frame.png", tmp_path / "camera.y4m")
    page_file = _page(tmp_path, {"v": 1, "keys": [office.entry()]}, "camera")
    with browser("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                 f"--use-file-for-fake-video-capture={tmp_path / 'camera.y4m'}") as b:
        page = b.new_page()
        page.navigate(page_file.as_uri() + "?qr=jsqr")
        page.wait_for("document.readyState === 'complete'")
        page.evaluate("document.getElementById('scan').click()", user_gesture=True)
        assert page.wait_for(SHOWN, 30) == "valid"
        assert page.evaluate("document.body.dataset.decoder") == "jsQR"
        assert "SITI NURHALIZA RISTIANDY" in page.evaluate("document.body.innerText")
        assert page.remote_requests() == []


def test_the_vendored_files_equal_the_npm_tarballs() -> None:
    """scripts/verifier-vendor.sh against the registry; skipped where npm cannot reach it (the test stack's
    network namespace has only loopback), unless LOKET_REQUIRE_NPM=1."""
    import os
    import shutil
    import subprocess

    def reachable() -> bool:  # a quick look first: npm itself retries for minutes where there is no network
        import socket

        try:
            socket.create_connection(("registry.npmjs.org", 443), timeout=5).close()
            return True
        except OSError:
            return False

    if shutil.which("npm") is None or not reachable():
        if os.environ.get("LOKET_REQUIRE_NPM") == "1":
            pytest.fail("npm and its registry are required here (LOKET_REQUIRE_NPM=1)")
        pytest.skip("npm registry not reachable from here")
    script = Path(__file__).resolve().parents[1] / "scripts" / "verifier-vendor.sh"
    done = subprocess.run(["bash", str(script)], capture_output=True, text=True, timeout=600,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count(" = ") == 3
