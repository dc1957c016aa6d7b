"""The public e-KTP read: card + SAM relay, step by step as ektp-protocol.md §2–§5 describes.

Every status word is checked; anything the spec does not allow at a step aborts the whole read with an
error naming the step and the SW. Nothing is kept from an aborted read: the ``Identity`` is built only at
the very end, from a complete set of files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reader import biodata as biodata_mod
from reader import nik as nik_rules
from reader.errors import (
    QT_TRANSLATE_NOOP,
    AuthenticationFailed,
    CardDataMalformed,
    CardProtocolError,
    NotEktp,
    SamError,
    sw_text,
)
from reader.identity import Authenticity, Identity
from reader.images import photo_from_file, signature_from_content
from reader.options import CardOptions
from reader.sam import SamSecrets, open_sam, sam_check, select_slot
from reader.transport import Channel, Response

FID_DF = b"\x7f\x0a"
FID_PHOTO = b"\x6f\xf2"
FID_CC = b"\x6f\xf0"
FID_DS = b"\x6f\xf6"
FID_BIODATA = b"\x6f\xf1"
FID_SIGNATURE = b"\x6f\xf3"
FID_FINGERS = (b"\x6f\xf4", b"\x6f\xf5")
# Files whose last SM chunk is rounded up to a multiple of 8 (spec §4); the biodata file is not.
ROUNDED_FILES = {FID_SIGNATURE, *FID_FINGERS}
MAX_OFFSET = 0x7FFF


@dataclass(repr=False)  # no repr: a logged %r must not carry a person's data
class Reading:
    """What one read has collected so far; turned into an Identity only when complete."""

    uid: bytes = b""
    uid8: bytes = b""
    photo_file: bytes = b""
    photo_chunks: tuple[bytes, ...] = ()
    biodata_file: bytes = b""
    signature_file: bytes = b""
    authentic: bool = False


def select_apdu(fid: bytes) -> bytes:
    return b"\x00\xa4\x00\x00\x02" + fid


def read_apdu(offset: int, le: int) -> bytes:
    return bytes([0x00, 0xB0, offset >> 8, offset & 0xFF, le & 0xFF])


class EktpProfile:
    name = "ektp"

    def __init__(self, options: CardOptions | None = None, secrets: SamSecrets | None = None) -> None:
        self.options = options or CardOptions()
        self.options.check()
        self.secrets = secrets

    # -- profile interface ---------------------------------------------------------------------------------

    def matches(self, card: Channel) -> bool:
        return card.exchange(select_apdu(FID_DF)).sw == 0x9000

    def read(self, card: Channel, sam: Channel) -> Identity:
        r = Reading()
        self.prepare_sam(sam)
        self.read_uid(card, r)
        self.read_photo(card, r)
        cc = self.read_cc(card)
        self.authenticate(card, sam, cc, r)
        self.read_protected(card, sam, r)
        return self.build_identity(r)

    # -- steps ---------------------------------------------------------------------------------------------

    def prepare_sam(self, sam: Channel) -> None:
        if self.options.sam_slot:
            select_slot(sam, self.options.sam_slot, self.options.sam_slot_control_code)
        if self.secrets is None:
            raise SamError("SAM credentials (PCID/CONF) are not configured",
                           QT_TRANSLATE_NOOP("Core", "Kredensial SAM (PCID/CONF) belum diatur. Minta petugas IT "
                                                     "menjalankan `loket credentials set sam`."))
        open_sam(sam, self.secrets)

    def read_uid(self, card: Channel, r: Reading) -> None:
        resp = card.exchange(b"\xff\xca\x00\x00\x00")
        _expect(resp, "1 get UID")
        if not 4 <= len(resp.data) <= 10:
            raise CardProtocolError(f"step 1 get UID: {len(resp.data)}-byte UID")
        r.uid = resp.data
        r.uid8 = (b"\x80" + resp.data)[:8].ljust(8, b"\x00")

        resp = card.exchange(select_apdu(FID_DF))
        if resp.sw == 0x6A82:
            raise NotEktp("step 2 select DF 7F0A: 6A 82, not an e-KTP")
        _expect(resp, "2 select DF 7F0A")

        resp = card.exchange(b"\x00\xdd\x00\x00\x08")
        if resp.sw == 0x9000 and len(resp.data) == 8:
            r.uid8 = resp.data  # a type-B card names itself with these 8 bytes
        elif resp.sw != 0x6D00:
            raise CardProtocolError(f"step 3 type-B UID: {sw_text(resp.sw)} with {len(resp.data)} bytes")

    def read_photo(self, card: Channel, r: Reading) -> None:
        _expect(card.exchange(select_apdu(FID_PHOTO)), "4 select photo 6FF2")
        first = card.exchange(read_apdu(0, 8))
        _expect(first, "4 read photo header")
        if len(first.data) < 2:
            raise CardDataMalformed("step 4: photo header shorter than 2 bytes")
        total = int.from_bytes(first.data[:2], "big") + 2
        if total > MAX_OFFSET + 256:
            raise CardDataMalformed(f"step 4: photo length {total} beyond READ BINARY's reach")
        data = bytearray(first.data[:total])
        if len(data) < total and self.options.extended_length:
            rest = total - len(data)
            offset = len(data)
            apdu = bytes([0x00, 0xB0, offset >> 8, offset & 0xFF, 0x00, rest >> 8, rest & 0xFF])
            resp = card.exchange(apdu)
            if resp.sw == 0x9000:
                data += resp.data[:rest]  # a short answer is fine: short reads fetch the rest
            elif resp.sw != 0x6700:  # 67 00: this reader or card takes short reads only
                _expect(resp, "4 extended read photo")
        chunk = self.options.plain_chunk
        while len(data) < total:
            k = len(data)
            resp = card.exchange(read_apdu(k, min(chunk, total - k)))
            _expect(resp, f"4 read photo at {k}")
            if not resp.data:
                raise CardDataMalformed(f"step 4: photo read at {k} returned nothing before the end")
            data += resp.data[: total - k]
        r.photo_file = bytes(data)
        # The SAM checks the photo chunk by chunk as a short-read host would have read it (spec step 15).
        r.photo_chunks = (r.photo_file[:8],) + tuple(
            r.photo_file[i : i + chunk] for i in range(8, len(r.photo_file), chunk)
        )

    def read_cc(self, card: Channel) -> bytes:
        _expect(card.exchange(select_apdu(FID_CC)), "5 select 6FF0")
        resp = card.exchange(read_apdu(0, 0x35))
        _expect(resp, "5 read 6FF0")
        if len(resp.data) != 0x35:
            raise CardProtocolError(f"step 5: 6FF0 gave {len(resp.data)} bytes, expected 53")
        cc_len = resp.data[0] * 256 + resp.data[1]
        if cc_len > 0x35 - 2:
            raise CardDataMalformed(f"step 5: CC_LEN {cc_len} exceeds the 51 bytes read")
        return resp.data[2 : 2 + cc_len]

    def authenticate(self, card: Channel, sam: Channel, cc: bytes, r: Reading) -> None:
        sam_check(sam.exchange(b"\x00\xff\x00\x00\x00").sw, "6 reset SAM session")
        chal = card.exchange(b"\x00\x84\x00\x00\x08")
        _expect(chal, "7 get challenge")
        if len(chal.data) != 8:
            raise CardProtocolError(f"step 7: challenge of {len(chal.data)} bytes")
        p2 = 0x01 if self.options.auth_p2 == "always01" or len(cc) == 51 else 0x00
        body = cc + r.uid8 + chal.data
        resp = sam.exchange(bytes([0x00, 0xF1, 0x00, p2, len(body)]) + body)
        sam_check(resp.sw, "8 SAM authenticate")
        if len(resp.data) != 41:
            raise SamError(f"step 8: SAM gave {len(resp.data)} bytes, expected 41")
        resp = card.exchange(b"\x00\x82\x00\x00\x28" + resp.data)
        if resp.sw != 0x9000:
            raise AuthenticationFailed(f"step 9 external authenticate: card answered {sw_text(resp.sw)}")
        if len(resp.data) != 40:
            raise CardProtocolError(f"step 9: card gave {len(resp.data)} bytes, expected 40")
        resp = sam.exchange(b"\x00\xf2\x00\x00\x28" + resp.data)
        if resp.sw == 0x6982:
            sam_check(resp.sw, "10 SAM verify card")
        if resp.sw != 0x9000:
            raise AuthenticationFailed(f"step 10: SAM rejected the card's answer with {sw_text(resp.sw)}")

    def read_protected(self, card: Channel, sam: Channel, r: Reading) -> None:
        sm = SecureChannel(card, sam)
        ds = sm.read_fixed(FID_DS, 0x50, "11 read 6FF6")
        sam_check(sam.exchange(b"\x00\xfa\x00\x00\x00").sw, "12 start verification")
        sam_check(sam.exchange(b"\x00\xfa\x06\x00\x50" + ds).sw, "13 hand over DS")
        r.biodata_file = sm.read_file(FID_BIODATA, self.options.sm_chunk, "14 biodata 6FF1")
        if self.options.photo_to_sam:
            for chunk in r.photo_chunks:
                sam_check(sam.exchange(bytes([0x00, 0xFA, 0x03, 0x00, len(chunk)]) + chunk).sw,
                          "15 photo to SAM")
        sam_check(sam.exchange(b"\x00\xfa\x05\x00\x00").sw, "16 automatic deciphering")

        def stop() -> None:
            sam_check(sam.exchange(b"\x00\xfa\x02\x00\x00").sw, "17 stop verification")

        last = FID_FINGERS[-1] if self.options.read_fingerprints else FID_SIGNATURE
        r.signature_file = sm.read_file(FID_SIGNATURE, self.options.sm_chunk, "17 signature 6FF3",
                                        before_last=stop if last == FID_SIGNATURE else None)
        if self.options.read_fingerprints:
            for fid in FID_FINGERS:
                # Read only because some SAMs verify after them; the minutiae are dropped at once.
                sm.read_file(fid, self.options.sm_chunk, f"17 fingerprint {fid.hex().upper()}",
                             before_last=stop if fid == last else None)
        verdict = sam.raw(b"\x00\xfa\x04\x00\x00")
        if verdict.sw == 0x6982 and not verdict.data:
            sam_check(verdict.sw, "18 verify")
        r.authentic = verdict.data == b"" and verdict.sw == 0x0001

    # -- result --------------------------------------------------------------------------------------------

    def build_identity(self, r: Reading) -> Identity:
        photo, warnings = photo_from_file(r.photo_file)
        bio = biodata_mod.parse(_content(r.biodata_file, "biodata"), self.options.biodata_fields)
        signature = signature_from_content(_content(r.signature_file, "signature"))
        v = bio.values
        warnings = bio.warnings + warnings
        warnings += nik_rules.consistency_warnings(v["nik"], bio.tanggal_lahir, v["jenis_kelamin"])
        return Identity(
            nik=v["nik"], nama=v["nama"], tempat_lahir=v["tempat_lahir"], tanggal_lahir=bio.tanggal_lahir,
            jenis_kelamin=v["jenis_kelamin"], golongan_darah=v["golongan_darah"], alamat=v["alamat"],
            rt=v["rt"], rw=v["rw"], kelurahan=v["kelurahan"], kecamatan=v["kecamatan"],
            kabupaten=v["kabupaten"], provinsi=v["provinsi"], agama=v["agama"],
            status_perkawinan=v["status_perkawinan"], pekerjaan=v["pekerjaan"],
            kewarganegaraan=v["kewarganegaraan"], berlaku_hingga=v["berlaku_hingga"], uid=r.uid.hex().upper(),
            authenticity=Authenticity.VALID if r.authentic else Authenticity.INVALID,
            photo=photo, signature=signature, extras=bio.extras, warnings=tuple(warnings),
        )


class SecureChannel:
    """SM access relayed through the SAM: wrap → card → unwrap (spec §4)."""

    def __init__(self, card: Channel, sam: Channel) -> None:
        self.card = card
        self.sam = sam

    def access(self, plain: bytes, step: str) -> tuple[bytes, int]:
        wrapped = self.sam.exchange(bytes([0x00, 0xF3, 0x00, 0x00, len(plain)]) + plain)
        sam_check(wrapped.sw, f"{step} wrap")
        if len(wrapped.data) < 4:
            raise SamError(f"{step}: SAM wrapped the command into {len(wrapped.data)} bytes")
        answer = self.card.exchange(wrapped.data)
        _expect(answer, f"{step} protected command")
        if not answer.data:
            raise CardProtocolError(f"{step}: card answered the protected command without a protected response")
        if len(answer.data) > 255:
            raise CardProtocolError(f"{step}: protected response of {len(answer.data)} bytes exceeds unwrap's Lc")
        unwrapped = self.sam.exchange(bytes([0x00, 0xF4, 0x00, 0x00, len(answer.data)]) + answer.data)
        sam_check(unwrapped.sw, f"{step} unwrap")
        if len(unwrapped.data) < 2:
            raise SamError(f"{step}: unwrap gave no inner status word")
        inner = int.from_bytes(unwrapped.data[-2:], "big")
        return unwrapped.data[:-2], inner

    def select(self, fid: bytes, step: str) -> None:
        _, inner = self.access(select_apdu(fid), f"{step} select")
        _expect_inner(inner, f"{step} select")

    def read_fixed(self, fid: bytes, le: int, step: str) -> bytes:
        self.select(fid, step)
        data, inner = self.access(read_apdu(0, le), step)
        _expect_inner(inner, step)
        if len(data) != le:
            raise CardProtocolError(f"{step}: {len(data)} bytes, expected {le}")
        return data

    def read_file(self, fid: bytes, chunk: int, step: str, before_last: Callable[[], None] | None = None) -> bytes:
        self.select(fid, step)
        data, inner = self.access(read_apdu(0, 8), f"{step} header")
        _expect_inner(inner, f"{step} header")
        if len(data) < 2:
            raise CardDataMalformed(f"{step}: header shorter than 2 bytes")
        total = int.from_bytes(data[:2], "big") + 2
        if total > MAX_OFFSET + 256:
            raise CardDataMalformed(f"{step}: length {total} beyond READ BINARY's reach")
        buf = bytearray(data[:total])
        if len(buf) >= total and before_last is not None:
            before_last()  # the whole file fit in the header read: nothing comes after it
        while len(buf) < total:
            k = len(buf)
            n = min(chunk, total - k)
            is_last = k + n >= total
            if is_last and fid in ROUNDED_FILES and n % 8:
                n += 8 - n % 8
            if is_last and before_last is not None:
                before_last()
            data, inner = self.access(read_apdu(k, n), f"{step} at {k}")
            _expect_inner(inner, f"{step} at {k}")
            if not data or (len(data) < n and k + len(data) < total):
                raise CardDataMalformed(f"{step}: {len(data)} bytes at {k} before the end of the file")
            buf += data[: total - k]
        return bytes(buf)


def _expect(resp: Response, step: str) -> None:
    if resp.sw != 0x9000:
        raise CardProtocolError(f"step {step}: card answered {sw_text(resp.sw)}")


def _expect_inner(inner: int, step: str) -> None:
    if inner != 0x9000:
        raise CardProtocolError(f"step {step}: card refused the protected access with {sw_text(inner)}")


def _content(file: bytes, what: str) -> bytes:
    length = int.from_bytes(file[:2], "big")
    if len(file) < 2 + length:
        raise CardDataMalformed(f"{what} file shorter than its length field")
    return file[2 : 2 + length]
