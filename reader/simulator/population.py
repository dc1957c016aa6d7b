"""The synthetic citizens behind the simulated cards and the simulated registry.

Hand-written so every test and the demo see the same people. Values are written the way the chip
carries them (upper case, ``DD-MM-YYYY``, three-digit RT/RW) except where a person exists to exercise an
odd card. ``registry`` holds what only the registry knows, and ``registry_differs`` the fields on which
the registry disagrees with the chip on purpose (a corrected spelling, a move, a changed marital status).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Person:
    nik: str
    nama: str
    tempat_lahir: str
    tanggal_lahir: str  # as on the chip
    jenis_kelamin: str  # as on the chip
    golongan_darah: str
    alamat: str
    rt: str
    rw: str
    kelurahan: str
    kecamatan: str
    kabupaten: str
    provinsi: str
    agama: str
    status_perkawinan: str
    pekerjaan: str
    kewarganegaraan: str = "WNI"
    berlaku_hingga: str = "SEUMUR HIDUP"
    issued: str = "12-06-2013"
    uid: str = ""  # 7-byte ISO 14443-A UID (hex); empty for a type-B card
    uid_type_b: str = ""  # 8-byte type-B identifier (hex)
    tampered: bool = False  # biodata changed after issue: the authenticity check must fail
    in_registry: bool = True
    registry: dict[str, str] = field(default_factory=dict)
    registry_differs: dict[str, str] = field(default_factory=dict)

    def biodata_fields(self) -> list[str]:
        """The 21 biodata fields in the chip's order (spec §5)."""
        nama = self.nama
        if self.tampered:
            # Someone rewrote the name after issue; the issuer's signature still covers the old one.
            nama = self.nama + " SAPUTRA"
        return [
            self.nik, self.alamat, self.rt, self.rw, self.tempat_lahir, self.kecamatan, self.kelurahan,
            self.kabupaten, self.jenis_kelamin, self.golongan_darah, self.agama, self.status_perkawinan,
            self.pekerjaan, nama, self.tanggal_lahir, self.provinsi,
            self.berlaku_hingga, self.issued, self.kabupaten, self.kewarganegaraan, "",
        ]

    def issued_biodata_fields(self) -> list[str]:
        """The biodata as it was when the card was issued and signed."""
        fields = self.biodata_fields()
        fields[13] = self.nama
        return fields


