"""A program page's sections below its header, as HTML: schedule (with each track's week grid and timetable),
treatment, family and aftercare, insurance and cost, accreditation and licences, results, who it serves, contact and
locations, verification. The theme's program.html calls one function a section, in the order it wants them, and
may put its own markup around them or in place of one.

Python rather than template text: every program page of a site (20,000 at 10,000 listings in two languages) is made
of them, and in a template each of a section's forty-odd expressions costs an escape, an attribute lookup and a
context call; here a section's constant text is made once a language (`_fixed`) and its facts come from
pages._fact's cache. Everything from a listing is escaped here. The messages are the ones the template had, so the
catalogs translate them as before.
"""

from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup, escape

from iopdir import i18n
from iopdir.i18n import N_
from iopdir.listing.facts import FACTS, GROUPS
from iopdir.listing.vocabulary import label
from iopdir.listing.wording import WORDS
from iopdir.pages import (_fact, _language, contents, directions, esc, freshness, glance, lang_en, link,
                          own_description, own_summary, timetable, verified_line, verified_when, week_grid, weeks)

__all__ = ["header", "schedule", "treatment", "family", "insurance", "accreditation", "outcomes", "serves", "contact",
           "verification"]

_REL = "nofollow noopener noreferrer"  # on links to a listing's own addresses (website, published results)

# The messages of the sections (found by `iopdir i18n extract`): the ones that take values are filled in with
# them escaped, the catalog's text trusted (as a template's {% trans %} does).
_NO_SCHEDULE = N_("Schedule: Not reported. Call the program to ask which days and times groups meet.")
_TRACK = N_("Track %(number)s")
_TIMETABLE = N_("Weekly timetable: %(track_name)s")
_DAY, _SESSIONS = N_("Day"), N_("Sessions")
_NO_MEDICATION = N_("<strong>Does not accept people who take a medication for addiction</strong> (such as "
                    "buprenorphine or methadone).")
_ID = N_("ID %(id)s")
_VALID_UNTIL = N_(', valid until <time datetime="%(expires)s">%(expires)s</time>')
_LICENCE = N_(", licence %(number)s")
_NO_RATINGS = N_("No ratings or reviews here: they cannot be checked.")
_ASK_RESULTS = N_("What to ask about results")
_ONLINE_ONLY = N_("This program meets online only; there is no location to visit.")
_NOT_NO = N_('"Not reported" means the listing does not say; it does not mean "No". Always confirm details with the '
             'program.')
_HOW_CHECKED = N_("How listings are checked")
_CALL_FIRST = N_("Call before you go.")
_ADD = N_("Add to comparison")
_COMPARE_STATE = N_("Compare the programs in %(state)s")
_ON_THIS_PAGE = N_("On this page")


def _t(message: str, **values) -> str:
    """A message in the language being written: its text trusted, `values` escaped."""
    return Markup(i18n.gettext(message)) % values


def _make_fixed(language: tuple) -> dict:
    """The sections' constant text in a language (`language`: pages._language(), the one being written)."""
    headings = {g.id: escape(i18n.gettext(g.heading)) for g in GROUPS}
    words = {key: escape(i18n.gettext(message)) for key, message in WORDS.items()}
    return {
        "heading": {key: f'<section aria-labelledby="{key}">\n<h2 id="{key}">{heading}</h2>\n'
                    for key, heading in headings.items()},
        "words": words,
        "no_schedule": f'<p class="unknown">{_t(_NO_SCHEDULE)}</p>',
        "week_key": f'<p class="wk-key">{words["week_key"]}</p>',
        "thead": f'    <thead><tr><th scope="col">{_t(_DAY)}</th><th scope="col">{_t(_SESSIONS)}</th></tr></thead>\n',
        "no_medication": f'<p class="alert" role="note">{_t(_NO_MEDICATION)}</p>',
        "licences": escape(FACTS["licences"].shown_label),
        "no_ratings": _t(_NO_RATINGS),
        "ask_results": _t(_ASK_RESULTS),
        "online_only": f"<p>{_t(_ONLINE_ONLY)}</p>\n",
        "not_no": _t(_NOT_NO),
        "how_checked": _t(_HOW_CHECKED),
        "closed": f'<p class="alert" role="note"><strong>{words["temporarily_closed"]}.</strong> {_t(_CALL_FIRST)}'
                  f"</p>",
        "glance": f'  <section class="at-a-glance" aria-labelledby="glance"><h2 class="glance-title" id="glance">'
                  f'{words["at_a_glance"]}</h2>\n',
        "add": _t(_ADD),
        "contents": f'  <nav aria-label="{_t(_ON_THIS_PAGE)}" class="toc">\n    <ul>\n      {contents()}\n'
                    f"    </ul>\n  </nav>\n</header>",
    }


