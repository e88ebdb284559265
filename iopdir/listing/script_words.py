"""The browser scripts' own words (search, compare, checklist, comparison tray, week grid), in the language being
written: facts.json carries them under "messages" (facts.export), one file per language, so that the scripts never
hold a second copy of the words. Messages are marked N_ here and translated when exported; "{name}" marks where a
script puts a value (shared.js say()), "{link}" where it puts a link.

Plural messages are exported as their two forms, [one, other] (ngettext with 1 and with 2): the scripts pick one
with Intl.PluralRules, which is right for English and Spanish (a language with more plural forms would need more).
"""

from __future__ import annotations

from iopdir import i18n
from iopdir.i18n import N_
from iopdir.listing import wording
from iopdir.listing.program import DAYS

MESSAGES = {
    # search.js: the filters
    "group_schedule": N_("Schedule"),
    "group_quality": N_("Quality and support"),
    "medications_for_addiction": N_("Medications for addiction"),
    "state": N_("State"),
    "any_state": N_("Any state"),
    "named_carrier": N_("Named insurance carrier"),
    "any_carrier": N_("Any carrier"),
    "language": N_("Language"),
    "any_language": N_("Any language"),
    "show_group": N_("Show {title}"),
    "filters_on": N_("({n} on: {list})"),
    # search.js: what a search says
    "sort_needs_zip": N_("To sort by distance, enter a ZIP code."),
    "zip_five_digits": N_("A ZIP code has five digits."),
    "zip_unknown": N_("We do not know the ZIP code {zip}."),
    "first_words_only": N_("Only the first {n} words were searched."),
    "no_words": N_("Your search has no words to look for (only punctuation, symbols or very common words), so every "
                   "program that meets your other choices is listed."),
    "unknown_filter": N_("No program here has the filter {facet} = {value}."),
    "unknown_filter_left_out": N_("No program here has the filter {facet} = {value}, so it was left out."),
    "did_you_mean": N_("Nothing matches “{query}”. Did you mean {link}? Showing programs for it."),
    "fewer_filters": N_("Fewer filters find more:"),
    "without_filter": N_("Without “{label}”: {programs}"),
    "no_match": N_("No programs match. Try fewer filters, other words, or a wider distance."),
    "miles_away": N_("{miles} miles away"),
    "search_failed": N_("Search could not load ({error}). Every program is listed on its state page."),
    # compare.js
    "meets": N_("Meets"),
    "does_not_meet": N_("Does not meet"),
    "not_reported_ask": N_("Not reported: ask"),
    "differs": N_("Differs"),
    "fact": N_("Fact"),
    "remove": N_("Remove"),
    "from_comparison": N_("{name} from the comparison"),
    "change_checklist": N_("Change your checklist"),
    "make_checklist": N_("Make a checklist"),
    "no_checklist": N_("You have not chosen anything on the checklist yet. {link} to see which programs meet what "
                       "matters to you."),
    "checked_against": N_("Checked against your checklist ({items}, kept on this device only). {link}."),
    "your_checklist": N_("Your checklist"),
    "you_chose": N_("You chose: {choices}"),
    "you_chose_csv": N_("{topic} (you chose: {choices})"),
    "summary": N_("Summary"),
    "none": N_("none"),
    "the_week": N_("The week"),
    "sessions": N_("Sessions"),
    "track_n": N_("Track {n}"),
    "age_n": N_("age {n}"),
    "no_programs_to_compare": N_("No programs to compare."),
    "comparing": N_("Comparing {programs}."),
    "one_program_caption": N_("One program: {name}"),
    "side_by_side": N_("{n} programs side by side"),
    "removed": N_("Removed {name}."),
    "section": N_("Section"),
    "program": N_("Program"),
    "organization": N_("Organization"),
    "place": N_("Place"),
    "page": N_("Page"),
    "programs_differ": N_("Programs differ"),
    "compare_failed": N_("The comparison could not load ({error})."),
    # choose.js
    "search_filters": N_("Search filters: {list}."),
    "checked_when_comparing": N_("Checked when you compare programs: {list}."),
    "left_out_zip": N_("{label} is left out: a ZIP code has five digits."),
    "left_out_age": N_("{label} is left out: enter a whole number from 0 to 120."),
    "nothing_chosen": N_("You have not chosen anything yet: the search will show every program."),
    "choices_cleared": N_("Your choices are cleared."),
    # tray.js
    "compare_full": N_("You can compare up to {max} programs. Remove one to add another."),
    "removed_from_comparison": N_("Removed {name} from the comparison."),
    "added_to_comparison": N_("Added {name} to the comparison: {n} of {max}."),
    "remove_from_comparison": N_("Remove from comparison"),
    "add_to_comparison": N_("Add to comparison"),
    "n_of_max": N_("({n} of {max})"),
    "compare_these": N_("Compare these {n} programs"),
    "open_comparison": N_("Open the comparison"),
    "programs_to_compare": N_("Programs to compare"),
    "to_compare": N_("To compare"),
    # week.js: a week grid's hours
    "noon": N_("noon"),
    "hour_am": N_("{h} am"),
    "hour_pm": N_("{h} pm"),
}


def _plurals() -> dict[str, list[str]]:
    """[one, other] of each plural message (written out as i18n.ngettext calls, so that extraction finds them)."""
    forms = {
        "programs": lambda n: i18n.ngettext("{n} program", "{n} programs", n),
        "matches": lambda n: i18n.ngettext("{n} program matches.", "{n} programs match.", n),
        "items": lambda n: i18n.ngettext("{n} item", "{n} items", n),
        "not_found": lambda n: i18n.ngettext(
            "One program could not be found and is left out (it may no longer be listed): {list}.",
            "{n} programs could not be found and are left out (they may no longer be listed): {list}.", n),
    }
    return {key: [form(1), form(2)] for key, form in forms.items()}


def export() -> dict:
    """The scripts' words in the language being written: message key -> text, plural key -> [one, other],
    "days": the short day names of a week grid, Monday first (iopdir.listing.wording's), and "locale": the BCP 47
    locale whose numbers and plurals the scripts write (Intl.NumberFormat, Intl.PluralRules)."""
    out: dict = {key: i18n.gettext(text) for key, text in MESSAGES.items()}
    out.update(_plurals())
    out["days"] = [i18n.gettext(wording.DAY_SHORT[d]) for d in DAYS]
    out["locale"] = i18n.locale().replace("_", "-")  # numbers and plurals in the scripts: "es-US" (see iopdir.i18n)
    return out
