"""Spans of text (anything with ``start`` and ``end``): the one rule for overlapping matches."""
from __future__ import annotations

from typing import Iterable, Protocol, TypeVar


class Span(Protocol):
    """Read-only ``start`` and ``end``, so that frozen dataclasses (links, references) are spans."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=Span)


def without_overlaps(spans: Iterable[S]) -> list[S]:
    """In text order, dropping any span that overlaps one kept before; at one start the longest wins."""
    kept: list[S] = []
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    return kept
