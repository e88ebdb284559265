"""The computed wording in the language being written (#13): the words of iopdir.listing.wording, the facts' labels
and headings, at a glance, the comparison's composed values and the program page's helpers, in Spanish inside
i18n.using("es") and unchanged in English; every cache of made text answers in the language asked."""

import datetime as dt
from pathlib import Path

import pytest
from markupsafe import Markup

from iopdir import i18n
from iopdir.choosing import comparison
from iopdir.listing import facts, glance, week, wording
from iopdir.listing.facts import FACTS
from iopdir.listing.program import Session, Track
from iopdir import pages

ROOT = Path(__file__).resolve().parent.parent


def spanish(call, *args):
    with i18n.using("es"):
        return call(*args)


def test_words_in_spanish():
    assert spanish(wording.yes_no, None) == "No informado"
    assert spanish(wording.yes_no, True) == "Sí"
    assert spanish(wording.yes_no, False) == "No"
    assert spanish(wording.days, 1) == "1 día"
    assert spanish(wording.days, 3) == "3 días"
    assert spanish(wording.days_ago, 12) == "hace 12 días"
    assert spanish(wording.span, {"min": 13, "max": 17}, "ages") == "13 a 17 años"
    assert spanish(wording.span, {"min": 18}, "ages") == "18 años o más"
    assert spanish(wording.span, {"max": 17}, "ages") == "hasta 17 años"
    assert spanish(wording.span, {"min": 8, "max": 12}, "weeks") == "8–12 semanas"
    assert spanish(wording.span, {"min": 8}, "weeks") == "al menos 8 semanas"
    assert spanish(wording.span, {"min": 300, "max": 1650}, "dollars") == "$300–$1,650"
    assert spanish(wording.date, dt.date(2026, 12, 3)) == "3 de diciembre de 2026"


def test_english_is_unchanged():
    assert wording.yes_no(None) == "Not reported"
    assert wording.days(1) == "1 day" and wording.days_ago(3) == "3 days ago"
    assert wording.span({"min": 13, "max": 17}, "ages") == "13 to 17"
    assert wording.span({"min": 18}, "ages") == "18 and older"
    assert wording.span({"min": 8, "max": 12}, "weeks") == "8–12 weeks"
    assert wording.clock("18:00") == "6:00 pm" and wording.clock("09:30") == "9:30 am"
    assert wording.clock_range("18:00", "21:00") == "6–9 pm" and wording.hour(12) == "noon"
    assert wording.date(dt.date(2026, 12, 3)) == "December 3, 2026"


def test_clock_times_in_spanish_are_es_us():
    assert spanish(wording.clock, "18:00") == "6:00 p.m."
    assert spanish(wording.clock, "09:30") == "9:30 a.m."
    assert spanish(wording.clock_range, "18:00", "21:00") == "6–9 p.m."
    assert spanish(wording.clock_range, "09:30", "12:30") == "9:30 a.m.–12:30 p.m."
    assert spanish(wording.hour, 9) == "9 a.m." and spanish(wording.hour, 12) == "mediodía"


def test_week_grid_words_in_spanish():
    track = Track("Tarde", None, "America/New_York", (Session(("mon", "wed"), "18:00", "21:00"),))
    grid = spanish(week.week, track, 9, 22)
    assert {b.text for b in grid.blocks} == {"6–9 p.m."}
    assert dict(grid.hours)[2] == "9 a.m."


def test_labels_and_headings_in_spanish_while_ids_stay_english():
    assert spanish(lambda: FACTS["hours"].shown_label) == "Horas por semana"
    assert spanish(lambda: FACTS["sliding_scale"].shown_card_label) == "Tarifa según ingresos"
    assert spanish(facts.heading, "insurance") == "Seguro médico y costo"
    assert FACTS["hours"].label == "Hours a week"  # the id: facts.json's keys and the CSV's columns know it
    assert spanish(lambda: FACTS["mon"].shown_label) == "lunes"


def test_export_is_in_the_language_being_written():
    english, es = facts.export(), spanish(facts.export)
    assert english["facts"]["hours"]["label"] == "Hours a week"
    assert es["facts"]["hours"]["label"] == "Horas por semana"
    assert es["words"]["not_reported"] == "No informado"
    assert dict(es["groups"])["verification"] == "Verificación"
    assert es["freshness"]["fresh"] == "Verificado hace poco"
    assert es["days"]["mon"] == "lun" and english["days"]["mon"] == "Mon"
    assert es.keys() == english.keys()


