"""The population registry (Dukcapil-compatible ``CALL_NIK``): client, typed results, simulator.

See ../shared/spec/registry-api.md. ``app.citizen.lookup`` is the lookup the reader and the window call
(``lookup_for_identity``), ``app.cli.registry`` the command-line pieces; ``app.citizen.merge`` turns a chip
read plus a lookup into one applicant.
"""

from app.registry.client import Credentials, RegistryClient, RegistryConfigError, read_credentials
from app.registry.result import (
    Failed,
    FailureKind,
    Found,
    LookupResult,
    NotFound,
    RefusalKind,
    Refused,
    RegistryRecord,
)

__all__ = [
    "Credentials", "Failed", "FailureKind", "Found", "LookupResult", "NotFound", "RefusalKind", "Refused",
    "RegistryClient", "RegistryConfigError", "RegistryRecord", "read_credentials",
]
