"""The report as a PDF for the office head (summary, charts, tables, definitions) and as CSV for a spreadsheet.

Both are written whole or not at all, on the page and in the table style every report shares (``layout``).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from app.base.clerktext import QT_TRANSLATE_NOOP
from app.report import chart, layout
from app.report.layout import BODY, H1, H2, NOTE
from app.report.stats import Report
from forms.render import register_fonts

# Clerk-facing names of lookup outcomes that are failures (the code itself is shown for any other).
FAILURE_NAMES = {
    "failed_transport": QT_TRANSLATE_NOOP("Core", "tidak terhubung ke server"),
    "failed_timeout": QT_TRANSLATE_NOOP("Core", "waktu tunggu habis"),
    "failed_http_status": QT_TRANSLATE_NOOP("Core", "server menjawab galat (HTTP)"),
    "failed_malformed": QT_TRANSLATE_NOOP("Core", "jawaban tidak dapat dibaca"),
    "failed_wrong_person": QT_TRANSLATE_NOOP("Core", "jawaban untuk orang lain"),
    "failed_ambiguous": QT_TRANSLATE_NOOP("Core", "jawaban ganda"),
    "failed_config": QT_TRANSLATE_NOOP("Core", "Loket belum diatur"),
    "refused_login": QT_TRANSLATE_NOOP("Core", "login ditolak"),
    "refused_ip": QT_TRANSLATE_NOOP("Core", "alamat IP ditolak"),
    "refused_quota": QT_TRANSLATE_NOOP("Core", "kuota pencarian habis"),
    "refused_other": QT_TRANSLATE_NOOP("Core", "ditolak (lainnya)"),
}
FIELD_NAMES = {
    "nama": QT_TRANSLATE_NOOP("Core", "nama"),
    "alamat": QT_TRANSLATE_NOOP("Core", "alamat"),
    "rt": QT_TRANSLATE_NOOP("Core", "RT"),
    "rw": QT_TRANSLATE_NOOP("Core", "RW"),
    "kelurahan": QT_TRANSLATE_NOOP("Core", "kelurahan/desa"),
    "kecamatan": QT_TRANSLATE_NOOP("Core", "kecamatan"),
    "kabupaten": QT_TRANSLATE_NOOP("Core", "kabupaten/kota"),
    "provinsi": QT_TRANSLATE_NOOP("Core", "provinsi"),
    "agama": QT_TRANSLATE_NOOP("Core", "agama"),
    "status_perkawinan": QT_TRANSLATE_NOOP("Core", "status perkawinan"),
    "pekerjaan": QT_TRANSLATE_NOOP("Core", "pekerjaan"),
    "tempat_lahir": QT_TRANSLATE_NOOP("Core", "tempat lahir"),
    "tanggal_lahir": QT_TRANSLATE_NOOP("Core", "tanggal lahir"),
    "jenis_kelamin": QT_TRANSLATE_NOOP("Core", "jenis kelamin"),
    "golongan_darah": QT_TRANSLATE_NOOP("Core", "golongan darah"),
    "kewarganegaraan": QT_TRANSLATE_NOOP("Core", "kewarganegaraan"),
}


def duration(seconds: float) -> str:
    """``1 jam 23 menit`` — how the office head says it."""
    minutes = round(seconds / 60)
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return QT_TRANSLATE_NOOP("Core", "{hours} jam {minutes} menit").format(hours=hours, minutes=minutes)
    if hours:
        return QT_TRANSLATE_NOOP("Core", "{hours} jam").format(hours=hours)
    return QT_TRANSLATE_NOOP("Core", "{minutes} menit").format(minutes=minutes)


def period(report: Report) -> str:
    a, b = report.from_day, report.to_day
    return f"{a:%d-%m-%Y}" if a == b else f"{a:%d-%m-%Y} s.d. {b:%d-%m-%Y}"


def summary_rows(report: Report) -> list[tuple[str, str]]:
    """The headline figures, also shown by the GUI's Laporan view."""
    failures = sum(report.registry_failures.values())
    failed = QT_TRANSLATE_NOOP("Core", "{count} ({share} dari {lookups} pencarian)").format(
        count=failures, share=f"{failures / report.lookups:.0%}", lookups=report.lookups) if report.lookups \
        else str(failures)
    differ = report.lookups_with_discrepancy
    dis = f"{differ} ({differ / report.lookups:.0%})" if report.lookups else str(differ)
    return [
        (QT_TRANSLATE_NOOP("Core", "Warga dilayani"), str(report.citizens)),
        (QT_TRANSLATE_NOOP("Core", "Formulir dicetak / disimpan"), str(report.total_prints)),
        (QT_TRANSLATE_NOOP("Core", "Pencarian data Dukcapil"), str(report.lookups)),
        (QT_TRANSLATE_NOOP("Core", "Pencarian gagal"), failed),
        (QT_TRANSLATE_NOOP("Core", "Warga dengan data chip ≠ Dukcapil"), dis),
        (QT_TRANSLATE_NOOP("Core", "Isian terisi otomatis"), QT_TRANSLATE_NOOP(
            "Core", "{count} (diketik petugas: {typed})").format(count=report.prefilled, typed=report.typed)),
        (QT_TRANSLATE_NOOP("Core", "Perkiraan waktu mengetik yang dihemat"), QT_TRANSLATE_NOOP(
            "Core", "{duration} ({seconds} detik per isian)").format(duration=duration(report.seconds_saved),
                                                                   seconds=f"{report.seconds_per_field:g}")),
        (QT_TRANSLATE_NOOP("Core", "Pembacaan kartu gagal"), str(report.failed_reads)),
    ]


