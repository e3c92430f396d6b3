"""`scv brief` and `scv briefs` on the hand-made marts: files, exit codes, skipped list."""

from __future__ import annotations

import csv

from brief_marts import CASES, DAY
from pdf_reading import pdf_text

from scv.cli import main


def test_brief_writes_one_pdf(brief_db, tmp_path, capsys):
    out = tmp_path / "one.pdf"
    code = main(
        [
            "brief",
            "--appointment-id",
            CASES["rich"].appointment_id,
            "--database",
            str(brief_db),
            "--out",
            str(out),
            "--brand",
            "Maison Exemple",
        ]
    )
    assert code == 0
    assert "Maison Exemple staff" in " ".join(pdf_text(out).split())


def test_brief_without_consent_exits_3_and_writes_nothing(brief_db, tmp_path, capsys):
    out = tmp_path / "no.pdf"
    code = main(
        [
            "brief",
            "--appointment-id",
            CASES["no_consent"].appointment_id,
            "--database",
            str(brief_db),
            "--out",
            str(out),
        ]
    )
    assert code == 3
    assert not out.exists()
    assert "consent does not allow" in capsys.readouterr().err


def test_unknown_appointment_or_warehouse_exits_2(brief_db, tmp_path, capsys):
    assert main(["brief", "--appointment-id", "NOPE", "--database", str(brief_db)]) == 2
    assert "no appointment 'NOPE'" in capsys.readouterr().err
    missing = tmp_path / "missing.duckdb"
    assert main(["brief", "--appointment-id", "X", "--database", str(missing)]) == 2
    assert "no warehouse" in capsys.readouterr().err


def test_day_of_all_boutiques(brief_db, tmp_path, capsys):
    out = tmp_path / "day"
    code = main(
        [
            "briefs",
            "--date",
            DAY.isoformat(),
            "--database",
            str(brief_db),
            "--out",
            str(out),
            "--quiet",
        ]
    )
    assert code == 0
    allowed = [case for case in CASES.values() if case.allowed]
    pdfs = sorted(out.glob("*.pdf"))
    assert len(pdfs) == len(allowed)
    assert {pdf.stem.split("_", 2)[2] for pdf in pdfs} == {c.appointment_id for c in allowed}
    with (out / "skipped.csv").open(encoding="utf-8") as handle:
        skipped = list(csv.DictReader(handle))
    assert [row["appointment_id"] for row in skipped] == [CASES["no_consent"].appointment_id]
    assert "1 skipped" in capsys.readouterr().out


def test_day_of_one_boutique_by_id_or_name(brief_db, tmp_path):
    for boutique in ("B03", "東京 銀座"):
        out = tmp_path / boutique
        assert (
            main(
                [
                    "briefs",
                    "--date",
                    DAY.isoformat(),
                    "--boutique",
                    boutique,
                    "--database",
                    str(brief_db),
                    "--out",
                    str(out),
                    "--quiet",
                ]
            )
            == 0
        )
        assert [pdf.name for pdf in out.glob("*.pdf")] == ["B03_1630_APT-JA-0004.pdf"]


def test_unknown_boutique_and_empty_day(brief_db, tmp_path, capsys):
    assert (
        main(
            [
                "briefs",
                "--date",
                DAY.isoformat(),
                "--boutique",
                "Nowhere",
                "--database",
                str(brief_db),
                "--out",
                str(tmp_path / "x"),
            ]
        )
        == 2
    )
    assert "unknown boutique 'Nowhere'" in capsys.readouterr().err
    assert (
        main(
            [
                "briefs",
                "--date",
                "2030-01-01",
                "--database",
                str(brief_db),
                "--out",
                str(tmp_path / "y"),
            ]
        )
        == 0
    )
    assert "no appointments" in capsys.readouterr().out


def test_help_explains_every_option(capsys):
    for command in ("brief", "briefs"):
        try:
            main([command, "--help"])
        except SystemExit as exit_:
            assert exit_.code == 0
        text = capsys.readouterr().out
        for option in ("--database", "--logo", "--brand", "--currency", "--out"):
            assert option in text
