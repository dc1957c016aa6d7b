"""Every setting Loket knows, its type, default and meaning: the one schema the app, the settings dialog and
the installer's helper check values against (pydantic v2).

``check(data)`` takes what the files say and gives back what may be used: a value of the wrong type, out of
range or not one of the choices is left out, so its default applies to that one field and the rest of the
file stands; a key no Loket knows is kept (a newer Loket may have written it) and named. The README's
table of settings is generated from here (``python -m app.base.settings_schema``) and a test keeps it equal.
"""

from __future__ import annotations

import copy
import dataclasses
import sys
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from app.base.clerktext import QT_TRANSLATE_NOOP
from reader.options import CardOptions

MAX_NUMBER = 1e9  # no count, size or number of seconds in the settings comes near a billion


class Section(BaseModel):
    # strict: "4" is not 4 and true is not 1 in a hand-edited file; extra keys are kept and reported.
    model_config = ConfigDict(strict=True, extra="allow", allow_inf_nan=False)


def _seconds(default: float, doc: str, *, gt: float | None = 0, le: float = MAX_NUMBER) -> Any:
    # gt=None: zero is allowed, a negative number of seconds never is.
    return Field(default, gt=gt, ge=None if gt is not None else 0, le=le, description=doc)


class Readers(Section):
    card_reader: str = Field("", description="part of the contactless reader's PC/SC name; empty = find by probing")
    sam_reader: str = Field("", description="part of the SAM reader's PC/SC name; empty = find by probing")
    ignore_readers: list[str] = Field(["Yubico", "YubiKey", "Nitrokey", "Windows Hello"],
                                      description="readers never probed (security keys)")


class Card(Section):
    sam_slot: Literal[0, 1, 2] = Field(0, description="1 or 2: send the vendor escape for two-slot readers")
    sam_slot_control_code: int = Field(CardOptions.sam_slot_control_code, ge=0, le=0xFFFFFFFF,
                                       description="SCardControl code of that escape")
    auth_p2: Literal["kiosk", "always01"] = Field("kiosk", description="`kiosk`: P2 01 when CC_LEN = 51, else 00")
    plain_chunk: int = Field(248, ge=8, le=255, description="photo READ BINARY chunk")
    sm_chunk: int = Field(208, ge=1, le=231, description="secure-messaging chunk")
    extended_length: bool = Field(True, description="try one extended READ BINARY for the photo")
    photo_to_sam: bool = Field(True, description="the photo goes to the SAM for the authenticity check")
    read_fingerprints: bool = Field(False, description="Loket does no fingerprint matching: leave false")
    biodata_fields: dict[str, int] = Field({}, description="corrections to reader/biodata_fields.json")

    @field_validator("biodata_fields")
    @classmethod
    def _known_fields(cls, value: dict[str, int]) -> dict[str, int]:
        from reader.biodata import field_table

        field_table(value)  # raises ValueError naming an unknown field
        return value


class Registry(Section):
    base_url: str = Field("", description="the registry's base URL (IT); http:// only for private addresses")

    @field_validator("base_url")
    @classmethod
    def _a_web_address(cls, value: str) -> str:
        # Which http:// hosts are allowed is the client's rule (it needs the address resolved); here only
        # what can never be a registry: no scheme at all, or another one.
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    agency: str = Field("", description="agency code in the URL path (IT)")
    ip_user: str = Field("", description="IP_USER sent to the registry; empty = the route's own address")
    ca_bundle: str = Field("", description="PEM file adding a private root CA to the public ones")
    budget_seconds: float = _seconds(4.0, "time for one lookup, retries included", le=120)


class Gui(Section):
    language: Literal["id", "en"] = Field("id", description="the window's language (`id` or `en`)")
    idle_seconds: float = _seconds(180, "idle time before the screen is cleared (the draft is kept)")
    service: str = Field("", description="the service chosen last (the window keeps it)")
    last_printer: str = Field("", description="the printer chosen last (the window keeps it)")
    copies: int = Field(1, ge=1, le=99, description="copies chosen last (the window keeps it)")


