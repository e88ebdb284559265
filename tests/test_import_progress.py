"""`iopdir import nsumhss` shows its progress on stderr: a bar on a terminal (rich), plain lines otherwise; stdout is
the summary alone either way, so it can be kept or piped."""

import os
import pty
import subprocess
import sys
from pathlib import Path

from iopdir.cli import main
from tests.test_import_nsumhss import DEFINITIONS, FACILITIES, SUMMARY, derived_csv


def test_plain_lines_without_a_terminal(tmp_path, capsys):
    out = tmp_path / "programs"
    assert main(["import", "nsumhss", str(FACILITIES), "--definitions", str(DEFINITIONS), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == (SUMMARY + "\n", "checking listings (20)\nwriting listings (20)\n")

    gone = derived_csv(tmp_path, lambda row: None if row["facility_id"] == "substance_11745" else row)
    assert main(["import", "nsumhss", str(gone), "--definitions", str(DEFINITIONS), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ("checking listings (19)\nwriting listings (19)\n"
                            "closing listings no longer in the directory (1)\n")
    assert "closed wa/programa-ser-renton.yaml: not in the directory any more\n" in captured.out


def test_a_bar_on_a_terminal(tmp_path):
    controller, terminal = pty.openpty()
    try:
        run = subprocess.run(
            [sys.executable, "-m", "iopdir.cli", "import", "nsumhss", str(FACILITIES), "--definitions",
             str(DEFINITIONS), "--out", str(tmp_path / "programs")],
            stdout=subprocess.PIPE, stderr=terminal, stdin=subprocess.DEVNULL, timeout=300,
            env={**os.environ, "TERM": "xterm-256color", "COLUMNS": "100"}, cwd=Path(__file__).parent.parent)
    finally:
        os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: the terminal's other end is closed and everything was read
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    text = shown.decode("utf-8", "replace")
    assert (run.returncode, run.stdout.decode()) == (0, SUMMARY + "\n")
    assert "checking listings" in text and "writing listings" in text and "━" in text  # rich's bar
    assert "\x1b[" in text  # drawn with control sequences (and erased when the import ends) ...
    assert "checking listings (20)" not in text  # ... not the plain lines
