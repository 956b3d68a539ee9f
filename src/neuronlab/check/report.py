"""What a check found, for a learner to read in ten seconds: text, JSON and HTML."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from neuronlab.check.compare import hint
from neuronlab.check.source import NO_SOURCE

MARKS = {"pass": "✓", "fail": "✗", "error": "✗", "missing": "–"}


@dataclass
class FunctionResult:
    """One graded function: ``status`` is ``pass``, ``fail``, ``error`` or ``missing``."""

    name: str
    status: str
    diagnoses: list[str] = field(default_factory=list)
    message: str = ""
    case: str | None = None
    note: str = ""  # e.g. "it calls propagate, which fails: fix that first"

    def hints(self, lab: str = "") -> list[str]:
        """``code: hint`` per diagnosis, in ``lab``'s own terms where it has them."""
        return [f"{code}: {hint(code, lab)}" for code in self.diagnoses if hint(code, lab)]


@dataclass
class CheckReport:
    """The check of one learner's code against one lab."""

    lab: str
    seed: int
    origin: str
    functions: list[FunctionResult]
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def passed(self) -> int:
        return sum(f.status == "pass" for f in self.functions)

    @property
    def failed(self) -> int:
        return sum(f.status in ("fail", "error") for f in self.functions)

    @property
    def missing(self) -> int:
        return sum(f.status == "missing" for f in self.functions)

    @property
    def exit_code(self) -> int:
        """0 when every function found passes, 1 when one fails or errs."""
        return 1 if self.failed else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "lab": self.lab,
            "seed": self.seed,
            "functions": [
                {
                    "name": f.name,
                    "status": f.status,
                    "diagnoses": f.diagnoses,
                    "message": " ".join(p for p in (f.message, f.note) if p),
                    "case": f.case,
                }
                for f in self.functions
            ],  # fmt: skip
            "passed": self.passed,
            "failed": self.failed,
        }

    def text(self) -> str:
        lines = [f"neuronlab check: {self.origin} as lab {self.lab} (seed {self.seed}; "
                 f"--seed {self.seed} repeats these inputs)"]  # fmt: skip
        for f in self.functions:
            head = f"  {MARKS[f.status]} {f.name}"
            if f.status == "missing":
                unsourced = f"{f.name}: {NO_SOURCE}" in self.notes
                head += f": {NO_SOURCE}" if unsourced else ": not found (no function of that name)"
            lines.append(head)
            if f.status in ("fail", "error"):
                lines += [f"      {line}" for line in f.message.splitlines()]
                if f.case:
                    lines.append(f"      on: {f.case}")
                lines += [f"      → {h}" for h in f.hints(self.lab) if not h.startswith("error:")]
                if f.note:
                    lines.append(f"      {f.note}")
        lines += [f"  note: {n}" for n in self.notes if not n.endswith(NO_SOURCE)]
        lines.append(self.summary())
        return "\n".join(lines)

    def summary(self) -> str:
        found = len(self.functions) - self.missing
        return (f"{self.passed} of {found} functions found pass, {self.failed} fail"
                f"{f', {self.missing} not found' if self.missing else ''} "
                f"({self.seconds:.1f} s)")  # fmt: skip

    __str__ = text

    def _repr_html_(self) -> str:
        rows = []
        for f in self.functions:
            parts = [f.message, f"on: {f.case}" if f.case else "", *f.hints(self.lab), f.note]
            detail = "<br>".join(html.escape(p).replace("\n", "<br>") for p in parts if p)
            colour = {"pass": "#1a7f37", "missing": "#6e7781"}.get(f.status, "#cf222e")
            rows.append(
                f"<tr><td style='color:{colour};font-weight:bold'>{MARKS[f.status]}</td>"
                f"<td><code>{html.escape(f.name)}</code></td><td>{detail}</td></tr>"
            )
        title = html.escape(f"lab {self.lab}: {self.origin} (seed {self.seed})")
        return (f"<div><p><b>neuronlab check</b> — {title}</p><table>{''.join(rows)}</table>"
                f"<p>{html.escape(self.summary())}</p></div>")  # fmt: skip
