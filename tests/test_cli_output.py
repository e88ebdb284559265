"""What every command prints stays harmless and ends cleanly: values from a listing or an imported file cannot act on
a terminal or a CI log, and a reader that stops early (| head) gets no traceback."""

import os
import sys

from iopdir.tools.importer import ImportSummary, NotImported, format_summary


def test_the_import_summary_shows_a_rows_line_breaks_and_escapes_escaped():
    summary = ImportSummary(rows_read=1, rows=1, iop_rows=1)
    summary.not_imported.append(NotImported("F1", "Harbor\n::error file=programs/x.yaml::forged", "Newark, NJ",
                                            "street: \x1b[2J"))
    text = format_summary(summary)
    assert not any(line.lstrip().startswith("::") for line in text.splitlines())
    assert "\x1b" not in text and "Harbor\\n::error" in text and "\\x1b[2J" in text


def test_a_reader_that_stops_early_gets_no_traceback(monkeypatch):
    """`iopdir docs fields | head -c 10`: the pipe closes under the command, which ends quietly with 141."""
    from iopdir.cli import main

    read, write = os.pipe()
    os.close(read)  # the reader has gone
    out = os.fdopen(write, "w", buffering=1024)
    monkeypatch.setattr(sys, "stdout", out)
    try:
        assert main(["docs", "fields"]) == 141
    finally:
        monkeypatch.undo()
        try:
            out.close()
        except BrokenPipeError:
            pass
