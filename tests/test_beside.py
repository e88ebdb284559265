"""Work in a second process (iopdir.build.beside): the result comes back, and so does a failure, with its reason."""

import os
import signal
import time

import pytest

from iopdir.build import beside


def add(a, b):
    return a + b


def fail(message):
    raise ValueError(message)


def unwritable(path):
    raise PermissionError(13, "Permission denied", path)


def die(code):
    os._exit(code)


def chatty():
    print("this goes to stderr, not into the answer")
    return {"ok": [1, 2, 3]}


def test_the_result_comes_back():
    assert beside.Beside(add, 2, 3).result() == 5
    assert beside.Beside(add, [1], [2]).result() == [1, 2]


def test_printing_does_not_spoil_the_answer():
    assert beside.Beside(chatty).result() == {"ok": [1, 2, 3]}


def test_an_exception_in_the_child_is_raised_here_with_its_traceback():
    with pytest.raises(beside.ChildFailed) as raised:
        beside.Beside(fail, "no such listing").result()
    assert "ValueError: no such listing" in str(raised.value)
    assert "def fail" in str(raised.value) or "in fail" in str(raised.value)


def test_a_file_system_error_is_one_line_saying_what_and_where():
    with pytest.raises(beside.ChildFailed) as raised:
        beside.Beside(unwritable, "/srv/site/search/data").result()
    assert str(raised.value) == "PermissionError: [Errno 13] Permission denied: '/srv/site/search/data'"


def test_a_child_that_dies_is_reported_with_its_exit_code():
    with pytest.raises(beside.ChildFailed, match="exit code 3"):
        beside.Beside(die, 3).result()


def test_a_large_argument_and_result_cross_both_ways():
    big = ["x" * 1000] * 20_000  # 20 MB: more than any pipe holds, so both sides must keep reading
    assert beside.Beside(add, big, ["y"]).result()[-1] == "y"


def test_stop_ends_a_child_that_is_still_working():
    child = beside.Beside(time.sleep, 60)
    started = time.perf_counter()
    child.stop()
    assert time.perf_counter() - started < 10
    assert child._process.returncode == -signal.SIGKILL  # killed, not ended on its own


def test_when_a_second_process_is_used(monkeypatch):
    monkeypatch.setattr(beside, "cpus", lambda: 2)
    assert beside.usable(beside.MIN_ITEMS, "auto") is True
    assert beside.usable(beside.MIN_ITEMS - 1, "auto") is False
    assert beside.usable(5000, "auto", minimum=4000) is True
    assert beside.usable(3999, "auto", minimum=4000) is False
    assert beside.usable(10, True) is True
    assert beside.usable(10_000, False) is False
    monkeypatch.setattr(beside, "cpus", lambda: 1)
    assert beside.usable(10_000, "auto") is False


def take_from_the_end(folder, pieces):
    """What the second process of a build does: claim pieces from the last down, stopping at the first it cannot."""
    claims, mine = beside.Claims(folder), []
    for n in reversed(range(pieces)):
        if not claims.take(n):
            break
        mine.append(n)
    return mine


def test_claims_share_pieces_between_two_processes_each_once():
    """One process takes from the first up while another takes from the last down: each piece is done once, each
    process's pieces are a contiguous run, and together they are all of them."""
    claims = beside.Claims.new()
    try:
        child = beside.Beside(take_from_the_end, claims.folder, 200)
        assert claims.take(0)
        # Both must claim while the other does: this process waits for the child's first claim (a condition, with a
        # deadline) before it goes on, else it could take every piece before the child has started.
        deadline = time.monotonic() + 60
        while not os.path.exists(os.path.join(claims.folder, "199")) and time.monotonic() < deadline:
            time.sleep(0.001)
        mine = [0]
        for n in range(1, 200):
            if not claims.take(n):
                break
            mine.append(n)
        theirs = child.result()
        assert mine and theirs  # both took some
        assert sorted(mine + theirs) == list(range(200))
        assert mine == list(range(len(mine)))
        assert theirs == list(range(199, 199 - len(theirs), -1))
        assert sorted(os.listdir(claims.folder)) == sorted(str(n) for n in range(200))
    finally:
        claims.remove()
    assert not os.path.exists(claims.folder)


def test_claims_without_a_folder_are_all_this_process_s():
    claims = beside.Claims()
    assert all(claims.take(n) for n in range(5)) and claims.take(0)  # nothing is recorded, nothing refused
    claims.remove()  # nothing to remove


def test_a_claimed_piece_is_not_claimed_again(tmp_path):
    first, second = beside.Claims(str(tmp_path)), beside.Claims(str(tmp_path))
    assert first.take(3) and not second.take(3) and not first.take(3)
    assert second.take(4) and not first.take(4)
