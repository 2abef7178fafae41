"""A task's history: the same task in the programmes of other months, linked into one chain.

The office types a task that runs for months again every month ("Tiếp tục…", the monthly
report, weekly duties), so the rows are linked here, oldest month first, by three rules in turn:

1. ``carried_from: 2023-11/II-8`` (written by ``portal draft``): that task, exactly;
2. the same **masked text**: folded (no accents, lower case), its month mentions and dates
   replaced by a placeholder (:func:`portal.text.months.mask_periods`), a leading «tiếp tục»
   dropped: ``Tổng hợp bảng chấm công tháng 11/2023`` and ``… tháng 12/2023`` are one task;
   of the same lead, seen in the last :data:`MAX_GAP` months;
3. a **close match**: a task of the same lead in one of the :data:`CLOSE_MONTHS` previous months
   with the same *signature* (:func:`signature`: its first words, which say what the task is,
   ``Báo cáo…`` or ``Chương trình…``, and every number and numeral in it, which tell two
   tasks of one template apart: ``Đoàn công tác số 9``/``số 6``, ``lần thứ V``/``lần thứ II``,
   ``Kết luận số 173``/``số 150``) and whose masked words overlap (Jaccard) by at least
   :data:`THRESHOLD`: a word added, dropped or changed. Measured with
   ``scripts/lineage_threshold.py`` (different tasks of one department in generated archives
   against the same tasks after a clerk's small edit): see the README.

A chain says what links its rows (:meth:`Chain.link`): a recurring duty (the monthly report, the
programme, the timesheet, weekly and «thường xuyên» work, :mod:`portal.content.recurrence`) is a
new instance every month; only a row whose earlier month left it unfinished is *carried*, and only
such a row reads «đã có từ …» (:mod:`portal.indexes.history`).

A chain takes at most one task a month (two rows of one month are two tasks). Lookups go
through dictionaries keyed by masked text and by (lead, signature, month), never all pairs of
tasks, so an archive of 600 months is linked in about a second.
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from portal.content.departments import lead_key
from portal.content.recurrence import is_recurring
from portal.content.errors import Problem
from portal.content.model import Programme, Task, content_digest, split_task_key, task_key
from portal.text.fold import fold
from portal.text.months import mask_periods, next_month
from portal.text.status import is_closed

LONG_CARRIED = 2  # «carried over more than two months»: in a programme more than two months after its first
THRESHOLD = 0.85
CLOSE_MONTHS = 2
MAX_GAP = 12
HEAD_WORDS = 2
_NUMERALS_RE = re.compile(r"(?<!\S)(?:\d\S*|[ivxlc]+)(?!\S)")
_CONTINUE_RE = re.compile(r"^(?:tiep tuc|tiep)\s+")
_WORD_RE = re.compile(r"[0-9a-z#]+")
_ITALIC_TAG_RE = re.compile(r"</?i>")


@lru_cache(maxsize=1 << 16)
def masked_key(text: str) -> str:
    """The identity of a task's text across months (see the module docstring).

    Memoised: the live preview links every month again on each save, and most texts are unchanged.
    """
    folded = fold(_ITALIC_TAG_RE.sub("", text) if "<" in text else text)
    masked = mask_periods(folded)
    masked = _CONTINUE_RE.sub("", masked)
    return " ".join(_WORD_RE.findall(masked))


def signature(key: str) -> tuple:
    """What two texts must share to be a close match: first words, and every number or numeral."""
    return tuple(key.split(" ", HEAD_WORDS)[:HEAD_WORDS]), frozenset(_NUMERALS_RE.findall(key))


def similarity(a: frozenset, b: frozenset) -> float:
    """Jaccard overlap of two word sets."""
    if not a or not b:
        return 0.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)  # the union's size, without making the union


CARRIED, RECURRING, REPEATED = "carried", "recurring", "repeated"
"""How a month's row follows the chain's row of an earlier month (:meth:`Chain.link`)."""


def unfinished(task: Task) -> bool:
    """Work left to do at the end of its month: neither done nor given up."""
    return not is_closed(task.status)


@dataclass(eq=False)
class Chain:
    """One task over the months it appeared in, oldest first."""

    tasks: list[Task] = field(default_factory=list)
    recurring: bool = False  # a recurring duty (portal.content.recurrence); set once the chain is complete

    @property
    def first(self) -> Task:
        return self.tasks[0]

    @property
    def last(self) -> Task:
        return self.tasks[-1]

    @property
    def slug(self) -> str:
        """``2023-09-II-8``: the first month and row, stable while the chain grows."""
        return f"{self.first.month}-{self.first.anchor}"

    @property
    def months(self) -> list[str]:
        return [task.month for task in self.tasks]

    def link(self, task: Task) -> str:
        """How ``task`` follows the chain's previous row ("" for the first).

        ``carried`` when the earlier row was left unfinished (or ``carried_from`` names it): the
        same work, still to do; ``recurring`` when the chain is a recurring duty: a new instance
        each period, whatever became of the last; ``repeated`` when the earlier row was done or
        given up: the same words, new work.
        """
        index = self.tasks.index(task)
        if index == 0:
            return ""
        previous = self.tasks[index - 1]
        if task.carried_from and task.carried_from == previous.key:
            return CARRIED
        if self.recurring:
            return RECURRING
        return CARRIED if unfinished(previous) else REPEATED

    def carried_since(self, task: Task) -> Task | None:
        """The row ``task`` has been carried forward from without a break, or None when it is not carried."""
        index = self.tasks.index(task)
        start = index
        while start > 0 and self.link(self.tasks[start]) == CARRIED:
            start -= 1
        return self.tasks[start] if start < index else None

    def months_carried(self) -> int:
        """How many programmes after its first the latest row's unfinished work has been carried through."""
        since = self.carried_since(self.last)
        return 0 if since is None else len(self.tasks) - 1 - self.tasks.index(since)