POPULATION: tuple[Person, ...] = (
    Person(
        nik="3273014507920001", nama="DEWI KARTIKA SARI", tempat_lahir="BANDUNG", tanggal_lahir="05-07-1992",
        jenis_kelamin="PEREMPUAN", golongan_darah="A", alamat="JL. SARIJADI BLOK 5 NO. 12", rt="007",
        rw="008", kelurahan="SARIJADI", kecamatan="SUKASARI", kabupaten="KOTA BANDUNG", provinsi="JAWA BARAT",
        agama="ISLAM", status_perkawinan="KAWIN", pekerjaan="KARYAWAN SWASTA", uid="04A1B2C3D4E580",
        registry={"NO_KK": "3273012203150004", "STAT_HBKEL": "ISTRI", "PDDK_AKH": "DIPLOMA IV/STRATA I",
                  "NAMA_LGKP_IBU": "SUMIATI", "NAMA_LGKP_AYAH": "AGUS SETIAWAN", "DUSUN": "",
                  "TGL_KWN": "14-02-2015", "NO_AKTA_KWN": "", "NO_AKTA_LHR": "3273-LT-05071992-0012"},
        registry_differs={"ALAMAT": "JL. GERLONG HILIR NO. 21", "NO_RT": "2", "NO_RW": "11",
                          "KEL_NAME": "GEGERKALONG", "NO_KEL": "1002"},
    ),
    Person(
        nik="3578051708880003", nama="RISKY RISTIANDY", tempat_lahir="SURABAYA", tanggal_lahir="17-08-1988",
        jenis_kelamin="LAKI-LAKI", golongan_darah="O", alamat="JL. KERTAJAYA INDAH GG. III NO. 7", rt="003",
        rw="005", kelurahan="MANYAR SABRANGAN", kecamatan="MULYOREJO", kabupaten="KOTA SURABAYA",
        provinsi="JAWA TIMUR", agama="ISLAM", status_perkawinan="BELUM KAWIN", pekerjaan="WIRASWASTA",
        uid="04C7E2119A3B80",
        registry={"NO_KK": "3578050101090021", "STAT_HBKEL": "ANAK", "PDDK_AKH": "SLTA/SEDERAJAT",
                  "NAMA_LGKP_IBU": "SRI WAHYUNI", "NAMA_LGKP_AYAH": "SUPRIYADI", "DUSUN": ""},
        registry_differs={"NAMA_LGKP": "RISKI RISTIANDY"},
    ),
    Person(
        nik="3404070101700012", nama="BUDI SANTOSO", tempat_lahir="SLEMAN", tanggal_lahir="01-01-1970",
        jenis_kelamin="LAKI-LAKI", golongan_darah="B", alamat="DSN. KRAJAN", rt="002", rw="014",
        kelurahan="CONDONGCATUR", kecamatan="DEPOK", kabupaten="SLEMAN", provinsi="DI YOGYAKARTA",
        agama="KRISTEN", status_perkawinan="KAWIN", pekerjaan="PEGAWAI NEGERI SIPIL (PNS)",
        uid="04D9002F6B1A80",
        registry={"NO_KK": "3404071203980001", "STAT_HBKEL": "KEPALA KELUARGA", "PDDK_AKH": "DIPLOMA III",
                  "NAMA_LGKP_IBU": "MARSINAH", "NAMA_LGKP_AYAH": "SUKIRNO", "DUSUN": "KRAJAN",
                  "TGL_KWN": "20-05-1995", "TGL_CRAI": "", "NO_AKTA_CRAI": ""},
        registry_differs={"STATUS_KAWIN": "CERAI MATI"},
    ),
    Person(
        nik="3174035203050004", nama="SITI NURHALIZA", tempat_lahir="JAKARTA", tanggal_lahir="12-03-2005",
        jenis_kelamin="PEREMPUAN", golongan_darah="AB", alamat="JL. TEBET BARAT DALAM X NO. 3", rt="010",
        rw="004", kelurahan="TEBET BARAT", kecamatan="TEBET", kabupaten="KOTA JAKARTA SELATAN",
        provinsi="DKI JAKARTA", agama="ISLAM", status_perkawinan="BELUM KAWIN",
        pekerjaan="PELAJAR/MAHASISWA", uid="04E5A1C3770B80",
        registry={"NO_KK": "3174031504030009", "STAT_HBKEL": "ANAK", "PDDK_AKH": "SLTA/SEDERAJAT",
                  "NAMA_LGKP_IBU": "NURHAYATI", "NAMA_LGKP_AYAH": "HASAN BASRI", "DUSUN": ""},
    ),
    Person(
        nik="5171016211790002", nama="NI LUH PUTU ARI ASTUTI", tempat_lahir="DENPASAR",
        tanggal_lahir="22-11-1979", jenis_kelamin="PEREMPUAN", golongan_darah="O",
        alamat="JL. GATOT SUBROTO TIMUR GG. MAWAR NO. 9", rt="000", rw="000", kelurahan="DANGIN PURI KAJA",
        kecamatan="DENPASAR UTARA", kabupaten="KOTA DENPASAR", provinsi="BALI", agama="HINDU",
        status_perkawinan="KAWIN", pekerjaan="PEDAGANG", uid="04F1823A5C6D80",
        registry={"NO_KK": "5171010304050011", "STAT_HBKEL": "ISTRI", "PDDK_AKH": "SLTP/SEDERAJAT",
                  "NAMA_LGKP_IBU": "NI MADE SUARNI", "NAMA_LGKP_AYAH": "I WAYAN SUDARTA",
                  "DUSUN": "BANJAR TAINSIAT"},
    ),
    Person(
        nik="5371023006990001", nama="YOHANES MARIO LAKE", tempat_lahir="KUPANG", tanggal_lahir="30-06-1999",
        jenis_kelamin="LAKI-LAKI", golongan_darah="TIDAK TAHU", alamat="JL. EL TARI II", rt="015",
        rw="006", kelurahan="OEBOBO", kecamatan="OEBOBO", kabupaten="KOTA KUPANG",
        provinsi="NUSA TENGGARA TIMUR", agama="KATHOLIK", status_perkawinan="BELUM KAWIN",
        pekerjaan="BELUM/TIDAK BEKERJA", uid_type_b="3A5F0C1192D4E6B7",
        registry={"NO_KK": "5371020807010003", "STAT_HBKEL": "ANAK", "PDDK_AKH": "DIPLOMA I/II",
                  "NAMA_LGKP_IBU": "MARIA GORETI BERE", "NAMA_LGKP_AYAH": "PETRUS LAKE", "DUSUN": ""},
    ),
    Person(
        nik="7371111502080005", nama="MUHAMMAD RIZKY PRATAMA", tempat_lahir="MAKASSAR",
        tanggal_lahir="15-02-2008", jenis_kelamin="LAKI-LAKI", golongan_darah="B",
        alamat="JL. PERINTIS KEMERDEKAAN KM. 9", rt="004", rw="002", kelurahan="TAMALANREA INDAH",
        kecamatan="TAMALANREA", kabupaten="KOTA MAKASSAR", provinsi="SULAWESI SELATAN", agama="ISLAM",
        status_perkawinan="BELUM KAWIN", pekerjaan="PELAJAR/MAHASISWA", uid="04118AB2C09D80",
        registry={"NO_KK": "7371110909070014", "STAT_HBKEL": "ANAK", "PDDK_AKH": "SLTP/SEDERAJAT",
                  "NAMA_LGKP_IBU": "HASNAWATI", "NAMA_LGKP_AYAH": "ANDI MAPPAREPPA", "DUSUN": ""},
    ),
    # An early card: issued 2012 with an expiry date, and written the way some early chips were
    # (slashes in the date, short sex code, RT/RW without leading zeros).
    Person(
        nik="1171020909600007", nama="AHMAD FAUZI", tempat_lahir="BANDA ACEH", tanggal_lahir="09/09/1960",
        jenis_kelamin="LK", golongan_darah="A", alamat="JL. T. NYAK ARIEF NO. 44", rt="3", rw="1",
        kelurahan="LAMBARO SKEP", kecamatan="KUTA ALAM", kabupaten="KOTA BANDA ACEH", provinsi="ACEH",
        agama="ISLAM", status_perkawinan="KAWIN", pekerjaan="PENSIUNAN", berlaku_hingga="09-09-2017",
        issued="02-03-2012", uid="0433C8E1F2A580",
        registry={"NO_KK": "1171020101880002", "STAT_HBKEL": "KEPALA KELUARGA", "PDDK_AKH": "SLTA/SEDERAJAT",
                  "NAMA_LGKP_IBU": "CUT NYAK DIEN", "NAMA_LGKP_AYAH": "TEUKU USMAN", "DUSUN": ""},
    ),
    # The biodata on this card was altered after issue: the SAM must say "not authentic".
    Person(
        nik="3671012103850009", nama="HENDRA GUNAWAN", tempat_lahir="TANGERANG", tanggal_lahir="21-03-1985",
        jenis_kelamin="LAKI-LAKI", golongan_darah="AB", alamat="JL. MERDEKA NO. 101", rt="001", rw="003",
        kelurahan="SUKASARI", kecamatan="TANGERANG", kabupaten="KOTA TANGERANG", provinsi="BANTEN",
        agama="BUDHA", status_perkawinan="KAWIN", pekerjaan="KARYAWAN SWASTA", uid="04760D1E2F3A80",
        tampered=True,
        registry={"NO_KK": "3671011105100008", "STAT_HBKEL": "KEPALA KELUARGA", "PDDK_AKH": "DIPLOMA III",
                  "NAMA_LGKP_IBU": "LIEM SIOE LAN", "NAMA_LGKP_AYAH": "GUNAWAN WIJAYA", "DUSUN": ""},
    ),
    # Holds a genuine card but is missing from the registry ("Data Tidak Ditemukan").
    Person(
        nik="6271034408010006", nama="FRANSISKA DAMAYANTI", tempat_lahir="PALANGKA RAYA",
        tanggal_lahir="04-08-2001", jenis_kelamin="PEREMPUAN", golongan_darah="A",
        alamat="JL. TJILIK RIWUT KM. 5", rt="002", rw="009", kelurahan="BUKIT TUNGGAL", kecamatan="JEKAN RAYA",
        kabupaten="KOTA PALANGKA RAYA", provinsi="KALIMANTAN TENGAH", agama="KRISTEN",
        status_perkawinan="BELUM KAWIN", pekerjaan="PERAWAT", uid="04A9B8C7D6E580", in_registry=False,
    ),
)


def person(index: int) -> Person:
    """Person by 0-based index, wrapping around so any number selects someone."""
    return POPULATION[index % len(POPULATION)]


def by_nik(nik: str) -> Person | None:
    return next((p for p in POPULATION if p.nik == nik), None)
