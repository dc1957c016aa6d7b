<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="id">
<context>
    <name>DemoPanel</name>
    <message>
        <source>Warga 1 · ejaan nama dikoreksi Dukcapil</source>
        <translation>Citizen 1 · name spelling corrected by Dukcapil</translation>
    </message>
    <message>
        <source>Warga 0 · alamat berbeda (pindah)</source>
        <translation>Citizen 0 · different address (moved)</translation>
    </message>
    <message>
        <source>Warga 2 · status kawin berubah</source>
        <translation>Citizen 2 · marital status changed</translation>
    </message>
    <message>
        <source>Warga 3</source>
        <translation>Citizen 3</translation>
    </message>
    <message>
        <source>Warga 4</source>
        <translation>Citizen 4</translation>
    </message>
    <message>
        <source>Warga 5 · kartu tipe B</source>
        <translation>Citizen 5 · type B card</translation>
    </message>
    <message>
        <source>Warga 6</source>
        <translation>Citizen 6</translation>
    </message>
    <message>
        <source>Warga 7 · kartu lama, format tidak biasa</source>
        <translation>Citizen 7 · old card, unusual format</translation>
    </message>
    <message>
        <source>Warga 8 · kartu diubah (keaslian gagal)</source>
        <translation>Citizen 8 · altered card (authenticity fails)</translation>
    </message>
    <message>
        <source>Warga 9 · tidak ada di Dukcapil</source>
        <translation>Citizen 9 · not in Dukcapil</translation>
    </message>
    <message>
        <source>Kartu lain (bukan e-KTP)</source>
        <translation>Another card (not an e-KTP)</translation>
    </message>
    <message>
        <source>Kartu dicabut saat dibaca</source>
        <translation>Card pulled during the read</translation>
    </message>
    <message>
        <source>Kartu simulasi:</source>
        <translation>Simulated card:</translation>
    </message>
    <message>
        <source>Kartu simulasi</source>
        <translation>Simulated card</translation>
    </message>
    <message>
        <source>Tempelkan</source>
        <translation>Tap</translation>
    </message>
    <message>
        <source>Tempelkan kartu simulasi</source>
        <translation>Tap the simulated card</translation>
    </message>
    <message>
        <source>Tempelkan kartu simulasi pada pembaca (F9)</source>
        <translation>Tap the simulated card on the reader (F9)</translation>
    </message>
    <message>
        <source>Angkat</source>
        <translation>Lift</translation>
    </message>
    <message>
        <source>Angkat kartu simulasi</source>
        <translation>Lift the simulated card</translation>
    </message>
    <message>
        <source>Angkat kartu simulasi dari pembaca (F10)</source>
        <translation>Lift the simulated card off the reader (F10)</translation>
    </message>
</context>
<context>
    <name>Diagnosis</name>
    <message numerus="yes">
        <source>Diagnosa: %n masalah.</source>
        <translation>
            <numerusform>Diagnosis: %n problem.</numerusform>
            <numerusform>Diagnosis: %n problems.</numerusform>
        </translation>
    </message>
    <message>
        <source>Diagnosa: semua pemeriksaan baik.</source>
        <translation>Diagnosis: all checks passed.</translation>
    </message>
    <message>
        <source>Laporan: {path}</source>
        <translation>Report: {path}</translation>
    </message>
    <message>
        <source>Diagnosa tidak dapat dijalankan; hubungi petugas IT.</source>
        <translation>The diagnosis could not run; contact IT staff.</translation>
    </message>