def long_carried(chain: Chain) -> bool:
    """Work (not a recurring duty) carried forward unfinished through more than two months' programmes."""
    return not chain.recurring and chain.months_carried() > LONG_CARRIED


@dataclass
class Lineage:
    chains: list[Chain]
    _of: dict[Task, Chain] = field(default_factory=dict)

    def chain_of(self, task: Task) -> Chain | None:
        return self._of.get(task)

    def linked(self) -> list[Chain]:
        """Chains of at least two months: the histories worth a page."""
        return [chain for chain in self.chains if len(chain.tasks) > 1]


def carried_from_problems(programmes: Iterable[Programme]) -> list[Problem]:
    """Warnings for ``carried_from`` naming a task no earlier programme has (a typo, or a month renumbered)."""
    programmes = list(programmes)
    anchors = {t.key for p in programmes for t in p.tasks()}
    months = {p.month for p in programmes}
    problems = []
    for programme in programmes:
        for task in programme.tasks():
            target = task.carried_from
            if not target or target in anchors:
                continue
            origin = task.origin
            target_month, target_anchor = split_task_key(target)
            if target_month >= task.month:
                why = "không phải một tháng trước tháng của nhiệm vụ"
            elif target_month not in months:
                why = f"không có chương trình tháng {target_month}"
            else:
                why = f"chương trình tháng {target_month} không có nhiệm vụ {target_anchor.replace('-', '.')}"
            problems.append(Problem(origin.file if origin else programme.source, origin.line if origin else None,
                                    "carried_from", f"nhiệm vụ {task.label} ghi chuyển tiếp từ «{target}» nhưng {why}; "
                                    "lịch sử của nhiệm vụ sẽ không nối với tháng đó.", severity="warning"))
    return problems


