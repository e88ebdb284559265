"""At a glance: the facts that decide whether a family calls (who it is for, when, cost, quality, start), as text.

The groups and their facts are facts.GLANCE; a value is its text, or None when the listing does not say ("Not
reported", never "No"). The program page (glance() in iopdir.pages) and every card (the search data's card,
rendered by search.js with the same markup; a state page's cards) show these values, so they read the same everywhere.
"""

from __future__ import annotations

from iopdir import i18n
from iopdir.listing import wording
from iopdir.listing.facts import FACTS, GLANCE
from iopdir.listing.program import DAYS, Program
from iopdir.listing.vocabulary import label

# The insurance programs named at a glance, in this order (each fact's short label).
INSURANCE_PROGRAMS = ("medicaid", "medicare", "tricare", "private", "state_plan")


def _insurance(ins: dict) -> str | None:
    """The insurance programs accepted ("Medicaid, Private insurance, 4 named carriers"); "No" when every one is
    said to be refused and no carrier is named; None when the listing says nothing of them."""
    accepted = [FACTS[k].shown_card_label for k in INSURANCE_PROGRAMS if ins.get(k) is True]
    carriers = ins.get("carriers") or []
    if carriers:
        accepted.append(i18n.ngettext("%(count)s named carrier", "%(count)s named carriers", len(carriers))
                        % {"count": len(carriers)})
    if accepted:
        return ", ".join(accepted)
    return i18n.gettext(wording.NO) if all(ins.get(k) is False for k in INSURANCE_PROGRAMS) else None


def _days(program: Program) -> str | None:
    met = {d for t in program.tracks for s in t.sessions for d in s.days}
    return ", ".join(i18n.gettext(wording.DAY_SHORT[d]) for d in DAYS if d in met) or None


def _audience(program: Program) -> list[str] | None:
    found = []
    for t in program.tracks:
        if t.audience and t.audience not in found:
            found.append(t.audience)
    return found or None


def _accredited(program: Program) -> str | None:
    if program.accredited:
        return ", ".join(label("accreditation_bodies", a.body) for a in program.accreditations
                         if a.current(program.today))
    return FACTS["accredited"].text(program.accredited)


def _verified(program: Program) -> str:
    who = wording.VERIFIED_WHO.get(program.get("verification", "verified_by"), wording.VERIFIED_WHO["provider"])
    # "Dec 3, 2026, by the provider"; "3 dic 2026, por el programa"
    return f"{wording.date(program.last_verified, 'medium')}, {i18n.gettext(who)}"


def values(program: Program) -> dict[str, str | None]:
    """Each fact of facts.GLANCE (by key) as its text, None for "Not reported"."""
    ins = program.get("insurance") or {}
    intake = program.get("intake") or {}
    raw = {
        "ages": program.get("ages"), "audience": _audience(program), "focus": program.get("focus"),
        "hours": program.hours_per_week, "evening": program.evening, "weekend": program.weekend,
        "online": program.online, "sliding_scale": ins.get("sliding_scale"), "price": ins.get("cost_per_week_usd"),
        "accepting": intake.get("accepting_new_patients"), "wait": intake.get("typical_wait_days"),
    }
    shown = {key: FACTS[key].text(value) for key, value in raw.items()}
    shown.update(days=_days(program), insurance_programs=_insurance(ins), accredited=_accredited(program),
                 verified=_verified(program))
    return {key: shown[key] for _, _, keys in GLANCE for key in keys}
