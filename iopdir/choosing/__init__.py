"""Choosing: the checklist and its verdicts, comparison rows, the wording of facts."""