_fixed = lru_cache(maxsize=16)(_make_fixed)


def _dl(indent: str, pairs) -> str:
    return f'{indent}<dl class="facts">\n{indent}  ' + "\n".join(_fact(k, v) for k, v in pairs) + f"\n{indent}</dl>\n"


def header(p, state, lang: str, lang_root: str) -> Markup:
    """The page's header: the program's name, who runs it and where, a notice when it is temporarily closed, its
    summary, the call bar (intake first; on a phone it stays at the bottom of the screen, site.css), when it was
    verified, at a glance, the comparison's buttons and the table of contents."""
    fixed = _fixed(_language())
    words = fixed["words"]
    name = esc(p.name)
    # (A listing without a place meets online only: one that meets in person must give its locations.)
    where = f" · {esc(p.city)}, {esc(p.locations[0].state)}" if p.city else f" · {words['online_only']}"
    first = p.intake_phone or p.phone
    call = words["call_intake"] if p.intake_phone else words["call"]
    bar = f'<a class="call-now" href="{esc(first.tel)}">{call} {esc(first.display)}</a>'
    address = directions(p.locations[0]) if p.locations else None
    if address:
        bar += f' <a class="directions" href="{esc(address)}">{words["directions"]}</a>'
    if p.intake_phone:
        bar += f' <span>{words["main_line"]}: <a href="{esc(p.phone.tel)}">{esc(p.phone.display)}</a></span>'
    return Markup(
        f'<header class="program-header">\n  <h1 id="program-name">{name}</h1>\n'
        f'  <p class="org">{esc(p.organization["name"])}{where}</p>\n'
        f'{fixed["closed"] if p.status == "temporarily_closed" else ""}  {own_summary(p, lang)}'
        f'  <p class="call">{bar}</p>\n  <p class="verified">{freshness(p)} {verified_line(p)}</p>\n'
        f'{fixed["glance"]}  {glance(p)}</section>\n'
        f'  <p class="compare-actions"><button type="button" class="compare-toggle secondary" '
        f'data-compare-id="{esc(p.id)}" data-compare-name="{name}" hidden>{fixed["add"]}</button> '
        f'<a href="{esc(lang_root)}/{esc(state.url)}compare/">{_t(_COMPARE_STATE, state=state.name)}</a></p>\n'
        f'{fixed["contents"]}')


def schedule(p) -> Markup:
    """Schedule and hours: its facts, then each track's facts, week grid and timetable ("Not reported" with a
    sentence to call when the listing gives no schedule)."""
    fixed = _fixed(_language())
    out = [fixed["heading"]["schedule"],
           _dl("", (("hours", p.hours_per_week), ("evening", p.evening), ("weekend", p.weekend),
                    ("online", p.online)))]
    if not p.tracks:
        out.append(fixed["no_schedule"])
    else:
        out.append(fixed["week_key"])
        no_session = fixed["words"]["no_session"]
        in_english = lang_en()
        for number, (track, grid) in enumerate(zip(p.tracks, weeks(p)), 1):
            name = escape(track.name) if track.name else _t(_TRACK, number=number)
            out.append(f'<section class="track" aria-labelledby="track-{number}">\n'
                       f'  <h3 id="track-{number}"{in_english if track.name else ""}>{name}</h3>\n')
            out.append(_dl("  ", (("track_audience", track.audience), ("track_hours", track.hours_per_week),
                                  ("track_days", track.days_per_week), ("track_length", track.length_weeks),
                                  ("timezone", track.timezone.replace("_", " ")))))
            out.append(f"  {week_grid(grid)}\n  <table class=\"timetable\">\n"
                       f"    <caption>{_t(_TIMETABLE, track_name=name)}</caption>\n{fixed['thead']}    <tbody>\n")
            for day, times in timetable(track):
                out.append(f'      <tr class="off"><th scope="row">{esc(day)}</th><td>{no_session}</td></tr>\n'
                           if not times else
                           f'      <tr><th scope="row">{esc(day)}</th><td>{times}</td></tr>\n')
            out.append("    </tbody>\n  </table>\n</section>\n")
    out.append("</section>\n")
    return Markup("".join(out))


