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