class OfficeEntry(Section):
    heading: list[str] = Field([], description="letterhead lines in capitals, the office itself last")
    address: str = Field("", description="the small line under the name: street, telephone, postcode")
    logo: str = Field("", description="a PNG or JPEG file; empty = no logo")
    place: str = Field("", description="the town in \"Manggar, 23 November 2026\"")
    unit_name: str = Field("", description="the office in sentences (\"Kelurahan Manggar\")")
    parent_name: str = Field("", description="above it (\"Kecamatan Balikpapan Timur, Kota Balikpapan\")")
    code: str = Field("", description="`{office}` in a letter number pattern")
    signer_title: str = Field("", description="who signs: title")
    signer_name: str = Field("", description="who signs: name")
    signer_nip: str = Field("", description="who signs: NIP")


class PrinterEntry(Section):
    offset_mm: list[float] = Field([0.0, 0.0], min_length=2, max_length=2, description="mm right, mm down")


class Forms(Section):
    paper: Literal["A4", "F4"] = Field("A4", description="paper when a form does not name one")
    offices: dict[str, OfficeEntry] = Field({}, description="letterhead per office kind (`rsud`, `kelurahan`…)")
    letterhead_name: str = Field("", description="this PC's office line on every letterhead without its own")
    allow_unverified_print: bool = Field(False, description="print data whose authenticity check failed, "
                                                            "marked TIDAK TERVERIFIKASI")
    printer: str = Field("", description="the printer whose calibration applies to pre-printed stock")
    printers: dict[str, PrinterEntry] = Field({}, description="calibration per printer name")
    numbering_file: str = Field("", description="an earlier version's nomor.json, carried on")
    office_fields: dict[str, str] = Field({}, description="office and clerk fields of the forms (`satpas`, "
                                                          "`petugas_nama`, `petugas_nip`…) for the day's first "
                                                          "citizen; later ones carry the last value typed")


class Postgres(Section):
    host: str = Field("127.0.0.1", description="the office server")
    port: int = Field(5432, ge=1, le=65535, description="its port")
    dbname: str = Field("loket", description="the database")
    user: str = Field("loket", description="the user (the password is in the keyring)")
    sslmode: str = Field("prefer", description="libpq's sslmode (`require` across a network)")
    connect_timeout: int = Field(3, ge=1, le=600, description="seconds before a server that does not answer "
                                                              "is away")


class FallbackBlock(Section):
    start: int = Field(..., gt=0, description="first number of the block")
    end: int = Field(..., gt=0, description="last number of the block")

    @model_validator(mode="after")
    def _ordered(self) -> FallbackBlock:
        if self.start > self.end:
            raise ValueError("start must not be after end")
        return self


class Storage(Section):
    backend: Literal["sqlite", "postgres"] = Field("sqlite", description="`postgres`: the office server (IT)")
    postgres: Postgres = Field(default_factory=Postgres, description="the office server: host, port, dbname, "
                                                                     "user, sslmode, connect_timeout")
    office: str = Field("", description="the office's code in the shared database")
    counter: str = Field("", description="this counter's name, unique per PC; empty = the host name")
    fallback_numbers: FallbackBlock | None = Field(None, description="`{start, end}`: numbers this counter "
                                                                      "may use while the server is away")
    retry_seconds: float = _seconds(30.0, "first wait before the queue is pushed again", gt=None)


class Export(Section):
    commands: dict[str, list[str]] = Field({}, description="per target, the argv that takes the file "
                                                           "(`{file}`), no shell")


class Report(Section):
    seconds_per_field: float = _seconds(6.0, "typing one field by hand, for the time-saved estimate", gt=None)


class Dukcapil(Section):
    office: str = Field("", description="the institution as the data-access agreement (PKS) names it")
    agreement_number: str = Field("", description="the PKS's number, printed on the semester report")
    signer_name: str = Field("", description="who signs the semester report: name")
    signer_title: str = Field("", description="who signs it: title")
    signer_nip: str = Field("", description="who signs it: NIP")
    place: str = Field("", description="the town on the signature line")
    purposes: dict[str, str] = Field({}, description="per service (form id, `data_ektp`), the purpose of use "
                                                     "as the PKS words it")
    default_purpose: str = Field("", description="the purpose of a service not under `purposes`; empty = "
                                                 "shown as not mapped")