</context>
<context>
    <name>ExportAction</name>
    <message>
        <source>Ekspor…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>Ekspor data warga</source>
        <translation>Export citizen data</translation>
    </message>
    <message>
        <source>Simpan data warga untuk SATUSEHAT, SIMRS Khanza atau aplikasi lain</source>
        <translation>Save the citizen&apos;s data for SATUSEHAT, SIMRS Khanza or another application</translation>
    </message>
    <message>
        <source>Tujuan ekspor</source>
        <translation>Export target</translation>
    </message>
    <message>
        <source>SATUSEHAT Patient (FHIR JSON)</source>
        <translation>SATUSEHAT Patient (FHIR JSON)</translation>
    </message>
    <message>
        <source>SIMRS Khanza, baris pasien (CSV)</source>
        <translation>SIMRS Khanza, patient row (CSV)</translation>
    </message>
    <message>
        <source>SIMRS Khanza, INSERT pasien berparameter (JSON)</source>
        <translation>SIMRS Khanza, parameterised patient INSERT (JSON)</translation>
    </message>
    <message>
        <source>Data warga (CSV)</source>
        <translation>Citizen data (CSV)</translation>
    </message>
    <message>
        <source>Data warga (JSON)</source>
        <translation>Citizen data (JSON)</translation>
    </message>
    <message>
        <source>Belum ada data warga untuk diekspor.</source>
        <translation>No citizen data to export yet.</translation>
    </message>
    <message>
        <source>Data warga belum lengkap untuk ekspor ini: {fields}.</source>
        <translation>The citizen data is incomplete for this export: {fields}.</translation>
    </message>
    <message>
        <source>Data warga diekspor: {name}.</source>
        <translation>Citizen data exported: {name}.</translation>
    </message>
    <message>
        <source>Diubah atau dilengkapi: {fields}.</source>
        <translation>Changed or filled in: {fields}.</translation>
    </message>