def treatment(p, lang: str) -> Markup:
    """Treatment: what it treats and how, medications (a warning when it does not accept people who take one for
    addiction), then the program's own description."""
    fixed = _fixed(_language())
    meds = p.get("medications") or {}
    out = [fixed["heading"]["treatment"]]
    if meds.get("accepts_patients_on_medication") is False:
        out.append(fixed["no_medication"] + "\n")
    out.append(_dl("", (("focus", p.get("focus")), ("conditions", p.get("conditions")),
                        ("modalities", p.get("modalities")), ("prescribes", meds.get("prescribes")),
                        ("accepts_medication", meds.get("accepts_patients_on_medication")))))
    description = own_description(p, lang)
    if description:
        out.append(f"{description}\n")
    out.append("</section>\n")
    return Markup("".join(out))


def family(p) -> Markup:
    """Family programming and aftercare (their notes only when the listing has them)."""
    fam, after = p.get("family_programming") or {}, p.get("aftercare") or {}
    pairs = [("family", fam.get("offered")), ("family_kinds", fam.get("kinds"))]
    if fam.get("notes"):
        pairs.append(("family_notes", fam["notes"]))
    pairs += [("aftercare", after.get("offered")), ("aftercare_kinds", after.get("kinds"))]
    if after.get("notes"):
        pairs.append(("aftercare_notes", after["notes"]))
    return Markup(_fixed(_language())["heading"]["family"] + _dl("", pairs) + "</section>\n")


_INSURANCE = (("medicaid", "medicaid"), ("medicare", "medicare"), ("tricare", "tricare"), ("private", "private"),
              ("carriers", "carriers"), ("state_plan", "state_plan"), ("self_pay", "self_pay"),
              ("sliding_scale", "sliding_scale"), ("payment_assistance", "payment_assistance"), ("no_fee", "no_fee"),
              ("price", "cost_per_week_usd"))


def insurance(p) -> Markup:
    """Insurance and cost: each payer and way to pay."""
    ins = p.get("insurance") or {}
    return Markup(_fixed(_language())["heading"]["insurance"]
                  + _dl("", [(key, ins.get(field)) for key, field in _INSURANCE]) + "</section>\n")


def accreditation(p) -> Markup:
    """Accreditation (each body, its ID and until when) and state licences ("Not reported" when none)."""
    fixed = _fixed(_language())
    out = [fixed["heading"]["accreditation"], _dl("", (("accredited", p.accredited),))]
    if p.accreditations:
        out.append('<ul class="plain">\n')
        for a in p.accreditations:
            id_ = f" ({_t(_ID, id=a.id)})" if a.id else ""
            until = _t(_VALID_UNTIL, expires=a.expires) if a.expires else ""
            out.append(f"  <li>{esc(label('accreditation_bodies', a.body))}{id_}{until}</li>\n")
        out.append("</ul>\n")
    out.append(f"<h3>{fixed['licences']}</h3>\n")
    licences = p.get("licenses")
    if licences:
        out.append('<ul class="plain">\n')
        for lic in licences:
            number = _t(_LICENCE, number=lic["number"]) if lic.get("number") else ""
            out.append(f"  <li>{esc(label('states', lic.get('state')))}: {esc(lic['agency'])}{number}</li>\n")
        out.append("</ul>\n")
    else:
        out.append(f'<p class="unknown">{fixed["words"]["not_reported"]}</p>\n')
    out.append("</section>\n")
    return Markup("".join(out))


