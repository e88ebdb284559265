"""`iopdir audit`: stale listings, expiring or expired accreditations, probable duplicates, telehealth gaps."""

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from iopdir.tools.audit import audit_paths, street_key
from iopdir.cli import main

VALID = (Path(__file__).parent / "fixtures" / "valid-listing.yaml").read_text()
TODAY = "2026-11-25"


def listing(pid: str, *edits: tuple[str, str]) -> str:
    text = VALID.replace("id: harbor-light-evening-iop", f"id: {pid}")
    text = re.sub(r'expires: "[0-9-]+"', 'expires: "2027-06-30"', text)  # the fixture's date is not ours to rely on
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def other_place(n: int) -> tuple[tuple[str, str], ...]:
    """Edits that give a listing its own phone number and address."""
    return (('phone: "973-555-0142"', f'phone: "973-555-01{n:02d}"'), ("12 Market St", f"{n} Broad St"))


@pytest.fixture
def programs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "programs" / "nj"
    folder.mkdir(parents=True)

    def write(pid, *edits):
        (folder / f"{pid}.yaml").write_text(listing(pid, *edits))

    write("fine", *other_place(1))
    return tmp_path / "programs", write


def run(capsys, *argv):
    code = main(["audit", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_nothing_to_do_exits_0(programs, capsys):
    assert run(capsys, "--today", TODAY) == (0, "1 listing audited on 2026-11-25: nothing needs action\n", "")


def test_stale_listing(programs, capsys):
    _, write = programs
    write("old", *other_place(2), ('"2026-10-01"', '"2025-01-15"'))
    assert run(capsys, "--today", TODAY) == (1, (
        "programs/nj/old.yaml:37:18: stale: verification.last_verified: last verified 2025-01-15, 679 days ago "
        "(stale after 365); ask the provider to check the listing and update last_verified\n"
        "2 listings audited on 2026-11-25: 1 to act on (1 stale)\n"), "")


def test_aging_is_not_stale(programs, capsys):
    _, write = programs
    write("aging", *other_place(2), ('"2026-10-01"', '"2025-11-26"'))  # 364 days
    assert run(capsys, "--today", TODAY)[0] == 0


def test_accreditations_expired_or_expiring_within_60_days(programs, capsys):
    """An expired accreditation makes `iopdir validate` fail; the audit still reads the listing and says so."""
    _, write = programs
    write("expired", *other_place(2), ('"2027-06-30"', '"2026-11-01"'))
    write("expiring", *other_place(3), ('"2027-06-30"', '"2027-01-24"'))  # 60 days
    write("later", *other_place(4), ('"2027-06-30"', '"2027-01-25"'))  # 61 days: not yet
    write("today", *other_place(5), ('"2027-06-30"', f'"{TODAY}"'))
    code, out, _ = run(capsys, "--today", TODAY)
    assert (code, out) == (1, (
        "programs/nj/expired.yaml:35:14: accreditation: accreditations[0].expires: CARF accreditation expired on "
        "2026-11-01, 24 days ago; renew the date or remove the accreditation\n"
        "programs/nj/expiring.yaml:35:14: accreditation: accreditations[0].expires: CARF accreditation expires on "
        "2027-01-24, in 60 days; ask the provider for the renewed date\n"
        "programs/nj/today.yaml:35:14: accreditation: accreditations[0].expires: CARF accreditation expires on "
        "2026-11-25, today; ask the provider for the renewed date\n"
        "5 listings audited on 2026-11-25: 3 to act on (3 accreditation)\n"))
    assert main(["validate", "programs/nj/expired.yaml"]) == 1  # the validator refuses what the audit reports


def test_duplicates_by_phone_and_by_address(programs, capsys):
    _, write = programs
    write("same-phone", ("12 Market St", "99 Elm St"), ('phone: "973-555-0142"', 'phone: "(973) 555-0101"'))
    write("same-address", ('phone: "973-555-0142"', 'phone: "973-555-0177"'),
          ("12 Market St", "1 broad street"))
    code, out, _ = run(capsys, "--today", TODAY)
    assert (code, out) == (1, (
        "programs/nj/fine.yaml:13:10: duplicate: contact.phone: same phone number ((973) 555-0101) as "
        "programs/nj/same-phone.yaml; probably the same program listed twice: merge the files, or tell them apart\n"
        "programs/nj/fine.yaml:16:13: duplicate: locations[0].street: same street address and ZIP code (1 Broad St, "
        "07102) as programs/nj/same-address.yaml; probably the same program listed twice: merge the files, or tell "
        "them apart\n"
        "programs/nj/same-address.yaml:16:13: duplicate: locations[0].street: same street address and ZIP code "
        "(1 broad street, 07102) as programs/nj/fine.yaml; probably the same program listed twice: merge the files, "
        "or tell them apart\n"
        "programs/nj/same-phone.yaml:13:10: duplicate: contact.phone: same phone number ((973) 555-0101) as "
        "programs/nj/fine.yaml; probably the same program listed twice: merge the files, or tell them apart\n"
        "3 listings audited on 2026-11-25: 4 to act on (4 duplicate)\n"))


def test_same_street_in_another_zip_is_not_a_duplicate(programs, capsys):
    _, write = programs
    write("elsewhere", ('phone: "973-555-0142"', 'phone: "973-555-0177"'), ("12 Market St", "1 Broad St"),
          ('"07102"', '"07103"'))
    assert run(capsys, "--today", TODAY)[0] == 0


@pytest.mark.parametrize("a, b", [
    ("12 Market Street, Suite 300", "12 market st. ste 300"),
    ("400 North Avenue", "400 N Ave"),
])
def test_street_key_sees_through_spelling(a, b):
    assert street_key(a, "07102") == street_key(b, "07102-1234")


def test_telehealth_states_without_the_programs_own_state(programs, capsys):
    _, write = programs
    write("gap", *other_place(2), ("telehealth_states: [NJ, NY]", "telehealth_states: [NY, PA]"))
    write("in-person-only", *other_place(3), ("[in_person, telehealth]", "[in_person]"),
          ("telehealth_states: [NJ, NY]", "telehealth_states: [NY]"))  # no telehealth: nothing to say
    assert run(capsys, "--today", TODAY) == (1, (
        "programs/nj/gap.yaml:21:20: telehealth: telehealth_states: does not include NJ, the program's own state; "
        "add it, or confirm that its clinicians cannot treat there by telehealth\n"
        "3 listings audited on 2026-11-25: 1 to act on (1 telehealth)\n"), "")


def test_telehealth_only_uses_the_folder_state(programs, capsys):
    _, write = programs
    write("online", *other_place(2), ("[in_person, telehealth]", "[telehealth]"),
          ('locations:\n  - street: 2 Broad St\n    city: Newark\n    state: NJ\n    postal_code: "07102"\n', ""),
          ("telehealth_states: [NJ, NY]", "telehealth_states: [NY]"))
    code, out, _ = run(capsys, "--today", TODAY)
    assert code == 1 and "programs/nj/online.yaml:16:20: telehealth: telehealth_states: does not include NJ" in out


def test_closed_listings_are_left_out(programs, capsys):
    _, write = programs
    write("closed", ("status: active", "status: closed"), ('"2026-10-01"', '"2020-01-01"'))  # same phone, stale
    assert run(capsys, "--today", TODAY) == (0, "2 listings audited on 2026-11-25: nothing needs action\n", "")


def test_unreadable_listing_is_invalid(programs, capsys):
    folder, write = programs
    (folder / "nj" / "broken.yaml").write_text("name: [unclosed\n")
    write("wrong-type", *other_place(2), ("medicaid: true", "medicaid: yes"))
    assert run(capsys, "--today", TODAY) == (1, (
        "programs/nj/broken.yaml:2:1: invalid: (listing): is not a readable listing; run: iopdir validate "
        "programs/nj/broken.yaml\n"
        "programs/nj/wrong-type.yaml:1:1: invalid: (listing): is not a readable listing; run: iopdir validate "
        "programs/nj/wrong-type.yaml\n"
        "3 listings audited on 2026-11-25: 2 to act on (2 invalid)\n"), "")


def test_json_format(programs, capsys):
    _, write = programs
    write("old", *other_place(2), ('"2026-10-01"', '"2025-01-15"'))
    code, out, _ = run(capsys, "--today", TODAY, "--format", "json")
    assert code == 1
    assert json.loads(out) == {
        "today": TODAY, "listings": 2,
        "counts": {"invalid": 0, "stale": 1, "accreditation": 0, "duplicate": 0, "telehealth": 0},
        "issues": [{"file": "programs/nj/old.yaml", "line": 37, "column": 18, "check": "stale",
                    "field": "verification.last_verified",
                    "message": "last verified 2025-01-15, 679 days ago (stale after 365); ask the provider to check "
                               "the listing and update last_verified"}]}


def test_paths_and_default_today(programs, capsys):
    folder, write = programs
    write("old", *other_place(2), ('"2026-10-01"', '"2020-01-15"'))
    assert run(capsys, "programs/nj/fine.yaml")[0] == 0  # only that file
    assert audit_paths([folder]).today == dt.date.today()


def test_usage_errors_exit_2(programs, capsys):
    assert run(capsys, "nowhere") == (2, "", "iopdir audit: no such file or folder: nowhere\n")
    with pytest.raises(SystemExit) as exc:
        main(["audit", "--today", "25/11/2026"])
    assert exc.value.code == 2
    assert "expected a date YYYY-MM-DD, got '25/11/2026'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["audit", "--format", "xml"])
    assert exc.value.code == 2
