"""Choosing: the checklist and its verdicts, and the comparison rows."""
