"""What one registry lookup came to, as a closed set of typed outcomes.

Every outcome carries ``id_text`` (one Indonesian sentence the clerk can act on) and ``en_text`` (English
for the log). Neither ever holds a NIK, a name or a credential: ``en_text`` goes to log files that IT
copies around, and ``id_text`` is shown on a screen the citizen can see.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, fields
from datetime import date
from enum import StrEnum

from app.base.clerktext import QT_TRANSLATE_NOOP

CHIP_STILL_USED = "data dari chip tetap dipakai"


@dataclass(frozen=True)
class RegistryRecord:
    """A person as the registry holds them, in Loket's names (see ``fields.REGISTRY_TO_LOKET``)."""

    nik: str
    nama: str = ""
    jenis_kelamin: str = ""
    tempat_lahir: str = ""
    tanggal_lahir: date | None = None
    golongan_darah: str = ""
    agama: str = ""
    status_perkawinan: str = ""
    tanggal_kawin: date | None = None
    no_akta_kawin: str = ""
    tanggal_cerai: date | None = None
    no_akta_cerai: str = ""
    pendidikan: str = ""
    pekerjaan: str = ""
    no_kk: str = ""
    hubungan_keluarga: str = ""
    alamat: str = ""
    dusun: str = ""
    rt: str = ""
    rw: str = ""
    kode_provinsi: str = ""
    kode_kabupaten: str = ""
    kode_kecamatan: str = ""
    kode_kelurahan: str = ""
    provinsi: str = ""
    kabupaten: str = ""
    kecamatan: str = ""
    kelurahan: str = ""
    nik_ayah: str = ""
    nama_ayah: str = ""
    nik_ibu: str = ""
    nama_ibu: str = ""
    no_akta_lahir: str = ""
    status_ektp: str = ""
    extras: dict[str, str] = field(default_factory=dict)  # fields this Loket does not know yet
    dropped: tuple[str, ...] = ()  # optional fields sent but unreadable (names only): left out, and said

    def values(self) -> dict[str, str | date | None]:
        """Known fields by Loket name, without ``extras``."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("extras", "dropped")}

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            k: (v.isoformat() if isinstance(v, date) else v) for k, v in self.values().items()
        }
        out["extras"] = dict(self.extras)
        out["dropped"] = list(self.dropped)
        return out

    def __repr__(self) -> str:  # a traceback or a debug print must not spill a person into a log
        return "RegistryRecord(<hidden>)"


class RefusalKind(StrEnum):
    LOGIN = "login"
    IP = "ip"
    QUOTA = "quota"
    OTHER = "other"


class FailureKind(StrEnum):
    TRANSPORT = "transport"
    TIMEOUT = "timeout"
    HTTP_STATUS = "http_status"
    MALFORMED = "malformed"
    WRONG_PERSON = "wrong_person"
    AMBIGUOUS = "ambiguous"
    CONFIG = "config"  # Loket itself is not set up to ask (no URL, no credentials, http to a public host)
    REDIRECT = "redirect"  # the server sent Loket elsewhere: never followed (the body holds the password)


@dataclass(frozen=True)
class Found:
    record: RegistryRecord
    status = "found"
    verified = True

    @property
    def id_text(self) -> str:
        return QT_TRANSLATE_NOOP("Core", "Data kependudukan ditemukan dan dicocokkan dengan data chip.")

    @property
    def en_text(self) -> str:
        return "registry returned the record"


@dataclass(frozen=True)
class NotFound:
    status = "not_found"
    verified = False

    @property
    def id_text(self) -> str:
        return (QT_TRANSLATE_NOOP(
            "Core", "NIK tidak ditemukan di data kependudukan; data dari chip dipakai dan ditandai belum "
                "terverifikasi."))

    @property
    def en_text(self) -> str:
        return "registry answered 'Data Tidak Ditemukan' (NIK not in the database)"


@dataclass(frozen=True)
class Refused:
    """The registry answered with a ``RESPON`` other than "not found"."""

    kind: RefusalKind
    respon: str  # verbatim, as the registry wrote it
    ip_user: str = ""  # the address Loket sent, named in the IP refusal so IT knows what to register
    status = "refused"
    verified = False

    @property
    def id_text(self) -> str:
        if self.kind is RefusalKind.LOGIN:
            return QT_TRANSLATE_NOOP("Core", "Login ke data kependudukan gagal; minta petugas IT memperbaiki ID "
                                             "pengguna dan kata sandi registry, sementara itu data dari chip "
                                             "tetap dipakai.")
        if self.kind is RefusalKind.IP:
            return QT_TRANSLATE_NOOP("Core", "Alamat IP komputer ini ({ip}) tidak terdaftar di data kependudukan; "
                                             "minta petugas IT mendaftarkannya, sementara itu data dari chip "
                                             "tetap dipakai.").format(ip=self.ip_user or "tidak diketahui")
        if self.kind is RefusalKind.QUOTA:
            return (QT_TRANSLATE_NOOP(
                "Core", "Kuota pencarian data kependudukan hari ini sudah habis; sampai besok hanya data dari "
                    "chip yang dipakai."))
        return QT_TRANSLATE_NOOP("Core", "Data kependudukan menjawab \"{respon}\"; data dari chip tetap "
                                         "dipakai.").format(respon=_printable(self.respon))

    @property
    def en_text(self) -> str:
        if self.kind is RefusalKind.LOGIN:
            return "registry refused the login (wrong user id or password); not asking again until fixed"
        if self.kind is RefusalKind.IP:
            return (f"registry refused the workstation address {self.ip_user or '(none)'} "
                    "(IP_USER not registered)")
        if self.kind is RefusalKind.QUOTA:
            return "registry search quota for today is used up; chip data only until tomorrow"
        # Free text may name the citizen ("Data BUDI SANTOSO diblokir"): the log gets its size and a digest
        # (enough for IT to match two occurrences), the clerk's screen the text itself.
        digest = hashlib.sha256(self.respon.encode("utf-8", "replace")).hexdigest()[:12]
        return f"registry answered with an unlisted RESPON ({len(self.respon)} characters, sha256 {digest})"


@dataclass(frozen=True)
class Failed:
    """No usable answer: the registry could not be reached, or what came back cannot be trusted."""

    kind: FailureKind
    detail: str = ""  # English, already scrubbed of secrets and personal data; for the log only
    http_status: int | None = None
    clerk_text: str = ""  # overrides the default Indonesian sentence (used for configuration problems)
    status = "failed"
    verified = False

    @property
    def id_text(self) -> str:
        if self.clerk_text:
            return self.clerk_text
        return _FAILED_ID_TEXT[self.kind].format(status=self.http_status)

    @property
    def en_text(self) -> str:
        text = _FAILED_EN_TEXT[self.kind].format(status=self.http_status)
        return f"{text}: {self.detail}" if self.detail else text


# Written out whole (not with CHIP_STILL_USED put in): each is one marked sentence with its English.
_FAILED_ID_TEXT: dict[FailureKind, str] = {
    FailureKind.TRANSPORT: QT_TRANSLATE_NOOP("Core", "Data kependudukan tidak dapat dihubungi; data dari chip "
                                                     "tetap dipakai."),
    FailureKind.TIMEOUT: QT_TRANSLATE_NOOP("Core", "Data kependudukan tidak menjawab tepat waktu; data dari chip "
                                                   "tetap dipakai."),
    FailureKind.HTTP_STATUS: QT_TRANSLATE_NOOP("Core", "Layanan data kependudukan menolak permintaan (HTTP "
                                                       "{status}); data dari chip tetap dipakai."),
    FailureKind.MALFORMED: QT_TRANSLATE_NOOP("Core", "Jawaban data kependudukan tidak dapat dibaca; data dari "
                                                     "chip tetap dipakai."),
    FailureKind.WRONG_PERSON: QT_TRANSLATE_NOOP("Core", "Data kependudukan mengirim data orang lain; data itu "
                                                        "ditolak dan data dari chip tetap dipakai."),
    FailureKind.AMBIGUOUS: QT_TRANSLATE_NOOP("Core", "Data kependudukan mengirim lebih dari satu data untuk NIK "
                                                     "ini; data itu ditolak dan data dari chip tetap dipakai."),
    FailureKind.CONFIG: QT_TRANSLATE_NOOP("Core", "Pengaturan data kependudukan belum lengkap; hubungi petugas "
                                                  "IT, data dari chip tetap dipakai."),
    FailureKind.REDIRECT: QT_TRANSLATE_NOOP("Core", "Server data kependudukan mengalihkan permintaan ke alamat "
                                                    "lain; demi keamanan kata sandi pengalihan tidak diikuti, "
                                                    "hubungi petugas IT, data dari chip tetap dipakai."),
}
assert all(CHIP_STILL_USED in text for text in _FAILED_ID_TEXT.values())  # the CLI replaces it for --nik

_FAILED_EN_TEXT: dict[FailureKind, str] = {
    FailureKind.TRANSPORT: "registry unreachable",
    FailureKind.TIMEOUT: "registry did not answer within the time budget",
    FailureKind.HTTP_STATUS: "registry answered HTTP {status}",
    FailureKind.MALFORMED: "registry answer is malformed",
    FailureKind.WRONG_PERSON: "registry answered with a different NIK than asked; record rejected",
    FailureKind.AMBIGUOUS: "registry answered with more than one element; rejected",
    FailureKind.CONFIG: "registry lookup not configured",
    FailureKind.REDIRECT: "registry answered with a redirect (HTTP {status}); not followed",
}

LookupResult = Found | NotFound | Refused | Failed

_DIGIT_RUN = re.compile(r"\d{6,}")


def redact_digits(text: str) -> str:
    """Hide anything that could be a NIK or a KK number before text reaches a log."""
    return _DIGIT_RUN.sub("<digits>", text)


def _printable(text: str, limit: int = 200) -> str:
    # A RESPON is shown verbatim, but one line, bounded, so a broken server cannot flood the screen.
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())[:limit]
