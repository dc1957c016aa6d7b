"""Dukcapil's semester report as a PDF (the office, its PKS, the signer; charts in the style of ``loket report``;
the tables) and as CSV. Written whole or not at all, on the office report's page and in its table style
(``layout``). Counts only: never a NIK or name.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from app.base.clerktext import QT_TRANSLATE_NOOP
from app.report import chart, layout
from app.report.dukcapil import METHODS, UNMAPPED, Agreement, DukcapilReport
from app.report.layout import BODY, H1, H2, NOTE
from app.report.render import FAILURE_NAMES
from forms.render import register_fonts

METHOD_NAMES = {
    "ektp": QT_TRANSLATE_NOOP("Core", "Baca e-KTP (diverifikasi SAM)"),
    "nik": QT_TRANSLATE_NOOP("Core", "Cari NIK (CALL_NIK)"),
    "both": QT_TRANSLATE_NOOP("Core", "Keduanya"),
}
OUTCOME_NAMES = {
    "found": QT_TRANSLATE_NOOP("Core", "ditemukan"),
    "not_found": QT_TRANSLATE_NOOP("Core", "tidak ditemukan"),
    **FAILURE_NAMES,
}
MONTH_NAMES = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
               "Oktober", "November", "Desember")


def semester_name(report: DukcapilReport) -> str:
    half = "I" if report.from_day.month == 1 else "II"
    return f"Semester {half} {report.from_day.year} ({report.from_day:%d-%m-%Y} s.d. {report.to_day:%d-%m-%Y})"


def purpose_name(purpose: str) -> str:
    return purpose if purpose != UNMAPPED else QT_TRANSLATE_NOOP("Core", "(belum dipetakan ke tujuan PKS)")


def summary_rows(report: DukcapilReport) -> list[tuple[str, str]]:
    """The headline figures, also shown by the window."""
    failures = sum(n for k, n in report.lookup_outcomes.items() if k not in ("found", "not_found"))
    return [
        (QT_TRANSLATE_NOOP("Core", "Akses data kependudukan"), str(report.accesses)),
        (QT_TRANSLATE_NOOP("Core", "e-KTP dibaca dan diverifikasi SAM"), str(report.verified_reads)),
        (QT_TRANSLATE_NOOP("Core", "Permintaan CALL_NIK"), str(report.lookups)),
        (QT_TRANSLATE_NOOP("Core", "Permintaan gagal atau ditolak"), str(failures)),
        (QT_TRANSLATE_NOOP("Core", "Hari kuota habis"), str(len(report.quota_days))),
        (QT_TRANSLATE_NOOP("Core", "Kartu ditolak (tidak asli)"), str(report.refused_cards)),
        (QT_TRANSLATE_NOOP("Core", "Hari kerja tanpa akses"), str(len(report.workdays_without_access))),
    ]


def _pairs(head: tuple[str, str], items: list[tuple[str, int]], total: int | None = None) -> list[list[str]]:
    rows = [list(head)] + [[name, str(n)] for name, n in items]
    if len(rows) == 1:
        rows.append([QT_TRANSLATE_NOOP("Core", "(tidak ada)"), "0"])
    if total is not None:
        rows.append([QT_TRANSLATE_NOOP("Core", "Jumlah"), str(total)])
    return rows


def method_table(report: DukcapilReport) -> list[list[str]]:
    return _pairs((QT_TRANSLATE_NOOP("Core", "Cara akses"), QT_TRANSLATE_NOOP("Core", "Akses")),
                  [(METHOD_NAMES[m], report.by_method.get(m, 0)) for m in METHODS], report.accesses)


def service_table(report: DukcapilReport, purposes: dict[str, str]) -> list[list[str]]:
    rows = [[QT_TRANSLATE_NOOP("Core", "Layanan"), QT_TRANSLATE_NOOP("Core", "Tujuan (PKS)"),
             QT_TRANSLATE_NOOP("Core", "Akses")]]
    for service, n in sorted(report.by_service.items(), key=lambda kv: (-kv[1], kv[0])):
        rows.append([chart.service_name(service), purpose_name(purposes.get(service, UNMAPPED)), str(n)])
    rows.append([QT_TRANSLATE_NOOP("Core", "Jumlah"), "", str(report.accesses)])
    return rows


def purpose_table(report: DukcapilReport) -> list[list[str]]:
    return _pairs((QT_TRANSLATE_NOOP("Core", "Tujuan penggunaan (PKS)"), QT_TRANSLATE_NOOP("Core", "Akses")),
                  [(purpose_name(p), n) for p, n in sorted(report.by_purpose.items(), key=lambda kv: -kv[1])],
                  report.accesses)


def operator_table(report: DukcapilReport) -> list[list[str]]:
    return _pairs((QT_TRANSLATE_NOOP("Core", "Petugas (akun komputer)"), QT_TRANSLATE_NOOP("Core", "Akses")),
                  sorted(report.by_operator.items()), report.accesses)


def counter_table(report: DukcapilReport) -> list[list[str]]:
    return _pairs((QT_TRANSLATE_NOOP("Core", "Loket (komputer)"), QT_TRANSLATE_NOOP("Core", "Akses")),
                  sorted(report.by_counter.items()), report.accesses)


def outcome_table(report: DukcapilReport) -> list[list[str]]:
    items = sorted(report.lookup_outcomes.items(), key=lambda kv: (kv[0] not in ("found", "not_found"), -kv[1]))
    return _pairs((QT_TRANSLATE_NOOP("Core", "Hasil CALL_NIK"), QT_TRANSLATE_NOOP("Core", "Permintaan")),
                  [(OUTCOME_NAMES.get(k, k), n) for k, n in items], report.lookups)


def device_table(report: DukcapilReport) -> list[list[str]]:
    rows = [[QT_TRANSLATE_NOOP("Core", "Perangkat"), QT_TRANSLATE_NOOP("Core", "Nama"),
             QT_TRANSLATE_NOOP("Core", "Pembacaan")]]
    rows += [[QT_TRANSLATE_NOOP("Core", "Pembaca kartu"), name, str(n)] for name, n in sorted(report.readers.items())]
    rows += [[QT_TRANSLATE_NOOP("Core", "SAM"), name, str(n)] for name, n in sorted(report.sams.items())]
    if len(rows) == 1:
        rows.append([QT_TRANSLATE_NOOP("Core", "(tidak ada)"), "", "0"])
    return rows


def day_ranges(days: list[date]) -> str:
    """``1–3 Jul, 7 Jul, 30 Jul–2 Agu``: consecutive days joined, as the office head writes them."""
    runs: list[list[date]] = []
    for day in sorted(days):
        if runs and (day - runs[-1][1]).days == 1:
            runs[-1][1] = day
        else:
            runs.append([day, day])

    def label(a: date, b: date) -> str:
        if a == b:
            return chart.day_label(a)
        return f"{a.day}–{chart.day_label(b)}" if a.month == b.month else f"{chart.day_label(a)}–{chart.day_label(b)}"

    return ", ".join(label(a, b) for a, b in runs)


def per_month(report: DukcapilReport, width: float = 500, height: float = 230, words: chart.Words = chart._same
              ) -> Drawing:
    """Accesses per month, one bar per method in each month's group."""
    register_fonts()
    d = Drawing(width, height)
    chart._title(d, words(QT_TRANSLATE_NOOP("Core", "Akses data kependudukan per bulan, per cara akses")),
                 width, height)
    months = sorted({f"{day:%Y-%m}" for day in report.days})
    bars = VerticalBarChart()
    bars.x, bars.y = 40, 40
    bars.width, bars.height = width - 60 - 150, height - 75
    bars.data = [[report.method_per_month.get((m, method), 0) for m in months] for method in METHODS]
    chart.style_axes(bars, max((v for series in bars.data for v in series), default=0),
                     [words(chart.MONTHS[int(m[5:]) - 1]) for m in months])
    bars.groupSpacing, bars.barSpacing = 8, 1
    chart.colour_series(bars, len(METHODS))
    chart.label_bars(bars)
    d.add(bars)
    chart.add_legend(d, width - 145, height - 40, [words(METHOD_NAMES[m]) for m in METHODS])
    chart.add_unit(d, bars, words(QT_TRANSLATE_NOOP("Core", "akses")))
    return d