class Numbering(Section):
    pattern: str = Field("", description="the office's letter number, e.g. `{kode}/{seq:03}/{kode_desa}/"
                                         "{bulan_romawi}/{tahun}`; empty = each template's own")
    patterns: dict[str, str] = Field({}, description="per template (form id), a pattern over `pattern`")
    codes: dict[str, str] = Field({}, description="per template, the classification code (`{kode}`) over the "
                                                  "shipped Permendagri 83/2022 ones")
    kode_desa: str = Field("", description="`{kode_desa}`: the office's own part (`Ds.RS`, `PEM`)")
    scope: Literal["jenis", "layanan", "surat"] = Field(
        "jenis", description="running number: `jenis` per letter type, `layanan` one for all service letters, "
                             "`surat` one shared with incoming and outgoing mail; reset each year")

    @field_validator("pattern")
    @classmethod
    def _known_parts(cls, value: str) -> str:
        from forms.numbering import check_pattern

        if value:
            check_pattern(value)  # ValueError naming the unknown part: the default (the templates' own) applies
        return value

    @field_validator("patterns")
    @classmethod
    def _known_parts_each(cls, value: dict[str, str]) -> dict[str, str]:
        from forms.numbering import check_pattern

        for pattern in value.values():
            check_pattern(pattern)
        return value


class Doctor(Section):
    test_nik: str = Field("", description="a NIK `loket doctor` looks up to check the registry login")


class Reprint(Section):
    retention_days: float = Field(7, ge=0, le=90, description="how long a letter's encrypted copy is kept for "
                                                              "a reprint; 0 keeps none")


class Letters(Section):
    verify_url: str = Field("", max_length=200, description="the seal's QR opens this verification page "
                                                            "(`<url>#LK1.<seal>`); empty: the QR holds the seal alone")
    issuer: str = Field("", max_length=32, description="the office's code in the seal (`iss`); empty: "
                                                      "`storage.office`, else the letterhead's code")
    # PAdES on saved PDFs (app/letters/pdfsign.py) and their offline check (app/letters/pdfcheck.py)
    signing: Literal["pkcs12", "bsre", "off"] = Field(
        "pkcs12", description="who signs a saved PDF: `pkcs12` (`loket credentials set signing`; none stored: "
                              "unsigned), `bsre` (BSrE's ESign API), `off`")
    tsa_url: str = Field("", description="RFC 3161 timestamp server: PAdES B-T instead of B-B (pkcs12)")
    bsre_url: str = Field("", description="BSrE ESign gateway, e.g. `http://10.0.0.5` (its login: "
                                          "`loket credentials set bsre`)")
    bsre_api: Literal["v1", "v2"] = Field("v1", description="`v1`: multipart /api/sign/pdf; `v2`: JSON "
                                                            "/api/v2/sign/pdf")
    bsre_nik: str = Field("", description="the signing official's NIK at BSrE (their passphrase is asked at "
                                          "each save, never stored)")
    bsre_tampilan: Literal["invisible", "visible"] = Field("invisible", description="BSrE's `tampilan`")
    pdf_trust_roots: list[str] = Field([], description="PEM or DER root certificates `loket verify` trusts for "
                                                       "PDF signatures (the office's, BSrE's)")
    register_names: bool = Field(False, description="the letter register shows the citizen's name (from the "
                                                    "letter's kept copy; each one audited)")

    @field_validator("verify_url")
    @classmethod
    def _a_page(cls, value: str) -> str:
        if value and (not value.startswith(("https://", "http://")) or "#" in value or not value.isascii()):
            raise ValueError("must be an http(s) address without a # fragment")
        return value

    @field_validator("tsa_url", "bsre_url")
    @classmethod
    def _an_address(cls, value: str) -> str:
        if value and not value.startswith(("https://", "http://")):
            raise ValueError("must be an http(s) address")
        return value

    @field_validator("issuer")
    @classmethod
    def _ascii(cls, value: str) -> str:
        if value and not (value.isascii() and value.isprintable()):
            raise ValueError("must be printable ASCII")
        return value


