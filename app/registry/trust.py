"""Which certificates a registry over https:// is checked against.

``registry.ca_bundle`` ADDS a private root (an agency's own CA for its VPN endpoint) to the public ones; it
never replaces them. A registry behind a public CA keeps working when IT also sets a private root, and a
ca_bundle can never narrow the trust to one file by accident. Verification is never switched off.

The public roots are the operating system's (Windows' certificate store, OpenSSL's default paths, which
honour ``SSL_CERT_FILE``) and certifi's, so a PC with an empty or old system store still verifies.
"""

from __future__ import annotations

import ssl

from app.base.clerktext import QT_TRANSLATE_NOOP
from app.registry.errors import RegistryConfigError

CA_LIMIT = 4 * 1024 * 1024  # the whole public bundle is ~0.3 MB


def trust_context(ca_bundle: str = "") -> ssl.SSLContext:
    context = ssl.create_default_context()  # the system's roots, hostname checking, TLS 1.2 or newer
    try:
        import certifi

        context.load_verify_locations(cafile=certifi.where())
    except (ImportError, OSError, ssl.SSLError):
        pass  # the system's roots alone
    if ca_bundle:
        from forms.files import read_regular_text

        try:  # read here, a regular file of bounded size: a FIFO or a device would hold the lookup past its budget
            context.load_verify_locations(cadata=read_regular_text(ca_bundle, CA_LIMIT))
        except (OSError, ssl.SSLError, ValueError):
            raise RegistryConfigError(
                "registry.ca_bundle cannot be read as PEM certificates",
                QT_TRANSLATE_NOOP("Core", "Berkas sertifikat CA data kependudukan (registry.ca_bundle) tidak dapat "
                                          "dibaca; hubungi petugas IT, sementara itu data dari chip tetap "
                                          "dipakai.")) from None
    return context