def outcomes_chart(report: DukcapilReport, width: float = 500, height: float = 200,
                   words: chart.Words = chart._same) -> Drawing:
    """CALL_NIK answers by outcome, one bar each."""
    register_fonts()
    d = Drawing(width, height)
    chart._title(d, words(QT_TRANSLATE_NOOP("Core", "Hasil permintaan CALL_NIK")), width, height)
    items = sorted(report.lookup_outcomes.items(), key=lambda kv: (kv[0] not in ("found", "not_found"), -kv[1]))
    items = items or [("found", 0)]
    bars = VerticalBarChart()
    bars.x, bars.y = 40, 50
    bars.width, bars.height = width - 60, height - 85
    bars.data = [[n for _k, n in items]]
    chart.style_axes(bars, max(bars.data[0]), [words(OUTCOME_NAMES.get(k, k)) for k, _n in items], name_size=7)
    bars.categoryAxis.labels.angle = 20 if len(items) > 4 else 0
    bars.categoryAxis.labels.boxAnchor = "ne" if len(items) > 4 else "n"
    chart.colour_series(bars, 1)
    chart.label_bars(bars)
    d.add(bars)
    return d


def write_pdf(report: DukcapilReport, out: Path | str, terms: Agreement, *,
              generated: datetime | None = None) -> None:
    register_fonts()
    width = layout.WIDTH
    head = [["Instansi pengguna", terms.office or "(dukcapil.office belum diisi)"],
            ["Nomor perjanjian kerja sama (PKS)", terms.number or "(dukcapil.agreement_number belum diisi)"],
            ["Periode", semester_name(report)]]
    story: list[Flowable] = [
        Paragraph("Laporan Penggunaan Data Kependudukan", H1),
        Paragraph("kepada Direktorat Jenderal Kependudukan dan Pencatatan Sipil", BODY),
        Spacer(1, 3 * mm),
        layout.table([["Identitas", ""], *head], [width * 0.38, width * 0.62], 99),
        Spacer(1, 4 * mm),
        layout.table([["Ringkasan", ""], *[list(r) for r in summary_rows(report)]], [width * 0.5, width * 0.5], 99),
        Spacer(1, 4 * mm),
        per_month(report, width, 230),
        Spacer(1, 3 * mm),
    ]

    def pair(left: list[list[str]], right: list[list[str]]) -> Table:
        return layout.side_by_side(layout.table(left, [width * 0.33, width * 0.14]),
                                   layout.table(right, [width * 0.33, width * 0.14]), width)

    story += [KeepTogether([Paragraph("Cara akses dan tujuan penggunaan", H2), Spacer(1, 1.5 * mm),
                            pair(method_table(report), purpose_table(report))]), Spacer(1, 4 * mm)]
    story += [KeepTogether([Paragraph("Per layanan", H2), Spacer(1, 1.5 * mm),
                            layout.table(service_table(report, terms.purposes),
                                         [width * 0.4, width * 0.45, width * 0.15], 2)]), Spacer(1, 4 * mm)]
    story += [KeepTogether([Paragraph("Per petugas dan per loket", H2), Spacer(1, 1.5 * mm),
                            pair(operator_table(report), counter_table(report))]), Spacer(1, 4 * mm)]
    story += [KeepTogether([outcomes_chart(report, width, 190), Spacer(1, 2 * mm),
                            layout.table(outcome_table(report), [width * 0.6, width * 0.2])]), Spacer(1, 4 * mm)]
    quota = day_ranges(report.quota_days) or "tidak ada"
    idle = report.workdays_without_access
    story += [KeepTogether([
        Paragraph("Kuota, kartu ditolak, perangkat, hari tanpa akses", H2), Spacer(1, 1.5 * mm),
        Paragraph(escape(f"Hari kuota CALL_NIK habis ({len(report.quota_days)}): {quota}."), BODY),
        Paragraph(escape(f"Kartu e-KTP ditolak karena data chip tidak asli (verifikasi SAM gagal): "
                         f"{report.refused_cards}. Pembacaan kartu yang gagal (kartu diangkat, pembaca): "
                         f"{report.failed_reads}."), BODY),
        Spacer(1, 1.5 * mm),
        layout.table(device_table(report), [width * 0.2, width * 0.6, width * 0.2], 2),
        Spacer(1, 1.5 * mm),
        Paragraph(escape(f"Hari kerja (Senin–Jumat) tanpa akses ({len(idle)}): {day_ranges(idle) or 'tidak ada'}. "
                         f"Semua hari tanpa akses, termasuk Sabtu/Minggu: {len(report.days_without_access)} dari "
                         f"{len(report.days)}."), BODY),
    ]), Spacer(1, 6 * mm)]
    when = generated or datetime.now().astimezone()
    place = f"{terms.place}, " if terms.place else ""
    sign = [Paragraph(escape(f"{place}{when.day} {MONTH_NAMES[when.month - 1]} {when.year}"), BODY),
            Paragraph(escape(terms.signer_title or "Pimpinan instansi"), BODY), Spacer(1, 16 * mm),
            Paragraph(escape(terms.signer_name or "(dukcapil.signer_name belum diisi)"), H2)]
    if terms.signer_nip:
        sign.append(Paragraph(escape(f"NIP {terms.signer_nip}"), BODY))
    block = Table([["", sign]], colWidths=[width * 0.55, width * 0.45])
    block.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(KeepTogether([block]))
    notes = (
        "Akses: satu warga (hanya sebagai hash berkunci, tanpa NIK atau nama) di satu loket pada satu hari yang "
        "datanya diperoleh lewat pembacaan e-KTP yang diverifikasi SAM dan/atau permintaan CALL_NIK. Setiap akses "
        "dihitung sekali per cara, layanan, tujuan, petugas dan loket, sehingga tiap tabel berjumlah sama. "
        "Permintaan CALL_NIK dihitung per permintaan. Tujuan: pemetaan layanan ke tujuan PKS di pengaturan "
        "(dukcapil.purposes). "
        f"Sumber: jejak audit, {report.rows} baris. Dibuat {when:%d-%m-%Y %H.%M}."
    )
    story += [Spacer(1, 5 * mm), Paragraph(escape(notes), NOTE)]
    layout.write_pdf(story, out, f"Laporan penggunaan data kependudukan {report.semester}")


