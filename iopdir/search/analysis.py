"""Text analysis shared by the build-time index, `iopdir search` and the browser.

The browser cannot run a stemmer the way Whoosh does, so nothing here does anything JavaScript cannot do exactly:
Unicode compatibility decomposition, dropping combining marks (accents are optional both ways: "espanol" finds
"Español", "depresión" finds "depression"), lower case, runs of letters and digits, a stop list.
theme/static/js/shared.js holds the twin of `terms()`; tests check both give the same terms.
Prefix matching at query time ("counsel" finds "counseling") stands in for stemming.
"""

from __future__ import annotations

import re
import unicodedata

# Whoosh's own English stop list, and Spanish articles and prepositions (folded): "de" or "la" alone would otherwise
# be a word of dozens of Spanish labels, and mean all of them. Shipped to the browser in the search metadata.
STOP_WORDS = frozenset(
    "a an and are as at be by can for from have if in is it may not of on or tbd that the this to us we when will "
    "with yet you your".split() + "al con de del el en la las los para por su sus un una".split())
MIN_LENGTH = 2  # one-letter words carry no meaning here (and would match a shard of every term)

# Runs of MIN_LENGTH letters or digits or more: a shorter run is not found, rather than found and dropped (the
# 50,000 texts of 10,000 listings analysed in 0.20 s, not 0.35 s). The same terms: a run found is a whole run.
_TOKEN = re.compile(rf"[^\W_]{{{MIN_LENGTH},}}")


def fold(text: str) -> str:
    if text.isascii():  # nearly every listing: nothing to decompose
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M")).lower()


def terms(text: str) -> list[str]:
    """The index terms of a text, in order."""
    return [t for t in _TOKEN.findall(fold(text or "")) if t not in STOP_WORDS]
