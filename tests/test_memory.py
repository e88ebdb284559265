"""iopdir.memory: long_lived (the collector paused for the block, what was made frozen after) and paused (paused
 only); the state restored either way."""

import gc

import pytest

from iopdir.memory import long_lived, paused


def test_the_collector_is_paused_inside_and_resumed_after():
    assert gc.isenabled()
    with long_lived():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_what_was_made_is_frozen():
    before = gc.get_freeze_count()
    with long_lived():
        made = [[i] for i in range(5000)]  # tracked objects
    assert gc.get_freeze_count() >= before + len(made)


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    try:
        with long_lived():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_is_resumed_after_an_error():
    with pytest.raises(ValueError):
        with long_lived():
            raise ValueError("a bad listing")
    assert gc.isenabled()


def test_paused_resumes_the_collector_and_freezes_nothing():
    before = gc.get_freeze_count()
    with paused():
        assert not gc.isenabled()
        made = [[i] for i in range(5000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() == before
    assert len(made) == 5000


def test_paused_leaves_a_collector_that_was_off_off_and_resumes_after_an_error():
    gc.disable()
    try:
        with paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(ValueError):
        with paused():
            raise ValueError("a bad listing")
    assert gc.isenabled()