class WebapiClient(Section):
    name: str = Field("", max_length=80, description="what the clerk reads in the prompt (\"SIMRS RSUD\")")
    origins: list[str] = Field([], description="the pages allowed to ask (CORS), e.g. `http://simrs.rsud.local`")
    photo: bool = Field(False, description="the chip photo may be handed over when asked")
    preapproved: list[str] = Field([], description="services whose person it gets without the clerk's key")
    forms: list[str] = Field(["*"], description="forms it may fill and print (`*`: all)")


class Webapi(Section):
    port: int = Field(8787, ge=0, le=65535, description="the local card service's port on 127.0.0.1")
    in_window: bool = Field(True, description="the window runs the service when a client is registered")
    idle_seconds: float = _seconds(180, "`loket serve`: the person is cleared this long after the card is lifted")
    clients: dict[str, WebapiClient] = Field({}, description="office systems IT registered (the token is in "
                                                            "the keyring: `loket credentials set client ID`)")


class Drafts(Section):
    retention_hours: float = _seconds(24.0, "how long an encrypted draft is kept", le=24 * 30)


class Keyring(Section):
    backend: str = Field("", description="the keyring IT chose, as a keyring backend class (`keyring.backends."
                         "SecretService.Keyring`, `keyrings.alt.file.EncryptedKeyring`); empty = the platform's own "
                         "(Windows Credential Manager, macOS Keychain, Secret Service/KWallet), never a file")


class SettingsFile(Section):
    """The whole file."""

    readers: Readers = Field(default_factory=Readers)
    card: Card = Field(default_factory=Card)
    registry: Registry = Field(default_factory=Registry)
    gui: Gui = Field(default_factory=Gui)
    forms: Forms = Field(default_factory=Forms)
    storage: Storage = Field(default_factory=Storage)
    export: Export = Field(default_factory=Export)
    report: Report = Field(default_factory=Report)
    doctor: Doctor = Field(default_factory=Doctor)
    dukcapil: Dukcapil = Field(default_factory=Dukcapil)
    numbering: Numbering = Field(default_factory=Numbering)
    letters: Letters = Field(default_factory=Letters)
    drafts: Drafts = Field(default_factory=Drafts)
    reprint: Reprint = Field(default_factory=Reprint)
    webapi: Webapi = Field(default_factory=Webapi)
    keyring: Keyring = Field(default_factory=Keyring)


# A wrong value here must stop what depends on it, not fall back: a counter that thinks it shares numbers
# with the office while it uses its own file would print duplicates. The value is kept for app.storage to
# refuse with its own sentence.
NO_FALLBACK = {("storage", "backend"), ("storage", "fallback_numbers")}


@dataclass(frozen=True)
class Problem:
    path: str  # "registry.budget_seconds"
    kind: Literal["refused", "unknown", "blocking"]  # left out (default applies) / kept, unused / kept, refused
    reason: str  # pydantic's English words, for the log

    @property
    def unknown(self) -> bool:
        return self.kind == "unknown"


def _field_path(loc: tuple[int | str, ...]) -> tuple[str, ...]:
    # A bad list item or tuple member refuses the whole field: half a list is not what was meant.
    out: list[str] = []
    for part in loc:
        if isinstance(part, int):
            break
        out.append(part)
    return tuple(out)


def _drop(data: dict[str, Any], path: tuple[str, ...]) -> bool:
    node: Any = data
    for part in path[:-1]:
        if not isinstance(node, dict) or not isinstance(node.get(part), dict):
            return False
        node = node[part]
    if isinstance(node, dict) and path and path[-1] in node:
        del node[path[-1]]
        return True
    return False


def _unknown(model: BaseModel, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for key in model.model_extra or {}:
        yield (*prefix, key)
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            yield from _unknown(value, (*prefix, name))
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, BaseModel):
                    yield from _unknown(item, (*prefix, name, str(key)))