def build_lineage(programmes: Iterable[Programme],
                  masked_keys: Callable[[Programme], list[str]] | None = None,
                  kept: Callable[[list, Callable[[], list]], list] | None = None,
                  kept_read: Callable[[Programme, Callable[[], str]], str] | None = None) -> Lineage:
    """Link every task of ``programmes`` into chains (see the module docstring).

    ``masked_keys``: each programme's tasks' :func:`masked_key`, in order, when the caller keeps them
    (the build cache: they are most of the time linking takes). ``kept(inputs, link)``: ``link()``,
    or its result of an earlier build from the same ``inputs`` (the build cache's). ``kept_read(programme,
    digest)``: ``digest()`` (of what linking reads of the month), or an earlier build's for the same
    tasks (the build cache's, keyed by the tasks' digests): the ``repr`` of every task's masked text
    in the archive was written out and hashed for each month every build (≈ 15 ms at 120 months).

    Each month's result (the chain each of its tasks joins, named by the chain's first task, its
    *origin*: never by a number, which a chain begun earlier would shift) is kept under what linking
    that month reads (:meth:`_Linker.reads`): its own tasks' month, anchor, lead, masked text and
    ``carried_from``; the chains its tasks could join, by origin (the chain of each ``carried_from``,
    of each task's lead and masked text if recent enough); and the rows of the months it
    compares with (their reads and results). A month whose key is an earlier build's is put together
    from that result (:meth:`_Linker.replay`), as linking it would. Why: the result of every month
    was keyed by all months before it, so after an edit in an early month every month after it was
    linked again (0.5 s of CPU at 600 months, a third of loading), though an edit changes what few
    months after it read (those comparing with it, and the months that meet its chains)."""
    ordered = sorted(programmes, key=lambda p: p.month)
    linker = _Linker()
    for programme in ordered:
        tasks = programme.tasks()
        keys = masked_keys(programme) if masked_keys else [masked_key(task.text) for task in tasks]
        if kept is None:
            linker.link(programme.month, tasks, keys)
            continue

        def read(month=programme.month, tasks=tasks, keys=keys) -> str:
            shown = [(task.anchor, lead_key(task.lead), key, task.carried_from)
                     for task, key in zip(tasks, keys, strict=True)]
            return content_digest((month, shown))

        own = kept_read(programme, read) if kept_read else read()
        linked = False

        def link(month=programme.month, tasks=tasks, keys=keys) -> list[str]:
            nonlocal linked
            linked = True
            linker.link(month, tasks, keys)
            return linker.origins(tasks)

        origins = kept([linker.reads(programme.month, tasks, keys, own)], link)
        if not linked:
            linker.replay(programme.month, tasks, keys, origins)
        linker.settle(programme.month, own, origins)
    return _finished(linker.chains, linker.of)


class _Linker:
    """Links months into chains, oldest month first (the rules of the module docstring), or takes a
    month's chains as an earlier build found them (:meth:`replay`), leaving what later months are
    linked against as linking that month would have left it."""

    def __init__(self) -> None:
        self.chains: list[Chain] = []
        self.of: dict[Task, Chain] = {}
        self.by_anchor: dict[str, Chain] = {}  # "2023-11/II-8" → its chain
        self.by_key: dict[tuple[str, str], Chain] = {}  # (lead, masked text) → the latest chain with it
        # month → (lead, signature) → rows (masked text, chain): only the last CLOSE_MONTHS months are kept, since
        # no later task is compared with older ones (word sets of a whole archive would weigh 100+ MB)
        self.by_sig: dict[str, dict[tuple, list[_Row]]] = {}
        # replayed months not yet in by_sig: (lead, masked text, chain) of each task, their word sets
        # and signatures made only when a month after them is linked
        self.unsigned: dict[str, list[tuple[str, str, Chain]]] = {}
        self.origin: dict[int, str] = {}  # id of a chain → the key of its first task
        self.by_origin: dict[str, Chain] = {}
        self.settled: dict[str, str] = {}  # month → a digest of its rows as later months compare with them

    def _begin(self, task: Task, month: str) -> Chain:
        chain = Chain()
        self.chains.append(chain)
        origin = task_key(month, task.anchor)
        self.origin[id(chain)] = origin
        self.by_origin[origin] = chain
        return chain

    def reads(self, month: str, tasks: list[Task], keys: list[str], own: str) -> str:
        """A digest of everything linking ``month`` reads, before it is linked (see :func:`build_lineage`):
        ``own``, the digest of its tasks as linking reads them; for each task the chain of its
        ``carried_from`` and the chain of its lead and masked text, each by its origin, the latter only
        when its latest month is recent enough to be joined (:data:`MAX_GAP`; else it is as none: which
        month exactly decides nothing more, since every chain's latest month is before this one); the
        rows of the months compared with (:meth:`settle`). Chains are named by origin, so that two
        lookups finding one chain (a chain takes one task a month) are seen as one."""
        earliest = next_month(month, -MAX_GAP)
        by_key, by_anchor, origin = self.by_key, self.by_anchor, self.origin
        met = []
        for task, key in zip(tasks, keys, strict=True):
            found = by_key.get((lead_key(task.lead), key))
            joinable = origin[id(found)] if found is not None and found.last.month >= earliest else None
            carried = by_anchor.get(task.carried_from) if task.carried_from else None
            met.append((joinable, None if carried is None else origin[id(carried)]))
        compared = [self.settled.get(next_month(month, -back)) for back in range(1, CLOSE_MONTHS + 1)]
        return content_digest((own, met, compared))

    def settle(self, month: str, own: str, origins: list[str]) -> None:
        """Month ``month`` is linked or replayed: its rows as a later month compares with them are its
        tasks (``own``, the digest of what linking read of them) and their chains (``origins``)."""
        self.settled[month] = content_digest((own, origins))

    def link(self, month: str, tasks: list[Task], keys: list[str]) -> None:
        """Link the tasks of ``month`` (their masked ``keys`` in order)."""
        earliest = next_month(month, -MAX_GAP)
        previous = [next_month(month, -back) for back in range(1, CLOSE_MONTHS + 1)]
        for old in [m for m in self.by_sig if m not in previous]:
            del self.by_sig[old]
        for earlier in previous:
            rows = self.unsigned.pop(earlier, None)
            if rows is not None:
                signed = self.by_sig.setdefault(earlier, {})
                for row_lead, row_key, row_chain in rows:
                    signed.setdefault((row_lead,) + signature(row_key), []).append(_Row(row_key, row_chain))
        self.unsigned.clear()  # older than the months compared with: never needed
        by_anchor, by_key, by_sig, of = self.by_anchor, self.by_key, self.by_sig, self.of
        this_month = by_sig.setdefault(month, {})
        for task, key in zip(tasks, keys, strict=True):
            row = _Row(key)
            lead = lead_key(task.lead)
            sig = (lead,) + signature(key)
            chain = _carried(task, by_anchor, month)
            if chain is None:
                found = by_key.get((lead, key))
                if found is not None and earliest <= found.last.month < month:
                    chain = found
            if chain is None:
                chain = _close(row, sig, month, previous, by_sig)
            if chain is None:
                chain = self._begin(task, month)
            chain.tasks.append(task)
            of[task] = chain
            by_anchor[task_key(month, task.anchor)] = chain
            by_key[(lead, key)] = chain
            row.chain = chain
            this_month.setdefault(sig, []).append(row)

    def origins(self, tasks: list[Task]) -> list[str]:
        """Each task's chain, by its origin (what :meth:`replay` is given): a task's own key where it
        begins its chain."""
        origin, of = self.origin, self.of
        return [origin[id(of[task])] for task in tasks]

    def replay(self, month: str, tasks: list[Task], keys: list[str], origins: list[str]) -> None:
        """Put the tasks of ``month`` in the chains ``origins`` names (what :meth:`origins` gave once
        the month was linked from the same reads), as linking them would."""
        of, by_anchor, by_key, by_origin = self.of, self.by_anchor, self.by_key, self.by_origin
        rows = []
        for task, key, origin in zip(tasks, keys, origins, strict=True):
            own = task_key(month, task.anchor)
            chain = self._begin(task, month) if origin == own else by_origin[origin]
            lead = lead_key(task.lead)
            chain.tasks.append(task)
            of[task] = chain
            by_anchor[own] = chain
            by_key[(lead, key)] = chain
            rows.append((lead, key, chain))
        self.unsigned[month] = rows
        for old in [m for m in self.unsigned if m < next_month(month, 1 - CLOSE_MONTHS)]:
            del self.unsigned[old]  # no later month compares with it