def service_table(report: Report) -> list[list[str]]:
    head = [QT_TRANSLATE_NOOP("Core", "Tanggal"), *[chart.service_name(s) for s in report.services],
            QT_TRANSLATE_NOOP("Core", "Jumlah warga"), QT_TRANSLATE_NOOP("Core", "Cetak")]
    rows = [head]
    for day in report.days:
        prints = sum(report.prints.get((day, s), 0) for s in report.services)
        rows.append([f"{day:%d-%m-%Y}", *[str(report.served.get((day, s), 0)) for s in report.services],
                     str(report.served_per_day.get(day, 0)), str(prints)])
    if len(report.days) > 1:
        rows.append([QT_TRANSLATE_NOOP("Core", "Jumlah"), *[str(report.served_in(s)) for s in report.services],
                     str(report.citizens), str(report.total_prints)])
    return rows


def registry_table(report: Report) -> list[list[str]]:
    """Failed lookups by cause, then disagreeing fields: what the office takes up with Dukcapil."""
    failed, differ = QT_TRANSLATE_NOOP("Core", "gagal: {cause}"), QT_TRANSLATE_NOOP("Core", "data berbeda: {field}")
    rows = [["Dukcapil", QT_TRANSLATE_NOOP("Core", "Jumlah")]]
    rows += [[failed.format(cause=FAILURE_NAMES.get(k, k)), str(v)] for k, v in report.registry_failures.most_common()]
    rows += [[differ.format(field=FIELD_NAMES.get(k, k)), str(v)] for k, v in report.discrepancy_fields.most_common()]
    return rows


def counter_table(report: Report) -> list[list[str]]:
    rows = [[QT_TRANSLATE_NOOP("Core", "Loket (komputer)"), QT_TRANSLATE_NOOP("Core", "Warga"),
             QT_TRANSLATE_NOOP("Core", "Cetak"), QT_TRANSLATE_NOOP("Core", "Pencarian"),
             QT_TRANSLATE_NOOP("Core", "Gagal"), QT_TRANSLATE_NOOP("Core", "Data berbeda"),
             QT_TRANSLATE_NOOP("Core", "Isian otomatis"), QT_TRANSLATE_NOOP("Core", "Waktu dihemat")]]
    for c in report.counters:
        rows.append([c.workstation, str(c.citizens), str(c.prints), str(c.lookups), str(c.registry_failures),
                     str(c.discrepancies), str(c.prefilled), duration(c.prefilled * report.seconds_per_field)])
    return rows


