"""Every refusal the service gives, as JSON: the cause, the Indonesian sentence and the exit code the CLI
gives for the same cause (``reader.exitcodes.ExitCode``), so a SIMRS shows the clerk the very
sentence the counter would."""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.errors import NoCard
from reader.exitcodes import ExitCode


@dataclass
class ApiError(Exception):
    status: int  # the HTTP status
    code: str  # a short cause a program can switch on
    message: str  # the clerk's sentence (Indonesian)
    exit_code: ExitCode = ExitCode.USAGE  # what `loket` exits with for the same cause
    problems: list[dict[str, str]] = field(default_factory=list)  # a form's fields that need attention

    def __post_init__(self) -> None:
        super().__init__(self.code)

    def to_json(self) -> dict[str, object]:
        body: dict[str, object] = {"error": self.code, "message": self.message, "exit_code": self.exit_code}
        if self.problems:
            body["problems"] = self.problems
        return body


def unauthorized() -> ApiError:
    return ApiError(401, "unauthorized", "Aplikasi ini tidak terdaftar di Loket atau tokennya salah. Minta "
                                         "petugas IT mendaftarkan aplikasi ini.")


def origin_refused() -> ApiError:
    return ApiError(403, "origin_refused", "Halaman dari alamat ini tidak diizinkan meminta data dari Loket. "
                                           "Minta petugas IT mendaftarkan alamatnya.")


def host_refused() -> ApiError:
    return ApiError(403, "host_refused", "Loket hanya melayani aplikasi di komputer ini (127.0.0.1).")


def no_person() -> ApiError:
    return ApiError(404, "no_person", NoCard.default_id_text, NoCard.exit_code)


def refused_by_clerk(client: str) -> ApiError:
    return ApiError(403, "consent_refused", f"Petugas loket tidak mengizinkan {client} menerima data warga ini.")


def not_found() -> ApiError:
    return ApiError(404, "not_found", "Alamat ini tidak ada di layanan Loket (lihat docs/openapi.json).")


def already_made(form_id: str, number: str) -> ApiError:
    """One letter per form, citizen (hand-off) and application: a second POST takes no second number."""
    which = f" dengan nomor {number}" if number and number != "-" else ""
    return ApiError(409, "form_already_made", f"Formulir {form_id[:60]} untuk warga ini sudah dibuat{which} atas "
                                              "persetujuan ini. Salinannya dicetak petugas loket (Cetak ulang); "
                                              "formulir baru butuh persetujuan baru (tempelkan kartu lagi).")


def bad_json(detail: str) -> ApiError:
    return ApiError(400, "bad_request", f"Permintaan tidak dapat dibaca: {detail}")


def too_large(limit: int) -> ApiError:
    return ApiError(413, "too_large", f"Permintaan terlalu besar (paling banyak {limit // 1024} KB).")


def rate_limited() -> ApiError:
    return ApiError(429, "rate_limited", "Terlalu banyak permintaan dalam waktu singkat; coba lagi sebentar lagi.")


def read_failed(sentence: str, exit_code: ExitCode) -> ApiError:
    return ApiError(409, "read_failed", sentence, exit_code)
