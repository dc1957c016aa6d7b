"""Why a card read failed: one exception per cause, each with its exit code and the clerk's sentence.

The English message goes to the log; ``id_text`` (Indonesian) is what the CLI prints and the GUI shows.
Neither ever contains card data: only the step, the status word and the reader name.
"""

from __future__ import annotations

from reader.clerktext import QT_TRANSLATE_NOOP  # the marker of every clerk's sentence (reader/clerktext.py)
from reader.exitcodes import ExitCode


class ReadError(Exception):
    exit_code: ExitCode = ExitCode.FAILED  # a cause no subclass names: an unexpected fault in the read
    default_id_text = QT_TRANSLATE_NOOP("Core", "Terjadi kesalahan saat membaca kartu. Coba tempelkan kembali kartu.")

    def __init__(self, message: str, id_text: str | None = None) -> None:
        super().__init__(message)
        self.id_text = id_text or self.default_id_text
        self.hresult = 0  # the PC/SC result code, when PC/SC said it (reader.transport.pcsc_error)


class PcscUnavailable(ReadError):
    exit_code = ExitCode.PCSC_UNAVAILABLE
    default_id_text = (
        QT_TRANSLATE_NOOP("Core", "Layanan kartu pintar (PC/SC) tidak berjalan. Nyalakan ulang layanan Smart Card "
        "atau hubungi petugas IT.")
    )


class ReaderNotFound(ReadError):
    exit_code = ExitCode.READER_NOT_FOUND
    default_id_text = QT_TRANSLATE_NOOP(
        "Core", "Pembaca e-KTP tidak ditemukan. Periksa kabel USB pembaca, lalu coba lagi.")


class ReaderBusy(ReaderNotFound):
    """Another program holds the reader (its PC/SC transaction) and does not let go."""

    default_id_text = (QT_TRANSLATE_NOOP(
        "Core", "Pembaca kartu atau SAM sedang dipakai program lain. Tutup program itu, lalu tempelkan "
                       "kartu lagi."))


class NoCard(ReadError):
    exit_code = ExitCode.NO_CARD
    default_id_text = QT_TRANSLATE_NOOP("Core", "Belum ada kartu di pembaca. Tempelkan e-KTP pada pembaca.")


class CardRemoved(ReadError):
    exit_code = ExitCode.CARD_REMOVED
    default_id_text = QT_TRANSLATE_NOOP("Core", "Kartu dicabut sebelum selesai dibaca. Tempelkan kembali kartu.")


class CardChanged(CardRemoved):
    default_id_text = QT_TRANSLATE_NOOP(
        "Core", "Kartu diganti saat sedang dibaca. Tempelkan satu kartu saja, lalu baca ulang.")


class NotEktp(ReadError):
    exit_code = ExitCode.NOT_EKTP
    default_id_text = QT_TRANSLATE_NOOP("Core", "Kartu ini bukan e-KTP. Tempelkan e-KTP warga.")


class SamError(ReadError):
    exit_code = ExitCode.SAM_ERROR
    default_id_text = QT_TRANSLATE_NOOP("Core", "SAM pada pembaca tidak terbaca atau terkunci. Hubungi petugas IT.")


class SamRemoved(SamError):
    """The SAM (or the reader holding it) left mid-read: put it back, not a SAM that refuses."""

    default_id_text = (
        QT_TRANSLATE_NOOP(
            "Core", "SAM terlepas dari pembacanya saat membaca. Pasang kembali SAM dengan benar, lalu tempelkan "
        "kartu lagi.")
    )


class SamRefused(SamError):
    default_id_text = (
        QT_TRANSLATE_NOOP(
            "Core", "Kredensial SAM (PCID/CONF) ditolak oleh SAM. Minta petugas IT memeriksa kredensial SAM.")
    )


class CardDataMalformed(ReadError):
    exit_code = ExitCode.CARD_DATA_MALFORMED
    default_id_text = QT_TRANSLATE_NOOP(
        "Core", "Data pada chip e-KTP tidak dapat dibaca dengan benar. Coba baca ulang kartu.")


class CardProtocolError(CardDataMalformed):
    """The card answered a status word the protocol does not allow at that step."""

    default_id_text = QT_TRANSLATE_NOOP(
        "Core", "Kartu memberi jawaban yang tidak terduga. Coba tempelkan kembali kartu.")


class AuthenticationFailed(ReadError):
    """The SAM rejected the card in mutual authentication: a fake, damaged or foreign card."""

    exit_code = ExitCode.NOT_AUTHENTIC
    default_id_text = (
        QT_TRANSLATE_NOOP("Core", "Kartu gagal diautentikasi oleh SAM; keaslian kartu tidak dapat dipastikan. "
        "Periksa kartu secara manual.")
    )


def sw_text(sw: int) -> str:
    return f"{sw >> 8:02X} {sw & 0xFF:02X}"


class NotAuthenticText:
    """The read completed but the SAM did not confirm the data (exit 10; the data is still shown)."""

    ID = QT_TRANSLATE_NOOP(
        "Core", "Keaslian data kartu TIDAK terverifikasi. Jangan gunakan data ini tanpa pemeriksaan petugas.")
    EN = "authenticity check failed: the SAM did not confirm the card data"