def outcomes(p, lang_root: str) -> Markup:
    """Results and recommendations: what the listing says it measures and shares; never ratings or reviews, which
    a static site cannot verify."""
    fixed = _fixed(_language())
    found = p.outcomes
    published = found.get("published_url")
    pairs = [("outcome_measures", found.get("measures")),
             ("outcomes_published", link(published, published, rel=_REL) if published else None)]
    if found.get("notes"):
        pairs.append(("outcomes_notes", found["notes"]))
    pairs.append(("references", found.get("references_on_request")))
    return Markup(f'{fixed["heading"]["outcomes"]}{_dl("", pairs)}<p>{fixed["no_ratings"]} '
                  f'<a href="{esc(lang_root)}/choose/#item-results">{fixed["ask_results"]}</a>.</p>\n</section>\n')


def serves(p) -> Markup:
    """Who it serves: ages, groups with dedicated services, languages."""
    return Markup(_fixed(_language())["heading"]["serves"]
                  + _dl("", (("ages", p.get("ages")), ("populations", p.get("populations")),
                             ("languages", p.get("languages")))) + "</section>\n")


def contact(p) -> Markup:
    """Contact and intake facts, then each location (its street only when published), or a sentence for a program
    that meets online only."""
    fixed = _fixed(_language())
    intake = p.get("intake") or {}
    email, website = p.get("contact", "email"), p.get("contact", "website")
    pairs = [("organization", p.organization["name"]), ("ownership", p.organization.get("ownership")),
             ("phone", link(p.phone.tel, p.phone.display)),
             ("intake_phone", link(p.intake_phone.tel, p.intake_phone.display) if p.intake_phone else None),
             ("email", link("mailto:" + email, email) if email else None),
             ("website", link(website, website, rel=_REL) if website else None),
             ("delivery", p.get("delivery")), ("telehealth_states", p.telehealth_states),
              ("accepting", intake.get("accepting_new_patients")), ("wait", intake.get("typical_wait_days")),
              ("walk_in", intake.get("walk_in")), ("referral", intake.get("referral_required"))]
    out = [fixed["heading"]["contact"], _dl("", pairs)]
    in_english = lang_en()
    for number, loc in enumerate(p.locations, 1):
        if loc.address_published:
            street = f"{esc(loc.street)}<br>{esc(loc.street2)}" if loc.street2 else esc(loc.street)
        else:
            street = fixed["words"]["address_not_published"]
        out.append(f'<section class="location" aria-labelledby="loc-{number}">\n'
                   f'  <h3 id="loc-{number}"{in_english if loc.label else ""}>{esc(loc.label or loc.city)}</h3>\n'
                   f"  <address>{street}<br>{esc(loc.city)}, {esc(loc.state)} {esc(loc.postal_code)}"
                   f"</address>\n"
                   f'  <dl class="facts">{_fact("wheelchair", loc.wheelchair_accessible)}</dl>\n</section>\n')
    if not p.locations:
        out.append(fixed["online_only"])
    out.append("</section>\n")
    return Markup("".join(out))


def verification(p, lang_root: str) -> Markup:
    """When and by whom the listing was verified, its source when it names one, and what "Not reported" means."""
    fixed = _fixed(_language())
    pairs = [("last_verified", verified_when(p)), ("verified_by", p.get("verification", "verified_by"))]
    source = p.get("verification", "source")
    if source:
        pairs.append(("source", source))
    return Markup(f'{fixed["heading"]["verification"]}<p>{freshness(p)}</p>\n{_dl("", pairs)}'
                  f'<p>{fixed["not_no"]} <a href="{esc(lang_root)}/verification/">{fixed["how_checked"]}</a>.'
                  f"</p>\n</section>\n")
