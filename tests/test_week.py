"""The week as a picture (#17): each track's sessions in a grid, days across and hours down, at their day and time
(checked from the page's geometry), evening and weekend blocks marked other than by colour; the compare page lines
the programs' weeks up."""

import pytest

from iopdir.listing import week
from iopdir.listing.program import Session, Track
from iopdir.listing.wording import clock_range, hour

LANTERNWOOD = "lanternwood-evening-iop"  # Tue/Thu 6-9 pm and Saturday 9 am-1 pm (its second track)


def test_geometry():
    track = Track("t", "adults", "America/New_York",
                  (Session(("mon", "sat"), "18:00", "21:00"), Session(("wed",), "07:30", "08:15")))
    first, last = week.hour_range([track])
    assert (first, last) == (7, 21)  # the earliest start, the latest end, at least 9 am to 5 pm
    w = week.week(track, first, last)
    assert w.hours[0] == (2, "7 am") and w.hours[-1] == ((20 - 7) * 4 + 2, "8 pm")
    assert [(b.day, b.row, b.span, b.evening, b.weekend) for b in w.blocks] == [
        (1, (18 - 7) * 4 + 2, 12, True, False), (3, 4, 3, False, False), (6, (18 - 7) * 4 + 2, 12, True, True)]
    assert clock_range("18:00", "21:00") == "6–9 pm" and clock_range("09:30", "12:15") == "9:30 am–12:15 pm"
    assert hour(12) == "noon" and hour(0) == "12 am"


def block_geometry(page, grid):
    return grid.evaluate("""g => {
        const box = e => e.getBoundingClientRect();
        const days = Object.fromEntries([...g.querySelectorAll('b')].map(b => [b.textContent, box(b)]));
        const hours = Object.fromEntries([...g.querySelectorAll('i')].map(i => [i.textContent, box(i).top]));
        const blocks = [...g.querySelectorAll('span')].map(s => {
            const r = box(s), st = getComputedStyle(s), before = getComputedStyle(s, '::before').content;
            const day = Object.keys(days).find(d => r.left >= days[d].left - 3 && r.right <= days[d].right + 3);
            return {text: s.textContent, day, top: r.top, bottom: r.bottom, edge: st.borderTopStyle, before};
        });
        return {hours, blocks, bottom: box(g).bottom};
    }""")


@pytest.mark.parametrize("width", [390, 1280])
def test_each_session_at_its_day_and_time(page, site_url, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{site_url}/programs/{LANTERNWOOD}/")
    grids = page.locator(".track .wk")
    assert grids.count() == 2
    assert page.locator(".track .timetable").count() == 2  # the text equivalent is still there
    got = block_geometry(page, grids.nth(1))
    hours = got["hours"]
    step = hours["10 am"] - hours["9 am"]
    assert step > 10 and abs((hours["6 pm"] - hours["9 am"]) - 9 * step) < 1  # hours evenly down the side
    by_day = {b["day"]: b for b in got["blocks"]}
    assert set(by_day) == {"Tue", "Thu", "Sat"}
    for day in ("Tue", "Thu"):
        b = by_day[day]
        assert abs(b["top"] - hours["6 pm"]) <= 2 and abs(b["bottom"] - (hours["8 pm"] + step)) <= 2
        assert b["text"] == "6–9 pm" and b["edge"] == "dashed" and "☾" in b["before"]  # evening: moon, dashes
    sat = by_day["Sat"]
    assert abs(sat["top"] - hours["9 am"]) <= 2 and abs(sat["bottom"] - hours["1 pm"]) <= 2
    assert sat["edge"] == "double" and "☾" not in sat["before"]  # weekend: a double edge, no moon
    # The grids of a page share their hours, so that the tracks line up.
    first = block_geometry(page, grids.nth(0))["hours"]
    assert list(first) == list(hours)


def test_the_compare_page_lines_the_weeks_up(page, site_url):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{site_url}/compare/?ids={LANTERNWOOD},red-rock-wash-teen-iop")
    page.wait_for_function("() => document.documentElement.getAttribute('data-compare-ready') === '2'")
    cells = page.locator("tr.week-row td")
    assert cells.count() == 2
    left, right = (block_geometry(page, cells.nth(i).locator(".wk").first) for i in range(2))
    assert list(left["hours"]) == list(right["hours"])  # the same hours ...
    assert all(abs(left["hours"][h] - right["hours"][h]) < 1 for h in left["hours"])  # ... side by side
    assert {b["day"] for b in left["blocks"]} == {"Mon", "Tue", "Thu"}
    assert all(abs(b["top"] - left["hours"]["6 pm"]) <= 2 for b in left["blocks"])
    page.locator("#only-differences").check()
    assert cells.first.is_visible()  # the week is never hidden as "the same"
