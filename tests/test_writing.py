"""Output files written only when their bytes change (iopdir.writing)."""

import os

from iopdir.writing import write_if_changed


def test_a_new_file_is_written_with_its_folder(tmp_path):
    path = tmp_path / "data" / "hsds" / "phones.csv"
    assert write_if_changed(path, b"id,number\n", b"1,555\n") is True
    assert path.read_bytes() == b"id,number\n1,555\n"


def test_the_same_bytes_are_not_written_again(tmp_path):
    path = tmp_path / "phones.csv"
    write_if_changed(path, b"id,number\n1,555\n")
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    assert write_if_changed(path, b"id,number\n", b"1,555\n") is False  # parts compared as one
    assert path.stat().st_mtime_ns == 1_000_000_000


def test_other_bytes_of_the_same_size_are_written(tmp_path):
    path = tmp_path / "phones.csv"
    write_if_changed(path, b"id,number\n1,555\n")
    assert write_if_changed(path, b"id,number\n", b"2,555\n") is True
    assert path.read_bytes() == b"id,number\n2,555\n"
    assert write_if_changed(path, b"id\n") is True and path.read_bytes() == b"id\n"


def test_a_link_is_replaced_not_written_through(tmp_path):
    target = tmp_path / "elsewhere.txt"
    target.write_bytes(b"same")
    link = tmp_path / "site" / "robots.txt"
    link.parent.mkdir()
    link.symlink_to(target)
    assert write_if_changed(link, b"same") is True  # even with the bytes it points to
    assert not link.is_symlink() and link.read_bytes() == b"same"
    assert target.read_bytes() == b"same"