def check(data: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """``data`` without the values the schema refuses (their defaults apply), and every problem found.
    Never raises: a file that says nothing usable gives ``({}, problems)``."""
    clean = copy.deepcopy(data)
    problems: list[Problem] = []
    kept: set[tuple[str, ...]] = set()
    for _ in range(200):  # each pass removes at least one value; a file has far fewer bad ones
        try:
            model = SettingsFile.model_validate(_without(clean, kept))
        except ValidationError as exc:
            progress = False
            for error in exc.errors():
                path = _field_path(tuple(error["loc"]))
                if not path or path in kept:
                    continue
                blocking = path in NO_FALLBACK
                problems.append(Problem(".".join(path), "blocking" if blocking else "refused", str(error["msg"])))
                if blocking:
                    kept.add(path)
                    progress = True
                elif _drop(clean, path):
                    progress = True
            if not progress:
                return {}, problems
            continue
        problems += [Problem(".".join(p), "unknown", "unknown key") for p in _unknown(model)]
        return clean, problems
    return {}, problems


def _without(data: dict[str, Any], paths: set[tuple[str, ...]]) -> dict[str, Any]:
    if not paths:
        return data
    out = copy.deepcopy(data)
    for path in paths:
        _drop(out, path)
    return out


def sentence(problems: list[Problem]) -> str:
    """One Indonesian sentence for the clerk and IT (the CLI's stderr, the window's message area, which
    shows it in English through the marked pattern)."""
    def named(kind: str) -> str:
        return ", ".join(p.path for p in problems if p.kind == kind) or "-"

    return QT_TRANSLATE_NOOP(
        "Core", "Pengaturan: nilai tidak sah diganti nilai bawaan: {refused}; nilai tidak sah yang menghentikan "
                "penyimpanan: {blocking}; tidak dikenal, diabaikan: {unknown}. Hubungi petugas IT bila ini tidak "
                "disengaja.").format(refused=named("refused"), blocking=named("blocking"), unknown=named("unknown"))


def log_text(problems: list[Problem]) -> str:
    """The same in English, with pydantic's reasons, for the log (paths and reasons, never values)."""
    return "; ".join(f"{p.path}: {p.kind} ({p.reason})" for p in problems)


def card_defaults_match() -> bool:
    """The card section's defaults are reader.options.CardOptions' (a test keeps them in step)."""
    return Card().model_dump() == dataclasses.asdict(CardOptions())


def markdown() -> str:
    """The README's table of every setting, generated from the schema."""
    lines = ["| setting | type | default | what it is |", "|---|---|---|---|"]
    lines += _rows(SettingsFile, "")
    return "\n".join(lines)


def _rows(model: type[BaseModel], prefix: str) -> list[str]:
    out = []
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        nested = _model_in(info.annotation)
        if nested is not None and prefix == "":
            out += _rows(nested, f"{path}.")  # a section: its fields are the settings
            continue
        default = info.get_default(call_default_factory=True)
        if isinstance(default, BaseModel):
            default = default.model_dump()
        shown = "—" if info.is_required() or default is None else f"`{_json(default)}`"
        out.append(f"| `{path}` | {_type_name(info.annotation)} | {shown} | {info.description or ''} |")
        if nested is not None:
            key = "<name>." if typing.get_origin(info.annotation) is dict else ""
            out += _rows(nested, f"{path}.{key}")
    return out


def _model_in(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _json(value: object) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def _type_name(annotation: object) -> str:
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is Literal:
        return "one of " + ", ".join(f"`{_json(a)}`" for a in args)
    if origin is dict:
        return f"object of {_type_name(args[1])}"
    if origin is list:
        return f"list of {_type_name(args[0])}"
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_type_name(a) for a in args if a is not type(None)) + " (optional)"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "object"
    return {str: "text", int: "integer", float: "number", bool: "true/false"}.get(annotation, str(annotation))  # type: ignore[call-overload]


if __name__ == "__main__":
    sys.stdout.write(markdown() + "\n")