def _finished(chains: list[Chain], of: dict[Task, Chain]) -> Lineage:
    for chain in chains:
        chain.recurring = len(chain.tasks) > 1 and any(is_recurring(task) for task in chain.tasks)
    return Lineage(chains, of)


def _carried(task: Task, by_anchor: dict, month: str) -> Chain | None:
    if not task.carried_from:
        return None
    chain = by_anchor.get(task.carried_from)
    return chain if chain is not None and chain.last.month < month else None


class _Row:
    """A task as later months compare with it: its masked text, its chain, and its set of words,
    made the first time a comparison needs it. Most tasks share their signature with no task of the
    months around them (in the 120-month archive 2,237 of 5,648 are ever compared), and splitting
    every masked text into a set was a third of linking."""

    __slots__ = ("key", "chain", "_words")

    def __init__(self, key: str, chain: Chain | None = None) -> None:
        self.key, self.chain = key, chain
        self._words: frozenset | None = None

    @property
    def words(self) -> frozenset:
        if self._words is None:
            self._words = frozenset(self.key.split())
        return self._words


def _close(row: _Row, sig: tuple, month: str, previous: Sequence[str], by_sig: dict) -> Chain | None:
    """The chain of the closest task with this lead and signature in the ``previous`` months, if close enough."""
    best, best_score = None, THRESHOLD
    for earlier in previous:
        for other in by_sig.get(earlier, {}).get(sig, ()):
            chain = other.chain
            if chain.last.month >= month:
                continue
            score = similarity(row.words, other.words)
            if score >= best_score:
                best, best_score = chain, score
        if best is not None:
            return best
    return best
