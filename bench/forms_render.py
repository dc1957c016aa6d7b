"""Render time per form: fill + reportlab to an in-memory PDF, median of N runs, per page (target < 100 ms
per page on the 2-core counter PC).

The person comes from the simulated card read in-process and the registry simulator, once, outside the
timing: what is measured is what the clerk waits for after pressing Cetak. Pre-printed forms are timed
for both the print (values only) and the preview (with the scanned blank).

    .venv/bin/python bench/forms_render.py [--runs 15] [--json forms_render.json] [--form ID …]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pypdf

from app.base.settings import Settings
from app.citizen.cardread import read_card
from app.citizen.lookup import lookup_for_identity
from app.citizen.merge import Applicant
from app.letters import formdata
from app.registry.outage import RegistryState
from app.sim.demo import start_demo
from app.sim.registry import SIM_AGENCY, SIM_PASSWORD, SIM_USER, start_simulator
from bench import machine
from forms.fill import fill
from forms.render import register_fonts, render_pdf
from forms.template import load_all

TARGET_MS_PER_PAGE = 100.0
TODAY = date(2026, 11, 23)

# Who each form is printed for and what the clerk types: realistic, valid input, so every box is drawn. The
# bench's own inputs, kept as they are so its figures compare across versions; a form without one here is timed
# with its template's [sample].
SAMPLES: dict[str, tuple[int, dict[str, str]]] = {
    "rsud_pasien_baru": (0, {
        "cara_bayar": "BPJS", "no_bpjs": "0001234567890", "telepon": "081234567890", "no_rm": "00.12.34.56",
        "pj_nama": "ANDI PRASETYO", "pj_hubungan": "SUAMI", "pj_telepon": "081311112222",
        "petugas_nama": "SRI WAHYUNI", "petugas_nip": "198805052010012003"}),
    "rsud_rm1_pracetak": (0, {
        "no_rm": "00123456", "telepon": "081234567890", "cara_bayar": "BPJS", "no_bpjs": "0001234567890"}),
    "sim_permohonan": (6, {
        "golongan_sim": "C", "jenis_permohonan": "BARU", "satpas": "POLRESTA BALIKPAPAN",
        "telepon": "081234567890", "darurat_nama": "HASNAWATI", "darurat_hubungan": "ORANG TUA",
        "darurat_telepon": "081298765432"}),
    "surat_domisili": (0, {"alamat_domisili": "JL. MULAWARMAN RT 010 MANGGAR", "sejak": "01-03-2024",
                           "keperluan": "Persyaratan melamar pekerjaan"}),
    "surat_tidak_mampu": (5, {
        "pengantar_rt": "012/RT.015/XI/2026", "penghasilan": "Rp 900.000", "keperluan": "Keringanan biaya berobat",
        "anggota_keluarga": "YOHANES MARIO LAKE|5371023006990001|KEPALA KELUARGA|L|30-06-1999|BELUM/TIDAK BEKERJA;"
                            "MARIA GORETI LAKE|5371026508010002|ISTRI|P|25-08-2001|MENGURUS RUMAH TANGGA"}),
    "surat_usaha": (4, {"nama_usaha": "WARUNG MAKAN BU LUH", "jenis_usaha": "WARUNG MAKAN",
                        "alamat_usaha": "JL. MULAWARMAN RT 010 MANGGAR", "mulai_usaha": "01-02-2019",
                        "pengantar_rt": "015/RT.010/XI/2026", "keperluan": "Pengajuan KUR"}),
}


def applicants(people: set[int]) -> dict[int, Applicant]:
    """Each simulated citizen read and looked up once, as at the counter."""
    handle = start_simulator(port=0)
    os.environ["LOKET_REGISTRY_USER"], os.environ["LOKET_REGISTRY_PASSWORD"] = SIM_USER, SIM_PASSWORD
    settings = Settings()
    settings.registry.base_url, settings.registry.agency = handle.url, SIM_AGENCY
    out = {}
    try:
        for person in sorted(people):
            demo = start_demo(person, prefer_pcscd=False)
            try:
                identity = read_card(settings, source=demo).identity
            finally:
                demo.stop()
            out[person] = lookup_for_identity(identity, settings, state=RegistryState())
    finally:
        handle.stop()
    return out


def time_form(form_id: str, applicant: Applicant, typed: dict[str, str], runs: int,
              preview: bool = False) -> dict[str, object]:
    template = load_all()[form_id]
    person, photo = formdata.person_values(applicant), formdata.photo_of(applicant)
    office = formdata.office_for(template.office_kind)
    when = datetime(2026, 11, 23, 9, 30)
    times, pages, problems = [], 0, []
    for _ in range(runs):
        start = time.perf_counter()
        filled = fill(template, person, typed, TODAY)
        buf = io.BytesIO()
        render_pdf(template, dict(filled.values, nomor_surat="470/001/KEL/XI/2026"), buf, office=office,
                   photo=photo, printed_at=when, preview=preview)
        times.append((time.perf_counter() - start) * 1000)
        problems = [p.key for p in filled.problems]
    pages = len(pypdf.PdfReader(io.BytesIO(buf.getvalue())).pages)
    median = statistics.median(times)
    return {
        "form": form_id + (" (pratinjau)" if preview else ""), "paper": template.paper, "pages": pages,
        "median_ms": round(median, 1), "min_ms": round(min(times), 1), "max_ms": round(max(times), 1),
        "per_page_ms": round(median / pages, 1), "ok": median / pages < TARGET_MS_PER_PAGE,
        "bytes": len(buf.getvalue()), "input_problems": problems,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=15)
    p.add_argument("--json", type=Path, default=Path("forms_render.json"), metavar="FILE")
    p.add_argument("--form", action="append", default=[], metavar="ID", help="only these forms")
    args = machine.parse(p, argv, runs=1)
    with tempfile.TemporaryDirectory() as tmp:
        # No settings file or numbering state of this user is read or written.
        os.environ["LOKET_CONFIG"] = str(Path(tmp) / "settings.json")
        templates = load_all()
        forms = args.form or sorted(templates)
        unknown = sorted(set(forms) - set(templates))
        if unknown:
            p.error(f"unknown form(s): {', '.join(unknown)}")
        inputs = {f: SAMPLES.get(f) or (templates[f].sample.person, dict(templates[f].sample.values)) for f in forms}
        people = applicants({inputs[f][0] for f in forms})
        register_fonts()  # once per process in the app too; not part of a print
        rows = []
        for form_id in forms:
            person, typed = inputs[form_id]
            rows.append(time_form(form_id, people[person], typed, args.runs))
            if templates[form_id].layout == "overlay":
                rows.append(time_form(form_id, people[person], typed, args.runs, preview=True))
    print(machine.line())
    print(f"median of {args.runs} runs; target < {TARGET_MS_PER_PAGE:.0f} ms/page")
    print(f"{'form':<32} {'paper':<5} {'pages':>5} {'median':>9} {'min':>8} {'max':>8} {'per page':>9}")
    for r in rows:
        flag = "" if r["ok"] else "  OVER TARGET"
        note = f"  (input problems: {', '.join(r['input_problems'])})" if r["input_problems"] else ""
        print(f"{r['form']:<32} {r['paper']:<5} {r['pages']:>5} {r['median_ms']:>7.1f}ms {r['min_ms']:>6.1f}ms "
              f"{r['max_ms']:>6.1f}ms {r['per_page_ms']:>7.1f}ms{flag}{note}")
    args.json.write_text(json.dumps({
        "machine": machine.describe(),
        "runs": args.runs, "target_ms_per_page": TARGET_MS_PER_PAGE, "forms": rows,
    }, indent=2), encoding="utf-8")
    print(f"written: {args.json}")
    return machine.verdict(args, all(r["ok"] for r in rows))


if __name__ == "__main__":
    raise SystemExit(main())