CSV_HEADER = ("bagian", "kunci", "ukuran", "nilai")


def csv_rows(report: DukcapilReport) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = [("semester", report.semester, "dari", report.from_day.isoformat()),
                                     ("semester", report.semester, "sampai", report.to_day.isoformat())]
    for name, value in (("akses", report.accesses), ("baca_ektp_terverifikasi", report.verified_reads),
                        ("call_nik", report.lookups), ("kartu_ditolak", report.refused_cards),
                        ("baca_kartu_gagal", report.failed_reads), ("hari_kuota_habis", len(report.quota_days)),
                        ("hari_kerja_tanpa_akses", len(report.workdays_without_access)),
                        ("hari_tanpa_akses", len(report.days_without_access)), ("baris_audit", report.rows)):
        out.append(("jumlah", "", name, value))
    for method in METHODS:
        out.append(("cara", method, "akses", report.by_method.get(method, 0)))
    for section, counts in (("layanan", report.by_service), ("tujuan", report.by_purpose),
                            ("petugas", report.by_operator), ("loket", report.by_counter),
                            ("bulan", report.per_month)):
        for key, n in sorted(counts.items()):
            out.append((section, key, "akses", n))
    for key, n in sorted(report.lookup_outcomes.items()):
        out.append(("hasil_call_nik", key, "permintaan", n))
    for key, n in sorted(report.readers.items()):
        out.append(("pembaca", key, "pembacaan", n))
    for key, n in sorted(report.sams.items()):
        out.append(("sam", key, "pembacaan", n))
    for day in report.quota_days:
        out.append(("hari_kuota_habis", day.isoformat(), "", 1))
    for day in report.days_without_access:
        out.append(("hari_tanpa_akses", day.isoformat(), "hari_kerja" if day.weekday() < 5 else "akhir_pekan", 1))
    return out


def write_csv(report: DukcapilReport, out: Path | str) -> int:
    return layout.write_csv(out, CSV_HEADER, csv_rows(report))
