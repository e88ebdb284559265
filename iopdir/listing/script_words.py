"""The browser scripts' own words (search, compare, checklist, comparison tray, week grid), in the language being
written: facts.json carries them under "messages" (facts.export), one file per language, so that the scripts never
hold a second copy of the words. Messages are marked N_ here and translated when exported; "{name}" marks where a
script puts a value (shared.js say()), "{link}" where it puts a link.

Plural messages are exported as their two forms, [one, other] (ngettext with 1 and with 2): the scripts pick one
with Intl.PluralRules, which is right for English and Spanish (a language with more plural forms would need more).
"""

from __future__ import annotations

import functools

from iopdir import i18n
from iopdir.i18n import N_
from iopdir.listing import wording
from iopdir.listing.program import DAYS
from iopdir.listing.vocabulary import program_schema

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
    # list-form.js: the list-your-program form's findings and copy button
    "form_passed": N_("Your answers passed the checks"),
    "form_please_check": N_("Please check: {finding}"),
    "form_required": N_("(required)"),  # the template's marker on a required question's label, left out of a finding
    "form_copied": N_("Copied."),
    "form_selected": N_("The text is selected: press Ctrl+C (or Cmd+C) to copy it."),
    # list-form.js: its twin of `iopdir validate`'s messages (iopdir.listing.validation), in the page's language
    "check_missing": N_("missing required field '{field}'"),
    "check_missing_locations": N_("missing required field 'locations' (needed unless delivery is [telehealth] only)"),
    "check_missing_telehealth_states": N_("missing required field 'telehealth_states' (needed when delivery includes "
                                          "telehealth: where clinicians are licensed to treat)"),
    "check_missing_source": N_("missing required field 'source' (needed when verified_by is import)"),
    "check_unknown_field": N_("unknown field '{field}'"),
    "check_expected": N_("expected {expected}, got {found}"),
    "check_got": N_("{message}, got {found}"),
    "check_one_of": N_("expected one of {values}, got {found}"),
    "check_not_allowed": N_("{found} is not allowed"),
    "check_no_match": N_("does not match {pattern}"),
    "check_empty": N_("must not be empty"),
    "check_too_long": N_("is {n} characters long; at most {limit} allowed"),
    "check_max_items": N_("allows at most {limit} items, got {count}"),
    "check_twice": N_("lists {found} more than once"),
    "check_at_least": N_("expected at least {limit}, got {found}"),
    "check_at_most": N_("expected at most {limit}, got {found}"),
    "type_boolean": N_("true or false"),
    "type_string": N_("text"),
    "type_integer": N_("a whole number"),
    "type_number": N_("a number"),
    "type_object": N_("a mapping of fields"),
    "type_array": N_("a list"),
    "type_null": N_("nothing"),
    "found_array": N_("a list"),
    "found_object": N_("a mapping"),
    "format_uri": N_("a web address such as https://example.org/"),
    "format_email": N_("an e-mail address such as intake@clinic.example"),
    "format_date": N_('a real date "YYYY-MM-DD"'),
    "check_invisible": N_("contains the invisible character {code} at position {position}; remove it"),
    "check_line_break": N_("contains a line break; this field is a single line of text"),
    "check_control": N_("contains a control character; this field is a single line of text"),
    "check_line_break_remove": N_("contains a line break; remove it"),
    "check_control_remove": N_("contains a control character; remove it"),
    "check_html": N_("contains HTML; raw HTML is not rendered, use Markdown instead"),
    "check_brackets": N_("has {n} '['; at most 100 allowed (each may start a link)"),
    "check_link": N_("the link {url} {problem}"),
    "link_backslash": N_("has a backslash, which browsers read as '/'; write scheme://host/..., such as "
                         "https://example.org/page"),
    "link_name_before_at": N_("has a name before '@', which hides the real host; write scheme://host/..., such as "
                              "https://example.org/page"),
    "link_no_host": N_("needs a host (without one, a browser opens it as a page of this site); write "
                       "scheme://host/..., such as https://example.org/page"),
    "check_reserved": N_("'{name}' is a reserved file name on Windows ({name}.yaml cannot be checked out there); add "
                         "a word, e.g. '{lower}-<city>'"),
    "check_future": N_("'{date}' is in the future (today is {today})"),
    "check_expired": N_("this accreditation expired on {date}; renew the date or remove the accreditation"),
    "check_folder": N_("a telehealth-only listing goes in the folder of its headquarters' state: choose the states "
                       "where clinicians are licensed to treat online"),
    "check_range": N_("expected max ({max}) to be at least min ({min})"),
    "check_end_before_start": N_("expected an end after the start ({start}), got '{end}' (sessions end on the day "
                                 "they start)"),
    "check_partial_hospitalization": N_("{hours} hours a week looks like partial hospitalization (20 hours or more), "
                                        "not an IOP ({low}–{high} hours)"),
    "check_few_hours_adults": N_("{hours} hours a week looks like standard outpatient care; an IOP for adults is "
                                 "{low}–{high} hours"),
    "check_few_hours_adolescents": N_("{hours} hours a week looks like standard outpatient care; an IOP for "
                                      "adolescents is {low}–{high} hours"),
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
        "form_answers_to_fix": lambda n: i18n.ngettext("{n} answer to fix", "{n} answers to fix", n),
        "check_min_items": lambda n: i18n.ngettext("needs at least {n} item, got {count}",
                                                   "needs at least {n} items, got {count}", n),
    }
    return {key: [form(1), form(2)] for key, form in forms.items()}


@functools.cache
def schema_errors() -> tuple[str, ...]:
    """The listing schema's own error messages ("errorMessage", the words of a pattern rule), English: the schema
    stays the English contract, its words reach the form's check in another language through the catalog
    (extracted by iopdir.cli.i18n.extract_form_hints)."""
    found: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("errorMessage"), str):
                found.add(node["errorMessage"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(program_schema())
    return tuple(sorted(found))


def export() -> dict:
    """The scripts' words in the language being written: message key -> text, plural key -> [one, other],
    "days": the short day names of a week grid, Monday first (iopdir.listing.wording's), and "locale": the BCP 47
    locale whose numbers and plurals the scripts write (Intl.NumberFormat, Intl.PluralRules)."""
    out: dict = {key: i18n.gettext(text) for key, text in MESSAGES.items()}
    out.update(_plurals())
    # list-form.js: the schema's error message (English, as Ajv gives it) -> this language's
    out["schema_errors"] = {text: i18n.gettext(text) for text in schema_errors()}
    out["days"] = [i18n.gettext(wording.DAY_SHORT[d]) for d in DAYS]
    out["locale"] = i18n.locale().replace("_", "-")  # numbers and plurals in the scripts: "es-US" (see iopdir.i18n)
    return out