def write_pdf(report: Report, out: Path | str, *, office: str = "", generated: datetime | None = None) -> None:
    register_fonts()
    width = layout.WIDTH
    story: list[Flowable] = [
        Paragraph("Laporan Layanan Loket", H1),
        Paragraph(escape(f"{office + ' — ' if office else ''}Periode {period(report)}"), BODY),
        Spacer(1, 4 * mm),
        layout.table([["Ringkasan", ""], *[list(r) for r in summary_rows(report)]], [width * 0.5, width * 0.5], 99),
        Spacer(1, 5 * mm),
        chart.per_day(report, width, 240),
        Spacer(1, 3 * mm),
        Paragraph("Warga dilayani per layanan", H2),
        Spacer(1, 1.5 * mm),
    ]
    cols = len(report.services) + 3
    story.append(layout.table(service_table(report), [width * 0.16] + [width * 0.84 / (cols - 1)] * (cols - 1)))
    story += [Spacer(1, 5 * mm), KeepTogether([chart.per_hour(report, width, 190)]), Spacer(1, 4 * mm)]

    failures = [["Pencarian Dukcapil gagal", "Jumlah"]]
    failures += [[FAILURE_NAMES.get(k, k), str(v)] for k, v in report.registry_failures.most_common()]
    if len(failures) == 1:
        failures.append(["(tidak ada)", "0"])
    fields = [["Data chip berbeda dengan Dukcapil, per isian", "Warga"]]
    fields += [[FIELD_NAMES.get(k, k), str(v)] for k, v in report.discrepancy_fields.most_common()]
    if len(fields) == 1:
        fields.append(["(tidak ada)", "0"])
    pair = layout.side_by_side(layout.table(failures, [width * 0.33, width * 0.12]),
                               layout.table(fields, [width * 0.33, width * 0.12]), width)
    story += [KeepTogether([Paragraph("Dukcapil", H2), Spacer(1, 1.5 * mm), pair]), Spacer(1, 5 * mm)]
    story += [KeepTogether([Paragraph("Per loket", H2), Spacer(1, 1.5 * mm),
                            layout.table(counter_table(report), [width * 0.16] + [width * 0.12] * 7)])]
    when = (generated or datetime.now().astimezone()).strftime("%d-%m-%Y %H.%M")
    notes = (
        "Warga dilayani: satu NIK (disimpan hanya sebagai hash berkunci) pada satu hari; jam = kedatangan "
        "pertamanya hari itu. Per layanan: layanan dari cetakan warga itu hari itu; tanpa cetakan = "
        f"“{chart.service_name('data_ektp')}”. Cetak: formulir dicetak atau disimpan sebagai PDF (pratinjau "
        "dan pembatalan tidak dihitung). Pencarian gagal: jawaban selain “ditemukan” dan “tidak ditemukan”"
        f"{f' ({report.not_asked} kali tidak ditanyakan karena Dukcapil belum diatur)' if report.not_asked else ''}."
        f" Waktu dihemat: isian yang terisi dari chip/Dukcapil × {report.seconds_per_field:g} detik "
        "(pengaturan report.seconds_per_field). "
        f"Sumber: jejak audit, {report.rows} baris. Dibuat {when}."
    )
    story += [Spacer(1, 5 * mm), Paragraph(escape(notes), NOTE)]
    layout.write_pdf(story, out, f"Laporan layanan Loket {period(report)}")


CSV_HEADER = ("bagian", "tanggal", "jam", "layanan", "loket", "ukuran", "nilai")


def csv_rows(report: Report) -> list[tuple[object, ...]]:
    """Long format (one figure per line): a spreadsheet pivots it however the office head likes."""
    out: list[tuple[object, ...]] = []
    for (day, service), n in sorted(report.served.items()):
        out.append(("per_hari_layanan", day.isoformat(), "", service, "", "warga", n))
    for (day, service), n in sorted(report.prints.items()):
        out.append(("per_hari_layanan", day.isoformat(), "", service, "", "cetak", n))
    for day in report.days:
        out.append(("per_hari", day.isoformat(), "", "", "", "warga", report.served_per_day.get(day, 0)))
    for hour, n in sorted(report.served_per_hour.items()):
        out.append(("per_jam", "", f"{hour:02d}", "", "", "warga", n))
    for outcome, n in sorted(report.registry_failures.items()):
        out.append(("dukcapil_gagal", "", "", "", "", outcome, n))
    for name, n in sorted(report.discrepancy_fields.items()):
        out.append(("data_berbeda", "", "", "", "", name, n))
    for c in report.counters:
        for metric, value in (("warga", c.citizens), ("cetak", c.prints), ("pencarian", c.lookups),
                              ("pencarian_gagal", c.registry_failures), ("data_berbeda", c.discrepancies),
                              ("isian_otomatis", c.prefilled), ("isian_diketik", c.typed),
                              ("detik_dihemat", round(c.prefilled * report.seconds_per_field))):
            out.append(("per_loket", "", "", "", c.workstation, metric, value))
    for metric, value in (("warga", report.citizens), ("cetak", report.total_prints),
                          ("pencarian", report.lookups), ("pencarian_gagal", sum(report.registry_failures.values())),
                          ("warga_data_berbeda", report.lookups_with_discrepancy),
                          ("isian_otomatis", report.prefilled), ("isian_diketik", report.typed),
                          ("detik_per_isian", report.seconds_per_field), ("detik_dihemat", round(report.seconds_saved)),
                          ("baca_kartu_gagal", report.failed_reads)):
        out.append(("jumlah", report.from_day.isoformat(), "", "", "", metric, value))
    return out


def write_csv(report: Report, out: Path | str) -> int:
    """Returns the number of lines after the header."""
    return layout.write_csv(out, CSV_HEADER, csv_rows(report))
