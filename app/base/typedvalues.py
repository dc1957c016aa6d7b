"""What one value typed for a form may be, whoever typed it: the clerk (`loket fill --set`, the window) or
an office system through the local card service (app/webapi/)."""

from __future__ import annotations

import unicodedata

# What one typed value may be: a letter prints it, a SIMRS stores it. Longer is a paste gone wrong (a
# 100,000-character value made a 35-page letter), not a name or an address.
MAX_TYPED_DEFAULT = 200
MAX_TYPED = {"nik": 16, "no_kk": 16, "telepon": 20, "rt": 3, "rw": 3, "kode_pos": 5, "email": 100,
             "nama": 100, "namakeluarga": 100}
# Text-direction overrides and isolates: they make a printed value read differently from what is stored.
_BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def check_typed(key: str, value: str) -> None:
    """ValueError with the clerk's sentence for a value no form should carry."""
    limit = MAX_TYPED.get(key, MAX_TYPED_DEFAULT)
    if len(value) > limit:
        raise ValueError(f"Isian {key} terlalu panjang ({len(value)} karakter, paling banyak {limit}).")
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        raise ValueError(f"Isian {key} mengandung karakter kendali (misalnya baris baru atau tab); "
                         "tulis dalam satu baris teks biasa.")
    if any(ch in _BIDI_CONTROLS for ch in value):
        raise ValueError(f"Isian {key} mengandung karakter pembalik arah teks; tulis ulang isian itu.")
