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
        <translation>Save the citizen's data for SATUSEHAT, SIMRS Khanza or another application</translation>
    </message>
    <message>
        <source>Tujuan ekspor</source>
        <translation>Export target</translation>
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
        <source>{client} meminta data warga ini (tanpa foto) — Izinkan (F11) / Tolak (Shift+F11)</source>
        <translation>{client} asks for this citizen&apos;s data (without the photo) — Allow (F11) / Refuse (Shift+F11)</translation>
    </message>
    <message>
        <source>{client} meminta data warga ini beserta FOTO-nya — Izinkan (F11) / Tolak (Shift+F11)</source>
        <translation>{client} asks for this citizen&apos;s data WITH the photo — Allow (F11) / Refuse (Shift+F11)</translation>
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
        <translation>The card data could NOT be verified as authentic, so the form cannot be printed or saved; check the citizen's card and documents in person.</translation>
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
        <translation>The citizen's data was cleared.</translation>
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
        <translation type="vanished">The previous citizen's data was cleared after a period of inactivity.</translation>
    </message>
    <message>
        <source>Formulir tidak dapat dibuat; hubungi petugas IT. Data warga tetap di layar.</source>
        <translation>The form could not be made; contact IT staff. The citizen's data stays on screen.</translation>
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
    <message>
        <source>Mode demo — Loket</source>
        <translation>Demo mode — Loket</translation>
    </message>
    <message>
        <source>Tanda tangan elektronik BSrE</source>
        <translation>BSrE electronic signature</translation>
    </message>
    <message>
        <source>Passphrase pejabat penanda tangan (tidak disimpan):</source>
        <translation>The signing official's passphrase (not stored):</translation>
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
        <translation>The office's service report</translation>
    </message>
    <message>
        <source>Buku agenda surat…</source>
        <translation>Letter register…</translation>
    </message>
    <message>
        <source>Laporan Dukcapil…</source>
        <translation>Dukcapil report…</translation>
    </message>