</context>
<context>
    <name>Handoff</name>
    <message>
        <source>Permintaan data warga</source>
        <translation>Request for the citizen&apos;s data</translation>
    </message>
    <message>
        <source>Izinkan (F11)</source>
        <translation>Allow (F11)</translation>
    </message>
    <message>
        <source>Tolak (Shift+F11)</source>
        <translation>Refuse (Shift+F11)</translation>
    </message>
    <message>
        <source>{client} meminta data warga ini — Izinkan (F11) / Tolak (Shift+F11)</source>
        <translation>{client} asks for this citizen&apos;s data — Allow (F11) / Refuse (Shift+F11)</translation>
    </message>
    <message>
        <source>Layanan data untuk aplikasi kantor tidak dapat dibuka (port dipakai program lain). Hubungi petugas IT.</source>
        <translation>The data service for the office&apos;s applications could not start (its port is used by another program). Contact IT staff.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Menyimpan PDF…</source>
        <translation>Saving the PDF…</translation>
    </message>
    <message>
        <source>Menyiapkan pratinjau…</source>
        <translation>Preparing the preview…</translation>
    </message>
    <message>
        <source>Mencetak…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <source>Tempelkan e-KTP pada pembaca</source>
        <translation>Place the e-KTP on the reader</translation>
    </message>
    <message>
        <source>Keaslian data kartu TIDAK terverifikasi, jadi formulir tidak dapat dicetak atau disimpan; periksa kartu dan dokumen warga secara langsung.</source>
        <translation>The card data could NOT be verified as authentic, so the form cannot be printed or saved; check the citizen&apos;s card and documents in person.</translation>
    </message>
    <message>
        <source>Loket — mode demo</source>
        <translation>Loket — demo mode</translation>
    </message>
    <message>
        <source>Layanan:</source>
        <translation>Service:</translation>
    </message>
    <message>
        <source>Layanan</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Pengaturan</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Diagnosa</source>
        <translation>Diagnosis</translation>
    </message>
    <message>
        <source>Diagnosa untuk petugas IT</source>
        <translation>Diagnosis for IT staff</translation>
    </message>
    <message>
        <source>Petunjuk</source>
        <translation>Instructions</translation>
    </message>
    <message>
        <source>Baca ulang kartu</source>
        <translation>Read the card again</translation>
    </message>
    <message>
        <source>Pratinjau (F5)</source>
        <translation>Preview (F5)</translation>
    </message>
    <message>
        <source>Cetak (Ctrl+P)</source>
        <translation>Print (Ctrl+P)</translation>
    </message>
    <message>
        <source>Simpan PDF (Ctrl+S)</source>
        <translation>Save PDF (Ctrl+S)</translation>
    </message>
    <message>
        <source>Bersihkan (Esc)</source>
        <translation>Clear (Esc)</translation>
    </message>
    <message>
        <source>Pratinjau</source>
        <translation>Preview</translation>
    </message>
    <message>
        <source>Cetak</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>Simpan sebagai PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <source>Data warga dibersihkan.</source>
        <translation>The citizen&apos;s data was cleared.</translation>
    </message>
    <message>
        <source>Bersihkan</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>Pesan</source>
        <translation>Message</translation>
    </message>
    <message numerus="yes">
        <source>%n warga dilayani hari ini</source>
        <translation>
            <numerusform>%n citizen served today</numerusform>
            <numerusform>%n citizens served today</numerusform>
        </translation>
    </message>
    <message>
        <source>Nomor {number} tidak terpakai dan dicatat batal.</source>
        <translation>Number {number} was not used and is recorded as void.</translation>
    </message>
    <message>
        <source>Nomor surat: {number}.</source>
        <translation>Letter number: {number}.</translation>
    </message>
    <message>
        <source>Data warga tetap di layar.</source>
        <translation>The citizen's data stays on screen.</translation>
    </message>
    <message>
        <source>Tidak ada kegiatan: data warga dibersihkan dari layar dalam {seconds} detik. Tekan tombol apa saja untuk tetap.</source>
        <translation>No activity: the citizen's data is cleared from the screen in {seconds} seconds. Press any key to keep it.</translation>
    </message>
    <message>
        <source>Data warga sebelumnya dibersihkan karena tidak ada kegiatan; isian yang diketik disimpan sebagai draf terenkripsi.</source>
        <translation>The previous citizen's data was cleared for lack of activity; what was typed is kept as an encrypted draft.</translation>
    </message>
    <message>
        <source>Coba Dukcapil lagi (F8)</source>
        <translation>Try Dukcapil again (F8)</translation>
    </message>
    <message>
        <source>Coba hubungi Dukcapil lagi</source>
        <translation>Contact Dukcapil again</translation>
    </message>
    <message>
        <source>Menghubungi Dukcapil lagi…</source>
        <translation>Contacting Dukcapil again…</translation>
    </message>
    <message numerus="yes">
        <source>Ada %n isian warga yang belum selesai (komputer mati atau aplikasi tertutup). Tempelkan kartu warga itu untuk melanjutkan isiannya.</source>
        <translation>
            <numerusform>There is %n unfinished citizen form (the computer went off or the application closed). Tap that citizen's card to continue it.</numerusform>
            <numerusform>There are %n unfinished citizen forms (the computer went off or the application closed). Tap that citizen's card to continue them.</numerusform>
        </translation>
    </message>
    <message>
        <source>Isian yang belum selesai untuk warga ini ditemukan (disimpan pukul {time}). Tekan F7 untuk memulihkannya.</source>
        <translation>An unfinished form for this citizen was found (saved at {time}). Press F7 to restore it.</translation>
    </message>
    <message>
        <source>Isian warga dipulihkan.</source>
        <translation>The citizen's form was restored.</translation>
    </message>
    <message>
        <source>Pulihkan isian (F7)</source>
        <translation>Restore form (F7)</translation>
    </message>
    <message>
        <source>Pulihkan isian yang belum selesai</source>
        <translation>Restore the unfinished form</translation>
    </message>
    <message>
        <source>Kartu diangkat; data warga tetap tampil. Tekan Esc untuk membersihkan.</source>
        <translation>Card lifted; the citizen's data stays on screen. Press Esc to clear it.</translation>
    </message>
    <message>
        <source>Kartu yang sama; data dan isian tetap.</source>
        <translation>The same card; the data and what was typed stay.</translation>
    </message>
    <message>
        <source>{sentence} Data warga sebelumnya masih tampil.</source>
        <translation>{sentence} The previous citizen's data is still shown.</translation>
    </message>
    <message>
        <source>Kartu terdeteksi; jangan angkat kartu sampai data tampil.</source>
        <translation>Card detected; do not lift the card until the data appears.</translation>
    </message>
    <message>
        <source>terakhir dibaca {seconds} dtk</source>
        <translation>last read {seconds} s</translation>
    </message>
    <message>
        <source>Data warga sebelumnya dibersihkan karena tidak ada kegiatan.</source>
        <translation>The previous citizen&apos;s data was cleared after a period of inactivity.</translation>
    </message>
    <message>
        <source>Formulir tidak dapat dibuat; hubungi petugas IT. Data warga tetap di layar.</source>
        <translation>The form could not be made; contact IT staff. The citizen&apos;s data stays on screen.</translation>
    </message>
    <message>
        <source>Pencetakan dibatalkan.</source>
        <translation>Printing cancelled.</translation>
    </message>
    <message>
        <source>Printer tidak dapat dipakai. Periksa printer, lalu cetak lagi.</source>
        <translation>The printer cannot be used. Check the printer, then print again.</translation>
    </message>
    <message numerus="yes">
        <source>Formulir dicetak (%n halaman).</source>
        <translation>
            <numerusform>Form printed (%n page).</numerusform>
            <numerusform>Form printed (%n pages).</numerusform>
        </translation>
    </message>
    <message>
        <source>Simpan formulir sebagai PDF</source>
        <translation>Save the form as PDF</translation>
    </message>
    <message>
        <source>Formulir disimpan: {name}</source>
        <translation>Form saved: {name}</translation>
    </message>
    <message>
        <source>Pengaturan disimpan.</source>
        <translation>Settings saved.</translation>
    </message>
    <message>
        <source>Diagnosa berjalan…</source>
        <translation>Diagnosis running…</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <source>Pratinjau cetak</source>
        <translation>Print preview</translation>
    </message>
    <message>
        <source>Halaman {number}</source>
        <translation>Page {number}</translation>
    </message>
    <message>
        <source>Cetak (Ctrl+P)</source>
        <translation>Print (Ctrl+P)</translation>
    </message>
    <message>
        <source>Simpan PDF (Ctrl+S)</source>
        <translation>Save PDF (Ctrl+S)</translation>
    </message>
    <message>
        <source>Tutup (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <source>Cetak</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>Simpan sebagai PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <source>Tutup pratinjau</source>
        <translation>Close the preview</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <source>Pratinjau dan cetak membutuhkan paket pypdfium2; minta petugas IT memasangnya.</source>
        <translation>Preview and printing need the pypdfium2 package; ask IT staff to install it.</translation>
    </message>
    <message>
        <source>Cetak formulir</source>
        <translation>Print form</translation>
    </message>
</context>
<context>
    <name>ReadWorker</name>
    <message>
        <source>Terjadi kesalahan saat membaca kartu. Coba tempelkan kembali kartu.</source>
        <translation>Something went wrong while reading the card. Try placing the card again.</translation>
    </message>
</context>
<context>
    <name>RecordView</name>
    <message>
        <source>✔ Ditemukan di Dukcapil (isian yang berbeda tidak ada di formulir ini)</source>
        <translation>✔ Found in Dukcapil (the fields that differ are not on this form)</translation>
    </message>
    <message>
        <source>✔ chip</source>
        <translation>✔ chip</translation>
    </message>
    <message>
        <source>✔ Dukcapil</source>
        <translation>✔ Dukcapil</translation>
    </message>
    <message>
        <source>✎ diketik</source>
        <translation>✎ typed</translation>
    </message>
    <message>
        <source>Foto dari chip</source>
        <translation>Photo from the chip</translation>
    </message>
    <message>
        <source>Tanda tangan dari chip</source>
        <translation>Signature from the chip</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Keaslian kartu</source>
        <translation>Card authenticity</translation>
    </message>
    <message>
        <source>Pemeriksaan Dukcapil</source>
        <translation>Dukcapil check</translation>
    </message>
    <message>
        <source>Sedang membaca</source>
        <translation>Reading</translation>
    </message>
    <message>
        <source>Kartu terdeteksi. Membaca chip…</source>
        <translation>Card detected. Reading the chip…</translation>
    </message>
    <message>
        <source>Data chip terbaca. Mencocokkan dengan Dukcapil…</source>
        <translation>Chip data read. Matching with Dukcapil…</translation>
    </message>
    <message>
        <source>Foto tidak
dapat ditampilkan</source>
        <translation>Photo cannot
be shown</translation>
    </message>
    <message>
        <source>✔ Kartu asli (diperiksa SAM)</source>
        <translation>✔ Genuine card (checked by the SAM)</translation>
    </message>
    <message>
        <source>✖ Keaslian kartu TIDAK terverifikasi; periksa kartu secara manual</source>
        <translation>✖ Card authenticity NOT verified; check the card by hand</translation>
    </message>
    <message>
        <source>▲ Keaslian kartu belum diperiksa</source>
        <translation>▲ Card authenticity not checked yet</translation>
    </message>
    <message numerus="yes">
        <source>▲ Ditemukan di Dukcapil, %n isian berbeda dengan chip</source>
        <translation>
            <numerusform>▲ Found in Dukcapil, %n field differs from the chip</numerusform>
            <numerusform>▲ Found in Dukcapil, %n fields differ from the chip</numerusform>
        </translation>
    </message>
    <message>
        <source>✔ Cocok dengan data Dukcapil</source>
        <translation>✔ Matches the Dukcapil data</translation>
    </message>
    <message>
        <source>▲ Belum terverifikasi Dukcapil: {reason}</source>
        <translation>▲ Not verified by Dukcapil: {reason}</translation>
    </message>
    <message>
        <source>isi di sini</source>
        <translation>type here</translation>
    </message>
    <message>
        <source>= dihitung</source>
        <translation>= calculated</translation>
    </message>
    <message>
        <source>✎ isi manual</source>
        <translation>✎ type by hand</translation>
    </message>
    <message>
        <source>✔ chip ✔ Dukcapil</source>
        <translation>✔ chip ✔ Dukcapil</translation>
    </message>
    <message>
        <source>Sumber {label}: {source}</source>
        <translation>Source of {label}: {source}</translation>
    </message>
    <message>
        <source>⚠ Berbeda. Chip: {chip} · Dukcapil: {registry}</source>
        <translation>⚠ Different. Chip: {chip} · Dukcapil: {registry}</translation>
    </message>
    <message>
        <source>Pakai chip</source>
        <translation>Use chip</translation>
    </message>
    <message>
        <source>Pakai Dukcapil</source>
        <translation>Use Dukcapil</translation>
    </message>
    <message>
        <source>{choice} untuk {label}</source>
        <translation>{choice} for {label}</translation>
    </message>
    <message>
        <source>Foto</source>
        <translation>Photo</translation>
    </message>
    <message>
        <source>(kosong)</source>
        <translation>(empty)</translation>
    </message>
</context>
<context>
    <name>ReportView</name>
    <message>
        <source>Laporan layanan</source>
        <translation>Service report</translation>
    </message>
    <message>
        <source>Dari tanggal</source>
        <translation>From date</translation>
    </message>
    <message>
        <source>Sampai tanggal</source>
        <translation>To date</translation>
    </message>
    <message>
        <source>Tampilkan</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>Simpan PDF…</source>
        <translation>Save PDF…</translation>
    </message>
    <message>
        <source>Simpan CSV…</source>
        <translation>Save CSV…</translation>
    </message>
    <message>
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Dari</source>
        <translation>From</translation>
    </message>
    <message>
        <source>sampai</source>
        <translation>to</translation>
    </message>
    <message>
        <source>Grafik warga dilayani per hari, per layanan</source>
        <translation>Chart of citizens served per day, per service</translation>
    </message>
    <message>
        <source>Grafik warga dilayani per jam</source>
        <translation>Chart of citizens served per hour</translation>
    </message>
    <message>
        <source>Tanggal akhir tidak boleh sebelum tanggal awal.</source>
        <translation>The end date cannot be before the start date.</translation>
    </message>
    <message>
        <source>Server kantor tidak dapat dihubungi; laporan belum dapat dibuat.</source>
        <translation>The office server cannot be reached; the report cannot be made yet.</translation>
    </message>
    <message>
        <source>Laporan tidak dapat dibuat; hubungi petugas IT.</source>
        <translation>The report could not be made; contact IT staff.</translation>
    </message>
    <message>
        <source>Belum ada kejadian pada tanggal itu.</source>
        <translation>Nothing happened on those dates yet.</translation>
    </message>
    <message>
        <source>Simpan laporan</source>
        <translation>Save the report</translation>
    </message>
    <message>
        <source>Laporan tidak dapat disimpan di tempat itu. Pilih folder lain.</source>
        <translation>The report cannot be saved there. Choose another folder.</translation>
    </message>
    <message>
        <source>Laporan disimpan: {name}</source>
        <translation>Report saved: {name}</translation>
    </message>
    <message>
        <source>Laporan</source>
        <translation>Report</translation>
    </message>
    <message>
        <source>Laporan layanan kantor</source>
        <translation>The office&apos;s service report</translation>
    </message>
</context>
<context>
    <name>Service</name>
    <message>
        <source>Pendaftaran Pasien RSUD</source>
        <translation>RSUD patient registration</translation>
    </message>
    <message>
        <source>Permohonan SIM</source>
        <translation>Driving licence (SIM) application</translation>
    </message>
    <message>
        <source>Surat Keterangan Domisili</source>
        <translation>Certificate of residence</translation>
    </message>
    <message>
        <source>Surat Keterangan Tidak Mampu</source>
        <translation>Certificate of low income</translation>
    </message>
    <message>
        <source>Surat Keterangan Usaha</source>
        <translation>Business certificate</translation>
    </message>
    <message>
        <source>Data e-KTP saja (tanpa formulir)</source>
        <translation>e-KTP data only (no form)</translation>
    </message>
    <message>
        <source>Layanan ini belum punya formulir untuk dicetak. Pilih layanan lain.</source>
        <translation>This service has no form to print yet. Choose another service.</translation>
    </message>
    <message>
        <source>Formulir belum lengkap: {count} isian perlu diperbaiki (ditandai merah).</source>
        <translation>The form is not complete: {count} field(s) need fixing (marked in red).</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Diatur petugas IT untuk komputer ini.</source>
        <translation>Set by IT for this computer.</translation>
    </message>
    <message>
        <source>Rumah sakit (RSUD)</source>
        <translation>Hospital (RSUD)</translation>
    </message>
    <message>
        <source>Satpas SIM (Polri)</source>
        <translation>Driving licence office (Satpas, Polri)</translation>
    </message>
    <message>
        <source>Kelurahan</source>
        <translation>Village office (kelurahan)</translation>
    </message>
    <message>
        <source>Kecamatan</source>
        <translation>District office (kecamatan)</translation>
    </message>
    <message>
        <source>Pengaturan Loket</source>
        <translation>Loket settings</translation>
    </message>
    <message>
        <source>(otomatis)</source>
        <translation>(automatic)</translation>
    </message>
    <message>
        <source>Bagian pengaturan</source>
        <translation>Settings sections</translation>
    </message>
    <message>
        <source>Pembaca</source>
        <translation>Readers</translation>
    </message>
    <message>
        <source>Dukcapil</source>
        <translation>Dukcapil</translation>
    </message>
    <message>
        <source>Kop surat</source>
        <translation>Letterhead</translation>
    </message>
    <message>
        <source>Kertas dan printer</source>
        <translation>Paper and printer</translation>
    </message>
    <message>
        <source>Umum</source>
        <translation>General</translation>
    </message>
    <message>
        <source>Simpan</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Pembaca e-KTP</source>
        <translation>e-KTP reader</translation>
    </message>
    <message>
        <source>Pembaca SAM</source>
        <translation>SAM reader</translation>
    </message>
    <message>
        <source>Pembaca e-KTP:</source>
        <translation>e-KTP reader:</translation>
    </message>
    <message>
        <source>Pembaca SAM:</source>
        <translation>SAM reader:</translation>
    </message>
    <message>
        <source>Sebagian nama pembaca sudah cukup. &quot;(otomatis)&quot;: Loket mencarinya sendiri.</source>
        <translation>Part of the reader&apos;s name is enough. &quot;(automatic)&quot;: Loket finds it by itself.</translation>
    </message>
    <message>
        <source>Alamat layanan Dukcapil</source>
        <translation>Dukcapil service address</translation>
    </message>
    <message>
        <source>https://… atau http://alamat-lokal:port</source>
        <translation>https://… or http://local-address:port</translation>
    </message>
    <message>
        <source>Kode instansi</source>
        <translation>Agency code</translation>
    </message>
    <message>
        <source>kosongkan untuk tetap memakai yang tersimpan</source>
        <translation>leave empty to keep the stored one</translation>
    </message>
    <message>
        <source>ID pengguna Dukcapil</source>
        <translation>Dukcapil user ID</translation>
    </message>
    <message>
        <source>Kata sandi Dukcapil</source>
        <translation>Dukcapil password</translation>
    </message>
    <message>
        <source>Alamat Dukcapil:</source>
        <translation>Dukcapil address:</translation>
    </message>
    <message>
        <source>Kode instansi:</source>
        <translation>Agency code:</translation>
    </message>
    <message>
        <source>ID pengguna:</source>
        <translation>User ID:</translation>
    </message>
    <message>
        <source>Kata sandi:</source>
        <translation>Password:</translation>
    </message>
    <message>
        <source>ID pengguna dan kata sandi disimpan di brankas kata sandi sistem, tidak di berkas pengaturan, dan tidak pernah ditampilkan lagi.</source>
        <translation>The user ID and password are kept in the system&apos;s password vault, not in the settings file, and are never shown again.</translation>
    </message>
    <message>
        <source>Kop surat untuk kantor</source>
        <translation>Letterhead for the office</translation>
    </message>
    <message>
        <source>Nama kantor pada kop surat</source>
        <translation>Office name on the letterhead</translation>
    </message>
    <message>
        <source>Baris kop di atas nama kantor, satu per baris</source>
        <translation>Letterhead lines above the office name, one per line</translation>
    </message>
    <message>
        <source>Alamat kantor pada kop surat</source>
        <translation>Office address on the letterhead</translation>
    </message>
    <message>
        <source>Berkas logo kantor</source>
        <translation>Office logo file</translation>
    </message>
    <message>
        <source>PNG atau JPEG; kosong = tanpa logo</source>
        <translation>PNG or JPEG; empty = no logo</translation>
    </message>
    <message>
        <source>Pilih…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Pilih berkas logo</source>
        <translation>Choose the logo file</translation>
    </message>
    <message>
        <source>Kantor:</source>
        <translation>Office:</translation>
    </message>
    <message>
        <source>Baris kop di atas nama:</source>
        <translation>Lines above the name:</translation>
    </message>
    <message>
        <source>Nama kantor:</source>
        <translation>Office name:</translation>
    </message>
    <message>
        <source>Alamat:</source>
        <translation>Address:</translation>
    </message>
    <message>
        <source>Logo:</source>
        <translation>Logo:</translation>
    </message>
    <message>
        <source>Kop dicetak di atas setiap formulir dan surat kantor ini.</source>
        <translation>The letterhead is printed at the top of every form and letter of this office.</translation>
    </message>
    <message>
        <source>Ukuran kertas</source>
        <translation>Paper size</translation>
    </message>
    <message>
        <source>Sesuai formulir (A4 atau F4)</source>
        <translation>As the form says (A4 or F4)</translation>
    </message>
    <message>
        <source>Printer untuk formulir pracetak</source>
        <translation>Printer for pre-printed forms</translation>
    </message>
    <message>
        <source>Geser ke kanan (mm)</source>
        <translation>Shift right (mm)</translation>
    </message>
    <message>
        <source>Geser ke bawah (mm)</source>
        <translation>Shift down (mm)</translation>
    </message>
    <message>
        <source>Kertas:</source>
        <translation>Paper:</translation>
    </message>
    <message>
        <source>Printer pracetak:</source>
        <translation>Pre-printed forms printer:</translation>
    </message>
    <message>
        <source>Geser ke kanan:</source>
        <translation>Shift right:</translation>
    </message>
    <message>
        <source>Geser ke bawah:</source>
        <translation>Shift down:</translation>
    </message>
    <message>
        <source>Kalibrasi untuk lembar pracetak: jika isian tercetak terlalu kiri atau terlalu tinggi, geser dengan angka positif. Angka negatif menggeser ke kiri atau ke atas.</source>
        <translation>Calibration for pre-printed sheets: if the values print too far left or too high, shift them with positive numbers. Negative numbers shift left or up.</translation>
    </message>
    <message>
        <source>Waktu diam sebelum data dibersihkan (detik)</source>
        <translation>Idle time before the data is cleared (seconds)</translation>
    </message>
    <message>
        <source> detik</source>
        <translation> seconds</translation>
    </message>
    <message>
        <source>Bahasa tampilan</source>
        <translation>Display language</translation>
    </message>
    <message>
        <source>Bersihkan data setelah diam:</source>
        <translation>Clear the data after idle:</translation>
    </message>
    <message>
        <source>Bahasa:</source>
        <translation>Language:</translation>
    </message>
    <message>
        <source>Bahasa baru berlaku setelah Loket dibuka ulang. Pesan dari pembaca kartu dan formulir tetap berbahasa Indonesia.</source>
        <translation>A new language applies after Loket is restarted. Messages from the card reader and the forms stay in Indonesian.</translation>
    </message>
    <message>
        <source>Pilih logo kantor</source>
        <translation>Choose the office logo</translation>
    </message>
    <message>
        <source>Gambar (*.png *.jpg *.jpeg)</source>
        <translation>Images (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>Berkas logo tidak ditemukan: {path}</source>
        <translation>Logo file not found: {path}</translation>
    </message>
    <message>
        <source>Isi ID pengguna dan kata sandi bersama-sama, atau kosongkan keduanya.</source>
        <translation>Fill in the user ID and the password together, or leave both empty.</translation>
    </message>
    <message>
        <source>Pengaturan tidak dapat disimpan ({reason}). Hubungi petugas IT.</source>
        <translation>The settings could not be saved ({reason}). Contact IT staff.</translation>
    </message>
</context>
<context>
    <name>StatusPanel</name>
    <message>
        <source>Status pembaca</source>
        <translation>Reader status</translation>
    </message>
    <message>
        <source>Status SAM</source>
        <translation>SAM status</translation>
    </message>
    <message>
        <source>Status Dukcapil</source>
        <translation>Dukcapil status</translation>
    </message>
    <message>
        <source>Status printer</source>
        <translation>Printer status</translation>
    </message>
    <message>
        <source>Mencari pembaca kartu…</source>
        <translation>Looking for the card reader…</translation>
    </message>
    <message>
        <source>SAM belum diperiksa</source>
        <translation>SAM not checked yet</translation>
    </message>
    <message>
        <source>Dukcapil belum dihubungi</source>
        <translation>Dukcapil not contacted yet</translation>
    </message>
    <message>
        <source>Printer belum dipilih</source>
        <translation>No printer chosen yet</translation>
    </message>
    <message>
        <source>Pembaca simulasi siap</source>
        <translation>Simulated reader ready</translation>
    </message>
    <message>
        <source>SAM simulasi siap</source>
        <translation>Simulated SAM ready</translation>
    </message>
    <message>
        <source>Layanan kartu pintar kembali berjalan.</source>
        <translation>The smart card service is running again.</translation>
    </message>
    <message>
        <source>Layanan kartu pintar (PC/SC) berhenti; Loket menyambung lagi sendiri</source>
        <translation>The smart card service (PC/SC) stopped; Loket reconnects by itself</translation>
    </message>
    <message>
        <source>SAM menunggu layanan kartu pintar</source>
        <translation>SAM waiting for the smart card service</translation>
    </message>
    <message>
        <source>Pembaca e-KTP tidak terhubung; periksa kabel USB</source>
        <translation>e-KTP reader not connected; check the USB cable</translation>
    </message>
    <message>
        <source>Pembaca e-KTP dicabut; pasang lagi kabel USB-nya</source>
        <translation>e-KTP reader unplugged; plug its USB cable back in</translation>
    </message>
    <message>
        <source>Pembaca siap</source>
        <translation>Reader ready</translation>
    </message>
    <message>
        <source>SAM diperiksa saat kartu pertama dibaca</source>
        <translation>The SAM is checked when the first card is read</translation>
    </message>
    <message>
        <source>Pembaca SAM tidak terhubung</source>
        <translation>SAM reader not connected</translation>
    </message>
    <message>
        <source>SAM tidak terpasang di pembaca</source>
        <translation>No SAM in the reader</translation>
    </message>
    <message>
        <source>SAM siap</source>
        <translation>SAM ready</translation>
    </message>
    <message>
        <source>Dukcapil terhubung</source>
        <translation>Dukcapil connected</translation>
    </message>
    <message>
        <source>Dukcapil menolak permintaan; data chip dipakai</source>
        <translation>Dukcapil refused the request; the chip data is used</translation>
    </message>
    <message>
        <source>Dukcapil tidak terhubung; data chip dipakai</source>
        <translation>Dukcapil not reachable; the chip data is used</translation>
    </message>
    <message>
        <source>Printer: {name}</source>
        <translation>Printer: {name}</translation>
    </message>
</context>
</TS>
