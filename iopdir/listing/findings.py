"""A finding is one thing wrong (error) or doubtful (warning) about one place in one listing file."""

from __future__ import annotations

from dataclasses import dataclass, asdict

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    file: str
    line: int  # 1-based
    column: int  # 1-based
    severity: str  # "error" | "warning"
    field: str  # dotted path such as "insurance.medicaid" or "tracks[0].sessions[1].end"
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.field}: {self.message}"

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


def dotted(path) -> str:
    """('tracks', 0, 'sessions', 1, 'end') -> 'tracks[0].sessions[1].end'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(listing)"