def test_a_cached_fact_answers_in_each_language_in_turn():
    """The same fact made in English, then Spanish, then English again: each cache keys by the language."""
    shown = []
    for lang in ("en", "es", "en"):
        with i18n.using(lang):
            shown.append((str(pages.fact("evening", None)), str(pages.cells([None, "x"])),
                          str(pages.contents().__html__()), pages.Translated(wording.WORDS)["no_session"]))
    assert shown[0] == shown[2]
    assert "<dt>Evening sessions (4 pm or later)</dt>" in shown[0][0] and "Not reported" in shown[0][0]
    assert "<dt>Sesiones por la tarde o noche (a partir de las 4 p.m.)</dt>" in shown[1][0]
    assert '<span class="unknown">No informado</span>' in shown[1][0]
    assert "No informado" in shown[1][1] and "Not reported" in shown[0][1]
    assert "Horario" in shown[1][2] and "Schedule and hours" in shown[0][2]
    assert shown[1][3] == "Sin sesión"


def test_helpers_in_spanish(sample_programs):
    p = next(p for p in sample_programs.values() if p.get("verification", "verified_by") == "provider")
    with i18n.using("es"):
        line = str(pages.verified_line(p))
        badge = str(pages.freshness(p))
        day_names = [day for day, _ in pages.timetable(p.tracks[0])]
        card = str(pages.card_facts(p))
    when = i18n.format_date(p.last_verified, lang="es")
    assert line == f'Verificado el <time datetime="{p.last_verified.isoformat()}">{when}</time> por el programa'
    assert " de 20" in when
    assert "Verificado" in badge or "Sin verificar" in badge
    assert day_names == ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
    assert "Sesiones por la tarde o noche:" in card and "Evening" not in card


def test_timetable_times_in_spanish(sample_programs):
    p = next(p for p in sample_programs.values() if any(s.start == "18:00" for t in p.tracks for s in t.sessions))
    with i18n.using("es"):
        times = " ".join(str(t) for track in p.tracks for _, t in pages.timetable(track))
    assert '<time datetime="18:00">6:00 p.m.</time>' in times
    assert " pm<" not in times


def test_glance_in_spanish(sample_programs):
    p = next(p for p in sample_programs.values() if p.tracks and p.get("verification", "verified_by") == "provider")
    with i18n.using("es"):
        shown = glance.values(p)
    assert shown["verified"].endswith(", por el programa")
    assert shown["days"] and shown["days"].split(", ")[0] in {"lun", "mar", "mié", "jue", "vie", "sáb", "dom"}
    english = glance.values(p)
    assert english["verified"].endswith(", by the provider")


def test_comparison_in_spanish(sample_programs):
    chosen = list(sample_programs.values())[:3]
    with i18n.using("es"):
        table = comparison.table(chosen)
        layout = comparison.layout()
        headings = [g.heading for g, _ in table]  # a group's heading is read when shown
    assert "Horario" in headings and "Verificación" in headings
    assert layout[0]["heading"] == "Horario"
    rows = {r.key: r for _, rows in table for r in rows}
    assert rows["hours"].label == "Horas por semana"
    assert rows["last_verified"].values[0].count(" de ") == 2 and "hace" in rows["last_verified"].values[0]
    # the English table is as before
    assert comparison.table(chosen)[0][0].heading == "Schedule and hours"


def test_translated_markup_is_still_escaped():
    """A translation is trusted text, the values in it are not: a listing's words stay escaped."""
    with i18n.using("es"):
        made = str(pages.fact("organization", "<script>x</script>"))
    assert "&lt;script&gt;" in made and "<script>" not in made
    assert isinstance(pages.fact("organization", "a"), Markup)


def test_the_checklists_own_option_words_in_each_language_in_turn(sample_programs):
    from iopdir.choosing import checklist

    made = checklist.read(ROOT / "content" / "checklist.yaml", list(sample_programs.values()))
    shown = []
    for lang in ("en", "es", "en"):
        with i18n.using(lang):
            shown.append(made.offered.get("start"))
    assert shown[0] == shown[2] and shown[0]["7"] == "Within a week"
    assert shown[1]["7"] == "En una semana"


def test_a_catalog_installed_again_is_read_again(tmp_path):
    """A process that builds twice with an edited catalog (a translator's preview) shows the new words: the caches
    key by the catalog as installed, not only by its language's code."""
    edited = tmp_path / "es" / "LC_MESSAGES" / "messages.po"
    edited.parent.mkdir(parents=True)
    edited.write_text(i18n.catalog_path("es").read_text(encoding="utf-8").replace(
        'msgstr "No informado"', 'msgstr "Sin dato"'), encoding="utf-8")
    try:
        with i18n.using("es"):
            before = str(pages.fact("weekend", None)), str(pages.cells([None]))
        i18n.install(["es"], tmp_path)
        with i18n.using("es"):
            after = str(pages.fact("weekend", None)), str(pages.cells([None]))
    finally:
        i18n.install(["es"])
    assert "No informado" in before[0] and "No informado" in before[1]
    assert "Sin dato" in after[0] and "Sin dato" in after[1]