</context>
<context>
    <name>Service</name>
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
    <message>
        <source>Data e-KTP</source>
        <translation>e-KTP data</translation>
    </message>
    <message>
        <source>Diisi petugas</source>
        <translation>Filled in by the clerk</translation>
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
        <source>Sebagian nama pembaca sudah cukup. "(otomatis)": Loket mencarinya sendiri.</source>
        <translation>Part of the reader's name is enough. "(automatic)": Loket finds it by itself.</translation>
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
        <translation>The user ID and password are kept in the system's password vault, not in the settings file, and are never shown again.</translation>
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
        <source>Nilai ini tidak sah dan tidak disimpan: {fields}.</source>
        <translation>These values are not valid and were not saved: {fields}.</translation>
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
<context>
    <name>TodayView</name>
    <message numerus="yes">
        <source>%n surat ditemukan.</source>
        <translation>
            <numerusform>%n letter found.</numerusform>
            <numerusform>%n letters found.</numerusform>
        </translation>
    </message>
    <message>
        <source>Baris ini tidak punya salinan untuk dicetak ulang.</source>
        <translation>This line has no copy to reprint.</translation>
    </message>
    <message>
        <source>Cari nomor surat atau tanggal (dd-mm-yyyy), lalu Enter</source>
        <translation>Search a letter number or a date (dd-mm-yyyy), then Enter</translation>
    </message>
    <message>
        <source>Cari surat</source>
        <translation>Search letters</translation>
    </message>
    <message>
        <source>Cetak ulang salinan (Enter)</source>
        <translation>Reprint a copy (Enter)</translation>
    </message>
    <message>
        <source>Cetak ulang salinan surat</source>
        <translation>Reprint a copy of the letter</translation>
    </message>
    <message>
        <source>Daftar hari ini</source>
        <translation>Today's list</translation>
    </message>
    <message>
        <source>Data hari ini belum terbaca.</source>
        <translation>Today's records have not been read yet.</translation>
    </message>
    <message>
        <source>Hari ini</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>Hari ini (F6)</source>
        <translation>Today (F6)</translation>
    </message>
    <message>
        <source>Hari ini di loket ini</source>
        <translation>Today at this counter</translation>
    </message>
    <message>
        <source>Kembali ke daftar hari ini</source>
        <translation>Back to today's list</translation>
    </message>
    <message>
        <source>Keterangan</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Layanan</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Mencetak salinan…</source>
        <translation>Printing the copy…</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Nama ditampilkan untuk baris ini saja; tertutup lagi saat jendela ini ditutup.</source>
        <translation>Name shown for this line only; hidden again when this window closes.</translation>
    </message>
    <message>
        <source>Nama hanya tersimpan bersama salinan surat hari ini.</source>
        <translation>A name is kept only with a copy of today's letters.</translation>
    </message>
    <message>
        <source>Nomor surat</source>
        <translation>Letter number</translation>
    </message>
    <message>
        <source>Pencetakan dibatalkan.</source>
        <translation>Printing cancelled.</translation>
    </message>
    <message>
        <source>Pesan</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Printer tidak dapat dipakai. Periksa printer, lalu cetak lagi.</source>
        <translation>The printer cannot be used. Check the printer, then print again.</translation>
    </message>
    <message>
        <source>Register nomor surat tidak dapat dibaca. Hubungi petugas IT.</source>
        <translation>The letter number register cannot be read. Contact IT staff.</translation>
    </message>
    <message>
        <source>Ringkasan hari ini</source>
        <translation>Today's summary</translation>
    </message>
    <message>
        <source>Salinan dicetak (bertanda SALINAN).</source>
        <translation>Copy printed (marked SALINAN, copy).</translation>
    </message>
    <message>
        <source>Salinan surat ini tidak dapat dibuka.</source>
        <translation>The copy of this letter cannot be opened.</translation>
    </message>
    <message>
        <source>Salinan surat {number} dicetak (bertanda SALINAN, nomor tidak berubah).</source>
        <translation>Copy of letter {number} printed (marked SALINAN, copy; the number is unchanged).</translation>
    </message>
    <message>
        <source>Salinan tidak dapat dicetak.</source>
        <translation>The copy cannot be printed.</translation>
    </message>
    <message>
        <source>Salinan tidak dapat dicetak; hubungi petugas IT.</source>
        <translation>The copy cannot be printed; contact IT staff.</translation>
    </message>
    <message>
        <source>Tampilkan nama (Ctrl+T)</source>
        <translation>Show name (Ctrl+T)</translation>
    </message>
    <message>
        <source>Tampilkan nama warga di baris ini</source>
        <translation>Show the citizen's name on this line</translation>
    </message>
    <message>
        <source>Tutup (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <source>Waktu</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Warga dan surat hari ini</source>
        <translation>Today's citizens and letters</translation>
    </message>
    <message>
        <source>Warga dilayani: {citizens} · dicetak: {prints} · surat bernomor: {letters}</source>
        <translation>Citizens served: {citizens} · printed: {prints} · numbered letters: {letters}</translation>
    </message>
    <message>
        <source>batal</source>
        <translation>void</translation>
    </message>
    <message>
        <source>dikeluarkan</source>
        <translation>issued</translation>
    </message>
    <message>
        <source>dicetak</source>
        <translation>printed</translation>
    </message>
    <message>
        <source>disimpan PDF</source>
        <translation>saved as PDF</translation>
    </message>
    <message>
        <source>sedang dicetak</source>
        <translation>being printed</translation>
    </message>
    <message>
        <source>tanpa cetakan</source>
        <translation>no print</translation>
    </message>
    <message>
        <source>, bersegel</source>
        <translation>, sealed</translation>
    </message>
</context>
<context>
    <name>DiagnosisDialog</name>
    <message>
        <source>&amp;Periksa lagi</source>
        <translation>&amp;Check again</translation>
    </message>
    <message>
        <source>Periksa lagi</source>
        <translation>Check again</translation>
    </message>
    <message>
        <source>Atur tanggal dan jam komputer.</source>
        <translation>Set the computer's date and time.</translation>
    </message>
    <message>
        <source>Brankas kata sandi</source>
        <translation>Password vault</translation>
    </message>
    <message>
        <source>Buka ulang Loket dalam mode demo.</source>
        <translation>Open Loket again in demo mode.</translation>
    </message>
    <message>
        <source>Diagnosa: {problems}. Yang perlu dilakukan tertulis di bawah setiap pemeriksaan.</source>
        <translation>Diagnosis: {problems}. What to do is written under each check.</translation>
    </message>
    <message>
        <source>Dukcapil (data kependudukan)</source>
        <translation>Dukcapil (population registry)</translation>
    </message>
    <message>
        <source>Dukcapil (permintaan terakhir)</source>
        <translation>Dukcapil (last request)</translation>
    </message>
    <message>
        <source>Folder data Loket</source>
        <translation>Loket data folder</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>PERINGATAN</source>
        <translation>WARNING</translation>
    </message>
    <message>
        <source>GAGAL</source>
        <translation>FAILED</translation>
    </message>
    <message>
        <source>Hasil pemeriksaan</source>
        <translation>Check results</translation>
    </message>
    <message>
        <source>Jalankan ulang layanan kartu pintar (Windows: Smart Card; Linux: pcscd), lalu tekan Periksa lagi.</source>
        <translation>Restart the smart card service (Windows: Smart Card; Linux: pcscd), then press Check again.</translation>
    </message>
    <message>
        <source>Jam komputer</source>
        <translation>Computer clock</translation>
    </message>
    <message>
        <source>Laporan untuk petugas IT: {path}</source>
        <translation>Report for IT staff: {path}</translation>
    </message>
    <message>
        <source>Layanan kartu pintar (PC/SC)</source>
        <translation>Smart card service (PC/SC)</translation>
    </message>
    <message>
        <source>Minta petugas IT memasang brankas kata sandi sistem.</source>
        <translation>Ask IT staff to install the system password vault.</translation>
    </message>
    <message>
        <source>Minta petugas IT memberi izin tulis pada folder data Loket.</source>
        <translation>Ask IT staff to grant write permission on Loket's data folder.</translation>
    </message>
    <message>
        <source>Mode demo</source>
        <translation>Demo mode</translation>
    </message>
    <message>
        <source>Pasang pcscd dengan vsmartcard-vpcd, atau pakai demo tanpa PC/SC.</source>
        <translation>Install pcscd with vsmartcard-vpcd, or use the demo without PC/SC.</translation>
    </message>
    <message>
        <source>Pasang pembaca e-KTP dan pembaca SAM ke port USB, lalu tekan Periksa lagi.</source>
        <translation>Plug the e-KTP reader and the SAM reader into USB ports, then press Check again.</translation>
    </message>
    <message>
        <source>Pasang printer dan jadikan printer bawaan, atau simpan formulir sebagai PDF.</source>
        <translation>Install a printer and make it the default, or save forms as PDF.</translation>
    </message>
    <message>
        <source>Pastikan kartu SAM terpasang di pembacanya; minta petugas IT memeriksa kredensial SAM.</source>
        <translation>Make sure the SAM card is in its reader; ask IT staff to check the SAM credentials.</translation>
    </message>
    <message>
        <source>Pembaca (status saat ini)</source>
        <translation>Reader (current status)</translation>
    </message>
    <message>
        <source>Pembaca dan SAM (simulasi)</source>
        <translation>Reader and SAM (simulated)</translation>
    </message>
    <message>
        <source>Pembaca e-KTP dan SAM</source>
        <translation>e-KTP and SAM readers</translation>
    </message>
    <message>
        <source>Pembaca terhubung</source>
        <translation>Connected readers</translation>
    </message>
    <message>
        <source>Periksa jaringan atau VPN kantor dan alamat Dukcapil di Pengaturan; minta petugas IT memeriksa ID pengguna. Sementara itu data dari chip tetap dipakai.</source>
        <translation>Check the office network or VPN and the Dukcapil address in Settings; ask IT staff to check the user ID. Meanwhile the chip's data is used.</translation>
    </message>
    <message>
        <source>Pilih pembaca e-KTP dan SAM di Pengaturan, bagian Pembaca.</source>
        <translation>Choose the e-KTP and SAM readers in Settings, Readers tab.</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>Printer (status saat ini)</source>
        <translation>Printer (current status)</translation>
    </message>
    <message>
        <source>Ringkasan diagnosa</source>
        <translation>Diagnosis summary</translation>
    </message>
    <message>
        <source>SAM</source>
        <translation>SAM</translation>
    </message>
    <message>
        <source>SAM (status saat ini)</source>
        <translation>SAM (current status)</translation>
    </message>
    <message>
        <source>Semua pemeriksaan baik.</source>
        <translation>All checks passed.</translation>
    </message>
    <message>
        <source>Tutup diagnosa</source>
        <translation>Close diagnostics</translation>
    </message>
    <message>
        <source>Versi Loket</source>
        <translation>Loket version</translation>
    </message>
    <message numerus="yes">
        <source>%n gagal</source>
        <translation>
            <numerusform>%n failed</numerusform>
            <numerusform>%n failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n peringatan</source>
        <translation>
            <numerusform>%n warning</numerusform>
            <numerusform>%n warnings</numerusform>
        </translation>
    </message>
    <message>
        <source>Diagnosa berjalan…</source>
        <translation>Diagnosis running…</translation>
    </message>
    <message>
        <source>Diagnosa tidak dapat dijalankan; hubungi petugas IT.</source>
        <translation>The diagnosis could not run; contact IT staff.</translation>
    </message>
    <message>
        <source>Diagnosa untuk petugas IT</source>
        <translation>Diagnostics for IT staff</translation>
    </message>
    <message>
        <source>Tutup (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
</context>
<context>
    <name>Core</name>
    <message>
        <source>Pencetakan dibatalkan.</source>
        <translation>Printing cancelled.</translation>
    </message>
    <message>
        <source>Pembaca siap</source>
        <translation>Reader ready</translation>
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
        <source>Dukcapil tidak menjawab</source>
        <translation>Dukcapil does not answer</translation>
    </message>
    <message>
        <source>folder, bukan berkas</source>
        <translation>a folder, not a file</translation>
    </message>
    <message>
        <source>pipa (FIFO), bukan berkas</source>
        <translation>a pipe (FIFO), not a file</translation>
    </message>
    <message>
        <source>perangkat, bukan berkas</source>
        <translation>a device, not a file</translation>
    </message>
    <message>
        <source>soket, bukan berkas</source>
        <translation>a socket, not a file</translation>
    </message>
    <message>
        <source>bukan berkas biasa</source>
        <translation>not a regular file</translation>
    </message>
    <message>
        <source>berkas terlalu besar (lebih dari {size})</source>
        <translation>file too large (over {size})</translation>
    </message>
    <message>
        <source>Berkas pengaturan {name} tidak dipakai ({why}); Loket memakai pengaturan bawaan. Hubungi petugas IT.</source>
        <translation>The settings file {name} is not used ({why}); Loket uses the default settings. Contact IT.</translation>
    </message>
    <message>
        <source>{path} adalah pipa (FIFO) yang tidak sedang dibaca program lain; tuliskan nama berkas biasa.</source>
        <translation>{path} is a pipe (FIFO) no program is reading; give the name of a regular file.</translation>
    </message>
    <message>
        <source>Kunci jejak audit di komputer ini tidak cocok dengan jejak audit. Hubungi petugas IT.</source>
        <translation>This computer's audit trail key does not match the audit trail. Contact IT.</translation>
    </message>
    <message>
        <source>Kunci jejak audit tidak ditemukan di keyring sistem. Hubungi petugas IT.</source>
        <translation>The audit trail key is not in the system keyring. Contact IT.</translation>
    </message>
    <message>
        <source>Keyring sistem tidak dapat dipakai; jejak audit tidak dapat ditulis. Hubungi petugas IT.</source>
        <translation>The system keyring cannot be used; the audit trail cannot be written. Contact IT.</translation>
    </message>
    <message>
        <source>Catatan audit tidak dapat ditulis (folder data Loket penuh, hanya-baca atau rusak), sehingga data warga tidak ditampilkan, dicetak atau disimpan. Hubungi petugas IT.</source>
        <translation>The audit record cannot be written (Loket's data folder is full, read-only or damaged), so the citizen's data is not shown, printed or saved. Contact IT.</translation>
    </message>
    <message>
        <source>Tidak ada keyring yang dapat dipakai di komputer ini ({keyring}); kunci dan kredensial Loket tidak disimpan. Petugas IT: jalankan keyring sistem untuk pengguna ini, atau tuliskan keyring pilihan di pengaturan keyring.backend.</source>
        <translation>No keyring Loket can use on this computer ({keyring}); Loket's keys and credentials are not stored. IT: start the system keyring for this user, or name the keyring to use in the setting keyring.backend.</translation>
    </message>
    <message>
        <source>Keyring sistem tidak dapat dipakai; kredensial tidak tersimpan. Hubungi petugas IT.</source>
        <translation>The system keyring cannot be used; the credentials were not stored. Contact IT.</translation>
    </message>
    <message>
        <source>Kredensial SAM (PCID/CONF) belum diatur. Minta petugas IT menjalankan `loket credentials set sam`.</source>
        <translation>The SAM credentials (PCID/CONF) are not set up. Ask IT to run `loket credentials set sam`.</translation>
    </message>
    <message>
        <source>Kredensial SAM tidak valid (PCID 16 byte, CONF 32 byte, heksadesimal). Hubungi petugas IT.</source>
        <translation>The SAM credentials are not valid (PCID 16 bytes, CONF 32 bytes, hexadecimal). Contact IT.</translation>
    </message>
    <message>
        <source>PERINGATAN</source>
        <translation>WARNING</translation>
    </message>
    <message>
        <source>GAGAL</source>
        <translation>FAILED</translation>
    </message>
    <message>
        <source>pemeriksaan gagal dijalankan ({error})</source>
        <translation>the check could not run ({error})</translation>
    </message>
    <message>
        <source>layanan kartu pintar (PC/SC) berjalan</source>
        <translation>the smart card service (PC/SC) is running</translation>
    </message>
    <message>
        <source>tidak ada pembaca terhubung; periksa kabel USB pembaca</source>
        <translation>no reader connected; check the reader's USB cable</translation>
    </message>
    <message>
        <source>pcscd dengan vsmartcard-vpcd tidak tersedia</source>
        <translation>pcscd with vsmartcard-vpcd is not available</translation>
    </message>
    <message>
        <source>e-KTP: {card}; SAM: {sam}</source>
        <translation>e-KTP: {card}; SAM: {sam}</translation>
    </message>
    <message>
        <source>SAM terbuka dengan kredensial yang tersimpan</source>
        <translation>the SAM opens with the stored credentials</translation>
    </message>
    <message>
        <source>alamat/agency data kependudukan belum diatur; hanya data chip yang dipakai</source>
        <translation>the registry address/agency is not set up; only the chip's data is used</translation>
    </message>
    <message>
        <source>{host} tidak dapat dihubungi ({error}); periksa jaringan/VPN kantor</source>
        <translation>{host} cannot be reached ({error}); check the office network/VPN</translation>
    </message>
    <message>
        <source>{host} dapat dihubungi (tanpa NIK uji, login tidak diperiksa)</source>
        <translation>{host} can be reached (no test NIK, the login was not checked)</translation>
    </message>
    <message>
        <source>login diterima, NIK uji ditemukan</source>
        <translation>login accepted, test NIK found</translation>
    </message>
    <message>
        <source>tidak ada keyring sistem ({name}); kredensial tidak dapat disimpan</source>
        <translation>no system keyring ({name}); credentials cannot be stored</translation>
    </message>
    <message>
        <source>keyring menyimpan tanpa enkripsi ({name})</source>
        <translation>the keyring stores without encryption ({name})</translation>
    </message>
    <message>
        <source>{path} tidak dapat ditulisi ({error})</source>
        <translation>{path} cannot be written to ({error})</translation>
    </message>
    <message>
        <source>jam komputer menunjukkan {day}; atur tanggal dan jam Windows</source>
        <translation>the computer's clock shows {day}; set the Windows date and time</translation>
    </message>
    <message>
        <source>Qt PrintSupport tidak tersedia; printer tidak diperiksa</source>
        <translation>Qt PrintSupport is not available; printers not checked</translation>
    </message>
    <message>
        <source>tidak ada printer terpasang; formulir hanya dapat disimpan sebagai PDF</source>
        <translation>no printer installed; forms can only be saved as PDF</translation>
    </message>
    <message>
        <source>{printers}; bawaan: {default} ({paper})</source>
        <translation>{printers}; default: {default} ({paper})</translation>
    </message>
    <message>
        <source>Draf isian tidak dapat disimpan (keyring sistem tidak tersedia); isian akan hilang bila aplikasi tertutup. Hubungi petugas IT.</source>
        <translation>Form drafts cannot be kept (no system keyring); what is typed is lost if the application closes. Contact IT.</translation>
    </message>
    <message>
        <source>Keaslian data kartu TIDAK terverifikasi, sehingga formulir tidak dapat dicetak atau disimpan sebagai PDF.</source>
        <translation>The card data's authenticity is NOT verified, so the form cannot be printed or saved as PDF.</translation>
    </message>
    <message>
        <source>Catatan: {count} isian dari Dukcapil tidak terbaca dan diabaikan ({names}); data lainnya tetap dipakai.</source>
        <translation>Note: {count} fields from Dukcapil could not be read and were left out ({names}); the rest of the data is used.</translation>
    </message>
    <message>
        <source>Data kependudukan tidak ditanyakan; data dari chip dipakai.</source>
        <translation>The registry was not asked; the chip's data is used.</translation>
    </message>
    <message>
        <source>Disk penuh: berkas tidak tersimpan. Kosongkan ruang disk atau pilih tempat lain, lalu simpan lagi.</source>
        <translation>Disk full: the file was not saved. Free some disk space or choose another place, then save again.</translation>
    </message>
    <message>
        <source>Berkas tidak dapat disimpan di tempat itu. Pilih folder lain, lalu simpan lagi.</source>
        <translation>The file cannot be saved there. Choose another folder, then save again.</translation>
    </message>
    <message>
        <source>{path} adalah tautan (symlink); demi keamanan data warga Loket tidak menulis lewat tautan. Pilih nama berkas lain.</source>
        <translation>{path} is a link (symlink); to keep citizens' data safe Loket does not write through links. Choose another file name.</translation>
    </message>
    <message>
        <source>{path} adalah folder; tuliskan nama berkasnya, misalnya {example}.</source>
        <translation>{path} is a folder; write the file's name, for example {example}.</translation>
    </message>
    <message>
        <source>Folder {path} tidak ada; buat foldernya dulu atau pilih folder lain.</source>
        <translation>The folder {path} does not exist; create it first or choose another folder.</translation>
    </message>
    <message>
        <source>Printer tidak dapat dipakai. Periksa printer, lalu cetak lagi.</source>
        <translation>The printer cannot be used. Check the printer, then print again.</translation>
    </message>
    <message>
        <source>ID pengguna dan kata sandi data kependudukan belum diatur; minta petugas IT menjalankan `loket credentials set registry`, sementara itu data dari chip tetap dipakai.</source>
        <translation>The registry user ID and password are not set up; ask IT to run `loket credentials set registry`; meanwhile the chip's data is used.</translation>
    </message>
    <message>
        <source>Alamat data kependudukan belum diatur atau tidak valid; hubungi petugas IT, sementara itu data dari chip tetap dipakai.</source>
        <translation>The registry address is not set up or not valid; contact IT; meanwhile the chip's data is used.</translation>
    </message>
    <message>
        <source>Alamat data kependudukan memakai http:// di luar jaringan privat; petugas IT harus memakai https://, sementara itu data dari chip tetap dipakai.</source>
        <translation>The registry address uses http:// outside the private network; IT must use https://; meanwhile the chip's data is used.</translation>
    </message>
    <message>
        <source>Kode instansi untuk data kependudukan belum diatur; hubungi petugas IT, sementara itu data dari chip tetap dipakai.</source>
        <translation>The agency code for the registry is not set up; contact IT; meanwhile the chip's data is used.</translation>
    </message>
    <message>
        <source>Data kependudukan ditemukan dan dicocokkan dengan data chip.</source>
        <translation>The registry record was found and matched with the chip's data.</translation>
    </message>
    <message>
        <source>NIK tidak ditemukan di data kependudukan; data dari chip dipakai dan ditandai belum terverifikasi.</source>
        <translation>The NIK is not in the registry; the chip's data is used and marked not verified.</translation>
    </message>
    <message>
        <source>Login ke data kependudukan gagal; minta petugas IT memperbaiki ID pengguna dan kata sandi registry, sementara itu data dari chip tetap dipakai.</source>
        <translation>The registry login failed; ask IT to fix the registry user ID and password; meanwhile the chip's data is used.</translation>
    </message>
    <message>
        <source>Alamat IP komputer ini ({ip}) tidak terdaftar di data kependudukan; minta petugas IT mendaftarkannya, sementara itu data dari chip tetap dipakai.</source>
        <translation>This computer's IP address ({ip}) is not registered with the registry; ask IT to register it; meanwhile the chip's data is used.</translation>
    </message>
    <message>
        <source>Kuota pencarian data kependudukan hari ini sudah habis; sampai besok hanya data dari chip yang dipakai.</source>
        <translation>Today's registry search quota is used up; until tomorrow only the chip's data is used.</translation>
    </message>
    <message>
        <source>Data kependudukan menjawab "{respon}"; data dari chip tetap dipakai.</source>
        <translation>The registry answered "{respon}"; the chip's data is used.</translation>
    </message>
    <message>
        <source>Data kependudukan tidak dapat dihubungi; data dari chip tetap dipakai.</source>
        <translation>The registry cannot be reached; the chip's data is used.</translation>
    </message>
    <message>
        <source>Data kependudukan tidak menjawab tepat waktu; data dari chip tetap dipakai.</source>
        <translation>The registry did not answer in time; the chip's data is used.</translation>
    </message>
    <message>
        <source>Layanan data kependudukan menolak permintaan (HTTP {status}); data dari chip tetap dipakai.</source>
        <translation>The registry service refused the request (HTTP {status}); the chip's data is used.</translation>
    </message>
    <message>
        <source>Jawaban data kependudukan tidak dapat dibaca; data dari chip tetap dipakai.</source>
        <translation>The registry's answer cannot be read; the chip's data is used.</translation>
    </message>
    <message>
        <source>Data kependudukan mengirim data orang lain; data itu ditolak dan data dari chip tetap dipakai.</source>
        <translation>The registry sent another person's data; it was rejected and the chip's data is used.</translation>
    </message>
    <message>
        <source>Data kependudukan mengirim lebih dari satu data untuk NIK ini; data itu ditolak dan data dari chip tetap dipakai.</source>
        <translation>The registry sent more than one record for this NIK; they were rejected and the chip's data is used.</translation>
    </message>
    <message>
        <source>Pengaturan data kependudukan belum lengkap; hubungi petugas IT, data dari chip tetap dipakai.</source>
        <translation>The registry settings are incomplete; contact IT; the chip's data is used.</translation>
    </message>
    <message>
        <source>Server data kependudukan mengalihkan permintaan ke alamat lain; demi keamanan kata sandi pengalihan tidak diikuti, hubungi petugas IT, data dari chip tetap dipakai.</source>
        <translation>The registry server redirected the request elsewhere; to keep the password safe the redirect was not followed; contact IT; the chip's data is used.</translation>
    </message>
    <message>
        <source>Baca e-KTP saja</source>
        <translation>e-KTP read only</translation>
    </message>
    <message>
        <source>Jan</source>
        <translation>Jan</translation>
    </message>
    <message>
        <source>Feb</source>
        <translation>Feb</translation>
    </message>
    <message>
        <source>Mar</source>
        <translation>Mar</translation>
    </message>
    <message>
        <source>Apr</source>
        <translation>Apr</translation>
    </message>
    <message>
        <source>Mei</source>
        <translation>May</translation>
    </message>
    <message>
        <source>Jun</source>
        <translation>Jun</translation>
    </message>
    <message>
        <source>Jul</source>
        <translation>Jul</translation>
    </message>
    <message>
        <source>Agu</source>
        <translation>Aug</translation>
    </message>
    <message>
        <source>Sep</source>
        <translation>Sep</translation>
    </message>
    <message>
        <source>Okt</source>
        <translation>Oct</translation>
    </message>
    <message>
        <source>Nov</source>
        <translation>Nov</translation>
    </message>
    <message>
        <source>Des</source>
        <translation>Dec</translation>
    </message>
    <message>
        <source>Warga dilayani per hari, per layanan</source>
        <translation>Citizens served per day, per service</translation>
    </message>
    <message>
        <source>warga</source>
        <translation>citizens</translation>
    </message>
    <message>
        <source>Warga dilayani per jam (kedatangan pertama, semua hari)</source>
        <translation>Citizens served per hour (first arrival, all days)</translation>
    </message>
    <message>
        <source>Warga dilayani per jam (kedatangan pertama)</source>
        <translation>Citizens served per hour (first arrival)</translation>
    </message>
    <message>
        <source>tidak terhubung ke server</source>
        <translation>no connection to the server</translation>
    </message>
    <message>
        <source>waktu tunggu habis</source>
        <translation>timed out</translation>
    </message>
    <message>
        <source>server menjawab galat (HTTP)</source>
        <translation>server answered an error (HTTP)</translation>
    </message>
    <message>
        <source>jawaban tidak dapat dibaca</source>
        <translation>unreadable answer</translation>
    </message>
    <message>
        <source>jawaban untuk orang lain</source>
        <translation>answer for another person</translation>
    </message>
    <message>
        <source>jawaban ganda</source>
        <translation>more than one answer</translation>
    </message>
    <message>
        <source>Loket belum diatur</source>
        <translation>Loket not set up</translation>
    </message>
    <message>
        <source>login ditolak</source>
        <translation>login refused</translation>
    </message>
    <message>
        <source>alamat IP ditolak</source>
        <translation>IP address refused</translation>
    </message>
    <message>
        <source>kuota pencarian habis</source>
        <translation>search quota used up</translation>
    </message>
    <message>
        <source>ditolak (lainnya)</source>
        <translation>refused (other)</translation>
    </message>
    <message>
        <source>nama</source>
        <translation>name</translation>
    </message>
    <message>
        <source>alamat</source>
        <translation>address</translation>
    </message>
    <message>
        <source>RT</source>
        <translation>RT</translation>
    </message>
    <message>
        <source>RW</source>
        <translation>RW</translation>
    </message>
    <message>
        <source>kelurahan/desa</source>
        <translation>village</translation>
    </message>
    <message>
        <source>kecamatan</source>
        <translation>district</translation>
    </message>
    <message>
        <source>kabupaten/kota</source>
        <translation>regency/city</translation>
    </message>
    <message>
        <source>provinsi</source>
        <translation>province</translation>
    </message>
    <message>
        <source>agama</source>
        <translation>religion</translation>
    </message>
    <message>
        <source>status perkawinan</source>
        <translation>marital status</translation>
    </message>
    <message>
        <source>pekerjaan</source>
        <translation>occupation</translation>
    </message>
    <message>
        <source>tempat lahir</source>
        <translation>place of birth</translation>
    </message>
    <message>
        <source>tanggal lahir</source>
        <translation>date of birth</translation>
    </message>
    <message>
        <source>jenis kelamin</source>
        <translation>sex</translation>
    </message>
    <message>
        <source>golongan darah</source>
        <translation>blood type</translation>
    </message>
    <message>
        <source>kewarganegaraan</source>
        <translation>citizenship</translation>
    </message>
    <message>
        <source>{hours} jam {minutes} menit</source>
        <translation>{hours} h {minutes} min</translation>
    </message>
    <message>
        <source>{hours} jam</source>
        <translation>{hours} h</translation>
    </message>
    <message>
        <source>{minutes} menit</source>
        <translation>{minutes} min</translation>
    </message>
    <message>
        <source>{count} ({share} dari {lookups} pencarian)</source>
        <translation>{count} ({share} of {lookups} searches)</translation>
    </message>
    <message>
        <source>Warga dilayani</source>
        <translation>Citizens served</translation>
    </message>
    <message>
        <source>Formulir dicetak / disimpan</source>
        <translation>Forms printed / saved</translation>
    </message>
    <message>
        <source>Pencarian data Dukcapil</source>
        <translation>Dukcapil searches</translation>
    </message>
    <message>
        <source>Pencarian gagal</source>
        <translation>Failed searches</translation>
    </message>
    <message>
        <source>Warga dengan data chip ≠ Dukcapil</source>
        <translation>Citizens with chip data ≠ Dukcapil</translation>
    </message>
    <message>
        <source>Isian terisi otomatis</source>
        <translation>Fields filled automatically</translation>
    </message>
    <message>
        <source>{count} (diketik petugas: {typed})</source>
        <translation>{count} (typed by the clerk: {typed})</translation>
    </message>
    <message>
        <source>Perkiraan waktu mengetik yang dihemat</source>
        <translation>Estimated typing time saved</translation>
    </message>
    <message>
        <source>{duration} ({seconds} detik per isian)</source>
        <translation>{duration} ({seconds} seconds per field)</translation>
    </message>
    <message>
        <source>Pembacaan kartu gagal</source>
        <translation>Failed card reads</translation>
    </message>
    <message>
        <source>Tanggal</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Jumlah warga</source>
        <translation>Citizens</translation>
    </message>
    <message>
        <source>Cetak</source>
        <translation>Prints</translation>
    </message>
    <message>
        <source>Jumlah</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>gagal: {cause}</source>
        <translation>failed: {cause}</translation>
    </message>
    <message>
        <source>data berbeda: {field}</source>
        <translation>data differs: {field}</translation>
    </message>
    <message>
        <source>Loket (komputer)</source>
        <translation>Counter (computer)</translation>
    </message>
    <message>
        <source>Warga</source>
        <translation>Citizens</translation>
    </message>
    <message>
        <source>Pencarian</source>
        <translation>Searches</translation>
    </message>
    <message>
        <source>Gagal</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Data berbeda</source>
        <translation>Data differs</translation>
    </message>
    <message>
        <source>Isian otomatis</source>
        <translation>Automatic fields</translation>
    </message>
    <message>
        <source>Waktu dihemat</source>
        <translation>Time saved</translation>
    </message>
    <message>
        <source>Pengaturan kartu tidak valid; Loket memakai pengaturan kartu bawaan (salinan berkas: {name}). Hubungi petugas IT.</source>
        <translation>The card settings are not valid; Loket uses the default card settings (copy of the file: {name}). Contact IT.</translation>
    </message>
    <message>
        <source>Pengaturan kartu tidak valid; Loket memakai pengaturan kartu bawaan. Hubungi petugas IT.</source>
        <translation>The card settings are not valid; Loket uses the default card settings. Contact IT.</translation>
    </message>
    <message>
        <source>Pengaturan: nilai tidak sah diganti nilai bawaan: {refused}; nilai tidak sah yang menghentikan penyimpanan: {blocking}; tidak dikenal, diabaikan: {unknown}. Hubungi petugas IT bila ini tidak disengaja.</source>
        <translation>Settings: values not valid, their defaults used: {refused}; values not valid that stop storage: {blocking}; unknown, ignored: {unknown}. Contact IT if this was not intended.</translation>
    </message>
    <message>
        <source>Berkas pengaturan {name} rusak; Loket memakai pengaturan bawaan. Salinannya disimpan sebagai {copy}. Hubungi petugas IT.</source>
        <translation>The settings file {name} is damaged; Loket uses the default settings. A copy was kept as {copy}. Contact IT.</translation>
    </message>
    <message>
        <source>Berkas pengaturan {name} rusak; Loket memakai pengaturan bawaan. Hubungi petugas IT.</source>
        <translation>The settings file {name} is damaged; Loket uses the default settings. Contact IT.</translation>
    </message>
    <message>
        <source>Berkas pengaturan {path} rusak atau tidak dapat dibaca. Hubungi petugas IT.</source>
        <translation>The settings file {path} is damaged or cannot be read. Contact IT.</translation>
    </message>
    <message>
        <source>Pengaturan penyimpanan (storage.backend) tidak dikenal. Hubungi petugas IT.</source>
        <translation>The storage setting (storage.backend) is not known. Contact IT.</translation>
    </message>
    <message>
        <source>Blok nomor cadangan (storage.fallback_numbers) tidak valid. Hubungi petugas IT.</source>
        <translation>The fallback number block (storage.fallback_numbers) is not valid. Contact IT.</translation>
    </message>
    <message>
        <source>Basis data kantor belum diperbarui untuk versi Loket ini. Minta petugas IT menjalankan `loket db upgrade`.</source>
        <translation>The office database is not upgraded for this version of Loket. Ask IT to run `loket db upgrade`.</translation>
    </message>
    <message>
        <source>Blok nomor cadangan loket ini ({mine}) untuk {office} bertumpang tindih dengan blok {other} ({theirs}), jadi tidak dipakai. Petugas IT: ubah storage.fallback_numbers salah satu loket.</source>
        <translation>This counter's fallback number block ({mine}) for {office} overlaps the block of {other} ({theirs}), so it is not used. IT: change storage.fallback_numbers of one of the counters.</translation>
    </message>
    <message>
        <source>Nomor surat kantor tidak dapat diambil (urutan penuh). Hubungi petugas IT.</source>
        <translation>No office letter number can be taken (the sequence is full). Contact IT.</translation>
    </message>
    <message>
        <source>Server kantor tidak terhubung dan blok nomor cadangan loket ini ({span}) sudah habis; surat tidak dapat diberi nomor. Hubungi petugas IT.</source>
        <translation>The office server is not connected and this counter's fallback number block ({span}) is used up; the letter cannot get a number. Contact IT.</translation>
    </message>
    <message>
        <source>Server kantor tidak terhubung dan blok nomor cadangan loket ini ({span}) bertumpang tindih dengan blok {other} ({theirs}), jadi tidak dipakai; surat tidak dapat diberi nomor. Hubungi petugas IT.</source>
        <translation>The office server is not connected and this counter's fallback number block ({span}) overlaps the block of {other} ({theirs}), so it is not used; the letter cannot get a number. Contact IT.</translation>
    </message>
    <message>
        <source>Server kantor tidak terhubung dan blok nomor cadangan loket ini ({span}) belum pernah diperiksa server kantor, jadi tidak dipakai agar tidak ada nomor ganda; surat tidak dapat diberi nomor. Petugas IT: jalankan `loket db status` saat server terhubung.</source>
        <translation>The office server is not connected and the office server has never checked this counter's fallback number block ({span}), so it is not used (no number may be issued twice); the letter cannot get a number. IT: run `loket db status` while the server is connected.</translation>
    </message>
    <message>
        <source>Folder data Loket tidak dapat dipakai; surat tidak diberi nomor. Hubungi petugas IT.</source>
        <translation>Loket's data folder cannot be used; the letter got no number. Contact IT.</translation>
    </message>
    <message>
        <source>Isian '{key}' tidak ada di formulir {form}.</source>
        <translation>The field '{key}' is not on the form {form}.</translation>
    </message>
    <message>
        <source>{label} wajib diisi.</source>
        <translation>{label} is required.</translation>
    </message>
    <message>
        <source>{label}: jawab ya atau tidak.</source>
        <translation>{label}: answer yes or no.</translation>
    </message>
    <message>
        <source>{label}: tanggal tidak sah; tulis seperti 23-11-2026.</source>
        <translation>{label}: not a valid date; write it like 23-11-2026.</translation>
    </message>
    <message>
        <source>{label}: pilih salah satu dari {choices}.</source>
        <translation>{label}: choose one of {choices}.</translation>
    </message>
    <message>
        <source>{label}: harus berupa angka.</source>
        <translation>{label}: must be a number.</translation>
    </message>
    <message>
        <source>{label}: angka di luar batas wajar ({minimum}–{maximum}).</source>
        <translation>{label}: number out of the sensible range ({minimum}–{maximum}).</translation>
    </message>
    <message>
        <source>{label}: {problem}</source>
        <translation>{label}: {problem}</translation>
    </message>
    <message>
        <source>{label}: isian tidak sesuai format.</source>
        <translation>{label}: not in the expected format.</translation>
    </message>
    <message>
        <source>{label}: terlalu panjang (paling banyak {count} huruf).</source>
        <translation>{label}: too long (at most {count} characters).</translation>
    </message>
    <message>
        <source>{label}: tiap baris paling banyak {count} kolom, dipisah '|'.</source>
        <translation>{label}: each line has at most {count} columns, separated by '|'.</translation>
    </message>
    <message>
        <source>{label}: isian tabel tidak dapat dibaca.</source>
        <translation>{label}: the table cannot be read.</translation>
    </message>
    <message>
        <source>tanggal tidak sah; tulis seperti 23-11-2026.</source>
        <translation>not a valid date; write it like 23-11-2026.</translation>
    </message>
    <message>
        <source>{label}, baris {number}, {column}: {problem}</source>
        <translation>{label}, line {number}, {column}: {problem}</translation>
    </message>
    <message>
        <source>Tanggal lahir tidak diketahui; umur untuk SIM tidak dapat diperiksa.</source>
        <translation>The date of birth is not known; the age for the driving licence cannot be checked.</translation>
    </message>
    <message>
        <source>Golongan SIM '{golongan}' tidak dikenal.</source>
        <translation>Licence class '{golongan}' is not known.</translation>
    </message>
    <message>
        <source>Server kantor tidak terhubung dan loket ini tidak punya blok nomor cadangan; surat tidak dapat diberi nomor. Coba lagi nanti atau hubungi petugas IT.</source>
        <translation>The office server is not connected and this counter has no fallback number block; the letter cannot get a number. Try again later or contact IT.</translation>
    </message>
    <message>
        <source>Server kantor tidak terhubung: nomor {number} diambil dari blok nomor cadangan loket ini ({first}–{last}).</source>
        <translation>The office server is not connected: number {number} was taken from this counter's fallback block ({first}–{last}).</translation>
    </message>
    <message>
        <source>Server kantor tidak terhubung: nomor {number} diambil dari blok nomor cadangan loket ini.</source>
        <translation>The office server is not connected: number {number} was taken from this counter's fallback block.</translation>
    </message>
    <message>
        <source>Penyimpanan nomor surat di komputer ini tidak dapat dipakai (disk penuh, hanya-baca, atau berkasnya rusak); surat tidak diberi nomor. Hubungi petugas IT.</source>
        <translation>This computer's letter number store cannot be used (disk full, read-only, or its file is damaged); the letter got no number. Contact IT.</translation>
    </message>
    <message>
        <source>Berkas nomor surat lama ({name}) rusak atau bukan berkas nomor; nomor tidak dimulai ulang dari 001 agar tidak ganda. Hubungi petugas IT.</source>
        <translation>The old letter number file ({name}) is damaged or not a number file; numbering does not restart at 001, so that no number is issued twice. Contact IT.</translation>
    </message>
    <message>
        <source>Pengaturan forms.numbering_file menunjuk ke folder ({name}), bukan berkas nomor surat. Hubungi petugas IT.</source>
        <translation>The setting forms.numbering_file points to a folder ({name}), not a letter number file. Contact IT.</translation>
    </message>
    <message>
        <source>Pemohon belum cukup umur untuk SIM {golongan}: umur minimal {minimum} tahun, sekarang {age} tahun. Permohonan dapat diajukan mulai {date}.</source>
        <translation>The applicant is too young for licence {golongan}: the minimum age is {minimum}, now {age}. The application can be made from {date}.</translation>
    </message>
    <message>
        <source>SIM {golongan} hanya untuk pemegang SIM {lower} paling singkat {months} bulan; periksa SIM lama lalu centang konfirmasinya.</source>
        <translation>Licence {golongan} is only for holders of licence {lower} for at least {months} months; check the old licence, then tick the confirmation.</translation>
    </message>
    <message>
        <source>NIK harus 16 angka.</source>
        <translation>A NIK is 16 digits.</translation>
    </message>
    <message>
        <source>Kode wilayah pada NIK tidak sah.</source>
        <translation>The area code in the NIK is not valid.</translation>
    </message>
    <message>
        <source>Tanggal lahir di dalam NIK tidak sah.</source>
        <translation>The date of birth in the NIK is not valid.</translation>
    </message>
    <message>
        <source>Nomor urut pada NIK tidak sah.</source>
        <translation>The serial number in the NIK is not valid.</translation>
    </message>
    <message>
        <source>Nomor telepon tidak wajar; tulis seperti 081234567890 atau (0542) 123456.</source>
        <translation>The phone number does not look right; write it like 081234567890 or (0542) 123456.</translation>
    </message>
    <message>
        <source>Biodata chip memiliki {count} kolom (biasanya {usual}); kolom tambahan disimpan apa adanya.</source>
        <translation>The chip's biodata has {count} fields (usually {usual}); the extra fields are kept as they are.</translation>
    </message>
    <message>
        <source>Format tanggal lahir pada chip tidak dikenal; nilai asli disimpan.</source>
        <translation>The chip's date of birth format is not known; the original value is kept.</translation>
    </message>
    <message>
        <source>Jenis kelamin pada chip tidak dikenal; nilai asli disimpan.</source>
        <translation>The chip's sex value is not known; the original value is kept.</translation>
    </message>
    <message>
        <source>{field} pada chip bukan angka; nilai asli disimpan.</source>
        <translation>{field} on the chip is not a number; the original value is kept.</translation>
    </message>
    <message>
        <source>Terjadi kesalahan saat membaca kartu. Coba tempelkan kembali kartu.</source>
        <translation>Something went wrong while reading the card. Try placing the card again.</translation>
    </message>
    <message>
        <source>Layanan kartu pintar (PC/SC) tidak berjalan. Nyalakan ulang layanan Smart Card atau hubungi petugas IT.</source>
        <translation>The smart card service (PC/SC) is not running. Restart the Smart Card service or contact IT.</translation>
    </message>
    <message>
        <source>Pembaca e-KTP tidak ditemukan. Periksa kabel USB pembaca, lalu coba lagi.</source>
        <translation>No e-KTP reader found. Check the reader's USB cable, then try again.</translation>
    </message>
    <message>
        <source>Pembaca kartu atau SAM sedang dipakai program lain. Tutup program itu, lalu tempelkan kartu lagi.</source>
        <translation>The card or SAM reader is in use by another program. Close that program, then place the card again.</translation>
    </message>
    <message>
        <source>Belum ada kartu di pembaca. Tempelkan e-KTP pada pembaca.</source>
        <translation>No card on the reader yet. Place the e-KTP on the reader.</translation>
    </message>
    <message>
        <source>Kartu dicabut sebelum selesai dibaca. Tempelkan kembali kartu.</source>
        <translation>The card was removed before it was read. Place the card again.</translation>
    </message>
    <message>
        <source>Kartu diganti saat sedang dibaca. Tempelkan satu kartu saja, lalu baca ulang.</source>
        <translation>The card was swapped while it was read. Place one card only, then read again.</translation>
    </message>
    <message>
        <source>Kartu ini bukan e-KTP. Tempelkan e-KTP warga.</source>
        <translation>This card is not an e-KTP. Place the citizen's e-KTP.</translation>
    </message>
    <message>
        <source>SAM pada pembaca tidak terbaca atau terkunci. Hubungi petugas IT.</source>
        <translation>The SAM in the reader cannot be read or is locked. Contact IT.</translation>
    </message>
    <message>
        <source>SAM terlepas dari pembacanya saat membaca. Pasang kembali SAM dengan benar, lalu tempelkan kartu lagi.</source>
        <translation>The SAM came loose from its reader during the read. Put the SAM back properly, then place the card again.</translation>
    </message>
    <message>
        <source>Kredensial SAM (PCID/CONF) ditolak oleh SAM. Minta petugas IT memeriksa kredensial SAM.</source>
        <translation>The SAM refused its credentials (PCID/CONF). Ask IT to check the SAM credentials.</translation>
    </message>
    <message>
        <source>Data pada chip e-KTP tidak dapat dibaca dengan benar. Coba baca ulang kartu.</source>
        <translation>The data on the e-KTP chip cannot be read properly. Try reading the card again.</translation>
    </message>
    <message>
        <source>Kartu memberi jawaban yang tidak terduga. Coba tempelkan kembali kartu.</source>
        <translation>The card gave an unexpected answer. Try placing the card again.</translation>
    </message>
    <message>
        <source>Kartu gagal diautentikasi oleh SAM; keaslian kartu tidak dapat dipastikan. Periksa kartu secara manual.</source>
        <translation>The SAM could not authenticate the card; its authenticity cannot be confirmed. Check the card by hand.</translation>
    </message>
    <message>
        <source>Keaslian data kartu TIDAK terverifikasi. Jangan gunakan data ini tanpa pemeriksaan petugas.</source>
        <translation>The card data's authenticity is NOT verified. Do not use this data without an officer's check.</translation>
    </message>
    <message>
        <source>Format foto pada chip tidak dikenal; data foto disimpan apa adanya.</source>
        <translation>The chip's photo format is not known; the photo data is kept as it is.</translation>
    </message>
    <message>
        <source>Kode provinsi {code} pada NIK tidak dikenal.</source>
        <translation>The province code {code} in the NIK is not known.</translation>
    </message>
    <message>
        <source>Kode kabupaten/kota pada NIK adalah 00.</source>
        <translation>The regency/city code in the NIK is 00.</translation>
    </message>
    <message>
        <source>Kode kecamatan pada NIK adalah 00.</source>
        <translation>The district code in the NIK is 00.</translation>
    </message>
    <message>
        <source>Tanggal lahir yang tersandi dalam NIK tidak valid.</source>
        <translation>The date of birth encoded in the NIK is not valid.</translation>
    </message>
    <message>
        <source>Nomor urut pada NIK adalah 0000.</source>
        <translation>The serial number in the NIK is 0000.</translation>
    </message>
    <message>
        <source>NIK pada chip bukan 16 digit angka.</source>
        <translation>The NIK on the chip is not 16 digits.</translation>
    </message>
    <message>
        <source>Tanggal lahir pada chip tidak sesuai dengan tanggal lahir dalam NIK.</source>
        <translation>The chip's date of birth does not match the one in the NIK.</translation>
    </message>
    <message>
        <source>Jenis kelamin pada chip tidak sesuai dengan NIK (tanggal +40 untuk perempuan).</source>
        <translation>The chip's sex does not match the NIK (day +40 for women).</translation>
    </message>
    <message>
        <source>Pembaca e-KTP "{reader}" tidak ditemukan. Periksa kabel USB atau pengaturan pembaca.</source>
        <translation>The e-KTP reader "{reader}" was not found. Check the USB cable or the reader settings.</translation>
    </message>
    <message>
        <source>Pembaca SAM "{reader}" tidak ditemukan. Periksa pembaca dan SAM-nya.</source>
        <translation>The SAM reader "{reader}" was not found. Check the reader and its SAM.</translation>
    </message>
    <message>
        <source>SAM tidak ditemukan di pembaca. Pastikan SAM terpasang.</source>
        <translation>No SAM found in the readers. Make sure the SAM is inserted.</translation>
    </message>
    <message>
        <source>SAM tidak terpasang di pembaca. Pasang SAM, lalu coba lagi.</source>
        <translation>No SAM in the reader. Insert the SAM, then try again.</translation>
    </message>
    <message>
        <source>Keaslian data kartu TIDAK terverifikasi, sehingga data warga tidak dapat diekspor.</source>
        <translation>The card data's authenticity is NOT verified, so the citizen's data cannot be exported.</translation>
    </message>
    <message>
        <source>Berkas ditulis, tetapi perintah pengiriman untuk {target} belum diatur (export.commands.{target}).</source>
        <translation>The file was written, but no hand-off command is set up for {target} (export.commands.{target}).</translation>
    </message>
    <message>
        <source>Berkas ditulis, tetapi perintah pengiriman gagal. Hubungi petugas IT.</source>
        <translation>The file was written, but the hand-off command failed. Contact IT.</translation>
    </message>
    <message>
        <source>Data kependudukan untuk warga ini tidak dapat dipakai: {label} {what}; data dari chip dipakai dan ditandai belum terverifikasi.</source>
        <translation>The registry's record of this citizen cannot be used: {label} {what}; the chip's data is used and marked not verified.</translation>
    </message>
    <message>
        <source>kosong</source>
        <translation>is empty</translation>
    </message>
    <message>
        <source>bukan tanggal yang sah</source>
        <translation>is not a valid date</translation>
    </message>
    <message>
        <source>bukan kode jenis kelamin</source>
        <translation>is not a sex code</translation>
    </message>
    <message>
        <source>bukan teks</source>
        <translation>is not text</translation>
    </message>
    <message>
        <source>Berkas sertifikat CA data kependudukan (registry.ca_bundle) tidak dapat dibaca; hubungi petugas IT, sementara itu data dari chip tetap dipakai.</source>
        <translation>The registry's CA certificate file (registry.ca_bundle) cannot be read; contact IT; meanwhile the chip's data is used.</translation>
    </message>
    <message>
        <source>Passphrase TTE tidak dimasukkan: surat tidak disimpan. Simpan lagi dan masukkan passphrase pejabat.</source>
        <translation>No e-signature passphrase was entered: the letter was not saved. Save again and enter the official's passphrase.</translation>
    </message>
    <message>
        <source>TTE BSrE memerlukan passphrase pejabat penanda tangan: simpan surat ini dari jendela Loket atau dengan `loket fill`.</source>
        <translation>BSrE e-signatures need the signing official's passphrase: save this letter from the Loket window or with `loket fill`.</translation>
    </message>
    <message>
        <source>Sertifikat tanda tangan PDF tidak dapat dibaca dari keyring sistem: surat tidak disimpan. Hubungi petugas IT.</source>
        <translation>The PDF signing certificate cannot be read from the OS keyring: the letter was not saved. Contact IT.</translation>
    </message>
    <message>
        <source>Sertifikat tanda tangan PDF di keyring rusak atau kata sandinya salah: surat tidak disimpan. Petugas IT: jalankan lagi `loket credentials set signing FILE.p12`.</source>
        <translation>The PDF signing certificate in the keyring is damaged or its password is wrong: the letter was not saved. IT: run `loket credentials set signing FILE.p12` again.</translation>
    </message>
    <message>
        <source>Server cap waktu (letters.tsa_url) tidak menjawab dengan benar: surat tidak disimpan. Coba lagi, atau minta petugas IT memeriksa letters.tsa_url.</source>
        <translation>The timestamp server (letters.tsa_url) did not answer properly: the letter was not saved. Try again, or ask IT to check letters.tsa_url.</translation>
    </message>
    <message>
        <source>PDF tidak dapat ditandatangani: surat tidak disimpan. Hubungi petugas IT.</source>
        <translation>The PDF could not be signed: the letter was not saved. Contact IT.</translation>
    </message>
    <message>
        <source>TTE BSrE belum diatur (letters.bsre_url, letters.bsre_nik, `loket credentials set bsre`): surat tidak disimpan. Hubungi petugas IT.</source>
        <translation>BSrE e-signatures are not set up (letters.bsre_url, letters.bsre_nik, `loket credentials set bsre`): the letter was not saved. Contact IT.</translation>
    </message>
    <message>
        <source>BSrE menolak: passphrase salah. Surat tidak disimpan; simpan lagi dengan passphrase yang benar.</source>
        <translation>BSrE refused: wrong passphrase. The letter was not saved; save again with the right passphrase.</translation>
    </message>
    <message>
        <source>BSrE menolak permintaan tanda tangan (kode {code}): surat tidak disimpan. Hubungi petugas IT.</source>
        <translation>BSrE refused the signature request (code {code}): the letter was not saved. Contact IT.</translation>
    </message>
    <message>
        <source>BSrE menolak login aplikasi (HTTP {status}): surat tidak disimpan. Petugas IT: periksa `loket credentials set bsre`.</source>
        <translation>BSrE refused the application login (HTTP {status}): the letter was not saved. IT: check `loket credentials set bsre`.</translation>
    </message>
    <message>
        <source>Layanan TTE BSrE tidak dapat dihubungi: surat tidak disimpan. Coba lagi nanti.</source>
        <translation>The BSrE signing service cannot be reached: the letter was not saved. Try again later.</translation>
    </message>
    <message>
        <source>Layanan TTE BSrE menjawab dengan sesuatu yang bukan PDF bertanda tangan: surat tidak disimpan. Hubungi petugas IT.</source>
        <translation>The BSrE signing service answered with something that is not a signed PDF: the letter was not saved. Contact IT.</translation>
    </message>
    <message>
        <source>Tanda tangan PDF sah: ditandatangani {signer} pada {time}; isi berkas utuh.</source>
        <translation>PDF signature valid: signed by {signer} at {time}; the file is intact.</translation>
    </message>
    <message>
        <source>Tanda tangan PDF utuh tetapi penanda tangannya ({signer}) tidak berinduk pada akar tepercaya (letters.pdf_trust_roots).</source>
        <translation>The PDF signature is intact but its signer ({signer}) does not chain to a trusted root (letters.pdf_trust_roots).</translation>
    </message>
    <message>
        <source>Berkas PDF diubah setelah ditandatangani {signer} pada {time}: isinya bukan lagi yang ditandatangani.</source>
        <translation>The PDF was changed after {signer} signed it at {time}: its content is no longer what was signed.</translation>
    </message>
    <message>
        <source>Tanda tangan PDF rusak: isi berkas tidak sama dengan yang ditandatangani {signer}.</source>
        <translation>The PDF signature is broken: the file is not what {signer} signed.</translation>
    </message>
    <message>
        <source>Tanda tangan PDF tidak dapat diperiksa: struktur berkas PDF rusak.</source>
        <translation>The PDF signature cannot be checked: the PDF's structure is damaged.</translation>
    </message>
    <message>
        <source>Akar tepercaya {name} (letters.pdf_trust_roots) tidak dapat dibaca; diabaikan.</source>
        <translation>Trusted root {name} (letters.pdf_trust_roots) cannot be read; ignored.</translation>
    </message>
    <message>
        <source>Berkas {name} bukan PKCS#12 yang dapat dibuka dengan kata sandi itu. Periksa berkas dan kata sandinya.</source>
        <translation>File {name} is not a PKCS#12 that opens with that password. Check the file and its password.</translation>
    </message>
    <message>
        <source>Berkas {name} tidak berisi kunci privat dan sertifikat penanda tangan.</source>
        <translation>File {name} holds no private key and signing certificate.</translation>
    </message>
    <message>
        <source>Berkas {name} tidak dapat dibaca (bukan berkas biasa, atau lebih dari 64 KB).</source>
        <translation>File {name} cannot be read (not a regular file, or larger than 64 KB).</translation>
    </message>
    <message>
        <source>(belum dipetakan ke tujuan PKS)</source>
        <translation>(not mapped to a PKS purpose)</translation>
    </message>
    <message>
        <source>(tidak ada)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>Akses</source>
        <translation>Accesses</translation>
    </message>
    <message>
        <source>Akses data kependudukan</source>
        <translation>Population-data accesses</translation>
    </message>
    <message>
        <source>Akses data kependudukan per bulan, per cara akses</source>
        <translation>Population-data accesses per month, by method</translation>
    </message>
    <message>
        <source>Baca e-KTP (diverifikasi SAM)</source>
        <translation>e-KTP read (verified by the SAM)</translation>
    </message>
    <message>
        <source>Cara akses</source>
        <translation>Method</translation>
    </message>
    <message>
        <source>Cari NIK (CALL_NIK)</source>
        <translation>NIK lookup (CALL_NIK)</translation>
    </message>
    <message>
        <source>Cetak ulang</source>
        <translation>Reprints</translation>
    </message>
    <message>
        <source>Hari kerja tanpa akses</source>
        <translation>Working days without access</translation>
    </message>
    <message>
        <source>Hari kuota habis</source>
        <translation>Days the quota ran out</translation>
    </message>
    <message>
        <source>Hasil CALL_NIK</source>
        <translation>CALL_NIK outcome</translation>
    </message>
    <message>
        <source>Hasil permintaan CALL_NIK</source>
        <translation>CALL_NIK outcomes</translation>
    </message>
    <message>
        <source>Jenis surat</source>
        <translation>Letter type</translation>
    </message>
    <message>
        <source>Kartu ditolak (tidak asli)</source>
        <translation>Cards refused (not authentic)</translation>
    </message>
    <message>
        <source>Keadaan</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Keduanya</source>
        <translation>Both</translation>
    </message>
    <message>
        <source>Klasifikasi</source>
        <translation>Classification</translation>
    </message>
    <message>
        <source>Layanan</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Loket</source>
        <translation>Counter</translation>
    </message>
    <message>
        <source>Loket berhenti mendadak</source>
        <translation>Loket stopped abruptly</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Nama warga</source>
        <translation>Citizen's name</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Nomor surat</source>
        <translation>Letter number</translation>
    </message>
    <message>
        <source>Pembaca kartu</source>
        <translation>Card reader</translation>
    </message>
    <message>
        <source>Pembacaan</source>
        <translation>Reads</translation>
    </message>
    <message>
        <source>Perangkat</source>
        <translation>Device</translation>
    </message>
    <message>
        <source>Permintaan</source>
        <translation>Requests</translation>
    </message>
    <message>
        <source>Permintaan CALL_NIK</source>
        <translation>CALL_NIK requests</translation>
    </message>
    <message>
        <source>Permintaan gagal atau ditolak</source>
        <translation>Requests failed or refused</translation>
    </message>
    <message>
        <source>Petugas</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>Petugas (akun komputer)</source>
        <translation>Operator (computer account)</translation>
    </message>
    <message>
        <source>SAM</source>
        <translation>SAM</translation>
    </message>
    <message>
        <source>Segel (SHA-256)</source>
        <translation>Seal (SHA-256)</translation>
    </message>
    <message>
        <source>Tujuan (PKS)</source>
        <translation>Purpose (PKS)</translation>
    </message>
    <message>
        <source>Tujuan penggunaan (PKS)</source>
        <translation>Purpose of use (PKS)</translation>
    </message>
    <message>
        <source>akses</source>
        <translation>accesses</translation>
    </message>
    <message>
        <source>batal</source>
        <translation>void</translation>
    </message>
    <message>
        <source>diambil (belum tercatat selesai)</source>
        <translation>taken (not yet recorded as finished)</translation>
    </message>
    <message>
        <source>dibatalkan</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <source>dicetak</source>
        <translation>printed</translation>
    </message>
    <message>
        <source>disimpan (PDF)</source>
        <translation>saved (PDF)</translation>
    </message>
    <message>
        <source>ditemukan</source>
        <translation>found</translation>
    </message>
    <message>
        <source>diterbitkan</source>
        <translation>issued</translation>
    </message>
    <message>
        <source>e-KTP dibaca dan diverifikasi SAM</source>
        <translation>e-KTPs read and verified by the SAM</translation>
    </message>
    <message>
        <source>gagal dibuat</source>
        <translation>could not be made</translation>
    </message>
    <message>
        <source>gagal disimpan</source>
        <translation>could not be saved</translation>
    </message>
    <message>
        <source>jejak audit tidak dapat ditulis</source>
        <translation>audit trail not writable</translation>
    </message>
    <message>
        <source>printer gagal</source>
        <translation>printer failed</translation>
    </message>
    <message>
        <source>tidak ditemukan</source>
        <translation>not found</translation>
    </message>
    <message>
        <source>Berkas {name} bukan PDF atau gambar (PNG, JPEG) yang dapat dibaca.</source>
        <translation>{name} is not a readable PDF or image (PNG, JPEG).</translation>
    </message>
    <message>
        <source>Berkas {name} bukan daftar kunci tepercaya segel Loket ({what}).</source>
        <translation>{name} is not a Loket seal trust list ({what}).</translation>
    </message>
    <message>
        <source>Berkas {name} terlalu besar untuk diperiksa (lebih dari {limit} MB).</source>
        <translation>{name} is too large to check (over {limit} MB).</translation>
    </message>
    <message>
        <source>Berkas {name} tidak dapat dibaca.</source>
        <translation>{name} cannot be read.</translation>
    </message>
    <message>
        <source>Daftar kunci segel di komputer ini ({name}) rusak atau tidak dapat dibaca, jadi surat tidak dapat disegel. Hubungi petugas IT.</source>
        <translation>This machine's seal key list ({name}) is damaged or unreadable, so letters cannot be sealed. Call IT.</translation>
    </message>
    <message>
        <source>Gambar {name} terlalu besar untuk diperiksa (lebih dari {limit} juta piksel). Foto ulang atau pindai dengan resolusi lebih kecil.</source>
        <translation>Image {name} is too large to check (over {limit} million pixels). Take the photo again or scan at a lower resolution.</translation>
    </message>
    <message>
        <source>Kunci segel {kid} sudah ada; jalankan perintahnya lagi.</source>
        <translation>Seal key {kid} already exists; run the command again.</translation>
    </message>
    <message>
        <source>PDF {name} berisi {pages} halaman; Loket memeriksa surat sampai {limit} halaman. Periksa halaman surat itu saja.</source>
        <translation>PDF {name} has {pages} pages; Loket checks letters of up to {limit} pages. Check the letter's own pages only.</translation>
    </message>
    <message>
        <source>Pindai untuk memeriksa keaslian surat ini</source>
        <translation>Scan to check that this letter is genuine</translation>
    </message>
    <message>
        <source>Server kantor tidak dapat dihubungi; daftar kunci segel kantor tidak dapat dibaca atau diubah. Coba lagi saat server terhubung.</source>
        <translation>The office server cannot be reached; the office's seal key list cannot be read or changed. Try again when the server is connected.</translation>
    </message>
    <message>
        <source>Surat tidak dapat disegel: isi kode QR melebihi 450 byte (alamat letters.verify_url terlalu panjang), jadi surat tidak dicetak. Petugas IT: pakai alamat halaman pemeriksaan yang lebih pendek.</source>
        <translation>The letter cannot be sealed: the QR code's content is over 450 bytes (letters.verify_url is too long), so the letter was not printed. IT: use a shorter verification page address.</translation>
    </message>
    <message>
        <source>Surat tidak dapat disegel: komputer ini belum punya kunci segel untuk kantor {iss}, jadi surat tidak dicetak. Petugas IT: jalankan `loket letters key new` di komputer ini.</source>
        <translation>The letter cannot be sealed: this machine has no seal key for office {iss} yet, so the letter was not printed. IT: run `loket letters key new` on this machine.</translation>
    </message>
    <message>
        <source>Surat tidak dapat disegel: kunci segel {kid} tidak dapat dibaca dari keyring sistem (keyring tidak dapat dipakai, atau kuncinya hilang), jadi surat tidak dicetak. Petugas IT: periksa keyring, atau jalankan `loket letters key new` lalu cabut kunci lama dengan `loket letters key revoke`.</source>
        <translation>The letter cannot be sealed: seal key {kid} cannot be read from the OS keyring (the keyring is unavailable, or the key is gone), so the letter was not printed. IT: check the keyring, or run `loket letters key new` and revoke the old key with `loket letters key revoke`.</translation>
    </message>
    <message>
        <source>Tidak ada kunci segel {kid} di daftar kunci kantor ini.</source>
        <translation>There is no seal key {kid} in this office's key list.</translation>
    </message>
    <message>
        <source>{name} bukan berkas biasa (folder, perangkat atau pipa); tidak diperiksa.</source>
        <translation>{name} is not a regular file (a folder, device or pipe); not checked.</translation>
    </message>
    <message>
        <source>Loket ini memberi nomor untuk lebih dari satu kop surat; isi storage.office agar surat masuk/keluar memakai urutan yang benar. Hubungi petugas IT.</source>
        <translation>This counter numbers letters for more than one letterhead; set storage.office so incoming and outgoing mail use the right sequence. Contact IT.</translation>
    </message>
    <message>
        <source>Nomor surat masuk/keluar diambil dari urutan bersama hanya bila pengaturan numbering.scope bernilai &quot;surat&quot;. Hubungi petugas IT.</source>
        <translation>Incoming and outgoing mail take a number from the shared sequence only when the setting numbering.scope is &quot;surat&quot;. Contact IT.</translation>
    </message>
    <message>
        <source>Surat keluar</source>
        <translation>Outgoing mail</translation>
    </message>
    <message>
        <source>Surat masuk</source>
        <translation>Incoming mail</translation>
    </message>
</context>
<context>
    <name>Field</name>
    <message>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Jenis kelamin</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>Tempat lahir</source>
        <translation>Place of birth</translation>
    </message>
    <message>
        <source>Tanggal lahir</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>Golongan darah</source>
        <translation>Blood type</translation>
    </message>
    <message>
        <source>Agama</source>
        <translation>Religion</translation>
    </message>
    <message>
        <source>Status perkawinan</source>
        <translation>Marital status</translation>
    </message>
    <message>
        <source>Tanggal kawin</source>
        <translation>Date of marriage</translation>
    </message>
    <message>
        <source>No. akta kawin</source>
        <translation>Marriage certificate no.</translation>
    </message>
    <message>
        <source>Tanggal cerai</source>
        <translation>Date of divorce</translation>
    </message>
    <message>
        <source>No. akta cerai</source>
        <translation>Divorce certificate no.</translation>
    </message>
    <message>
        <source>Pendidikan terakhir</source>
        <translation>Highest education</translation>
    </message>
    <message>
        <source>Pekerjaan</source>
        <translation>Occupation</translation>
    </message>
    <message>
        <source>No. KK</source>
        <translation>Family card no.</translation>
    </message>
    <message>
        <source>Hubungan dalam keluarga</source>
        <translation>Relationship in the family</translation>
    </message>
    <message>
        <source>Alamat</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Dusun</source>
        <translation>Hamlet</translation>
    </message>
    <message>
        <source>RT</source>
        <translation>RT</translation>
    </message>
    <message>
        <source>RW</source>
        <translation>RW</translation>
    </message>
    <message>
        <source>Kode provinsi</source>
        <translation>Province code</translation>
    </message>
    <message>
        <source>Kode kabupaten/kota</source>
        <translation>Regency/city code</translation>
    </message>
    <message>
        <source>Kode kecamatan</source>
        <translation>District code</translation>
    </message>
    <message>
        <source>Kode kelurahan/desa</source>
        <translation>Village code</translation>
    </message>
    <message>
        <source>Provinsi</source>
        <translation>Province</translation>
    </message>
    <message>
        <source>Kabupaten/kota</source>
        <translation>Regency/city</translation>
    </message>
    <message>
        <source>Kecamatan</source>
        <translation>District</translation>
    </message>
    <message>
        <source>Kelurahan/desa</source>
        <translation>Village</translation>
    </message>
    <message>
        <source>NIK ayah</source>
        <translation>Father's NIK</translation>
    </message>
    <message>
        <source>Nama ayah</source>
        <translation>Father's name</translation>
    </message>
    <message>
        <source>NIK ibu</source>
        <translation>Mother's NIK</translation>
    </message>
    <message>
        <source>Nama ibu</source>
        <translation>Mother's name</translation>
    </message>
    <message>
        <source>No. akta lahir</source>
        <translation>Birth certificate no.</translation>
    </message>
    <message>
        <source>Status e-KTP</source>
        <translation>e-KTP status</translation>
    </message>
    <message>
        <source>Kewarganegaraan</source>
        <translation>Citizenship</translation>
    </message>
    <message>
        <source>Berlaku hingga</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <source>No. telepon / HP</source>
        <translation>Phone / mobile no.</translation>
    </message>
</context>
<context>
    <name>DukcapilView</name>
    <message>
        <source>Belum ada kejadian pada semester itu.</source>
        <translation>No events in that half-year yet.</translation>
    </message>
    <message>
        <source>Grafik akses per bulan, per cara akses</source>
        <translation>Chart of accesses per month, by method</translation>
    </message>
    <message>
        <source>Laporan disimpan: {name}</source>
        <translation>Report saved: {name}</translation>
    </message>
    <message>
        <source>Laporan semester untuk Dukcapil</source>
        <translation>Semester report for Dukcapil</translation>
    </message>
    <message>
        <source>Laporan tidak dapat dibuat; hubungi petugas IT.</source>
        <translation>The report cannot be made; contact IT.</translation>
    </message>
    <message>
        <source>Laporan tidak dapat disimpan di tempat itu. Pilih folder lain.</source>
        <translation>The report cannot be saved there. Choose another folder.</translation>
    </message>
    <message>
        <source>Nomor PKS belum diisi di pengaturan (dukcapil.agreement_number).</source>
        <translation>The PKS number is not set yet (dukcapil.agreement_number).</translation>
    </message>
    <message>
        <source>Semester</source>
        <translation>Half-year</translation>
    </message>
    <message>
        <source>Semester {half} {year}</source>
        <translation>Half-year {half} {year}</translation>
    </message>
    <message>
        <source>Server kantor tidak dapat dihubungi; laporan belum dapat dibuat.</source>
        <translation>The office server cannot be reached; the report cannot be made yet.</translation>
    </message>
    <message>
        <source>Simpan CSV…</source>
        <translation>Save CSV…</translation>
    </message>
    <message>
        <source>Simpan PDF…</source>
        <translation>Save PDF…</translation>
    </message>
    <message>
        <source>Simpan laporan</source>
        <translation>Save report</translation>
    </message>
    <message>
        <source>Tampilkan</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>RegisterView</name>
    <message>
        <source>Buku agenda disimpan: {name}</source>
        <translation>Register saved: {name}</translation>
    </message>
    <message>
        <source>Buku agenda surat keluar</source>
        <translation>Outgoing-letter register</translation>
    </message>
    <message>
        <source>Buku agenda tidak dapat dibuat; hubungi petugas IT.</source>
        <translation>The register cannot be made; contact IT.</translation>
    </message>
    <message>
        <source>Buku agenda tidak dapat disimpan di tempat itu. Pilih folder lain.</source>
        <translation>The register cannot be saved there. Choose another folder.</translation>
    </message>
    <message>
        <source>Dari</source>
        <translation>From</translation>
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
        <source>Server kantor tidak dapat dihubungi; buku agenda belum dapat dibuat.</source>
        <translation>The office server cannot be reached; the register cannot be made yet.</translation>
    </message>
    <message>
        <source>Simpan CSV…</source>
        <translation>Save CSV…</translation>
    </message>
    <message>
        <source>Simpan PDF…</source>
        <translation>Save PDF…</translation>
    </message>
    <message>
        <source>Simpan buku agenda</source>
        <translation>Save register</translation>
    </message>
    <message>
        <source>Tampilkan</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>Tanggal akhir tidak boleh sebelum tanggal awal.</source>
        <translation>The end date must not be before the start date.</translation>
    </message>
    <message>
        <source>loket ini</source>
        <translation>this counter</translation>
    </message>
    <message>
        <source>sampai</source>
        <translation>to</translation>
    </message>
    <message>
        <source>semua loket</source>
        <translation>every counter</translation>
    </message>
    <message>
        <source>{count} nomor surat ({where}).</source>
        <translation>{count} letter numbers ({where}).</translation>
    </message>
    <message>
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
</context>
</TS>
