"""iopdir.build.memory.long_lived: the collector paused for the block, what was made frozen after, the state restored."""

import gc

import pytest

from iopdir.build.memory import long_lived


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

