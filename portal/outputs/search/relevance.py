"""Scoring the ranking against a judged query set: what a reader means by each query.

Why judgments and not only speed: search answered fast but often with the wrong thing first (a
month page thousands of results down for its own name, a citation with ``số`` finding none of the
tasks that cite it without). A judged query (``tests/search_judgments.yaml``) says, for one way
office staff type, which page must come first and which tasks must be found, as facts of the
content (the tasks citing a directive, led by a department, due in a quarter, holding a phrase),
never as a list of results. The same judgments hold on the bundled sample and on a generated
archive (``scripts/gen_archive.py``), so they are checked on both.

Measures, per query and per class of query (``code``, ``department``, ``month``, ``phrase``…):

- reciprocal rank in the first 10 (MRR@10) of the page that must come first, or else of the first
  task that must be found;
- success@3: that page (or such a task) among the first three entries;
- recall@50: the share of the tasks that must be found among the first 50 entries (of at most 50).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from portal.outputs.search.ranking import IndexFolder, rank
from portal.site import urls
from portal.content.model import Task
from portal.site.model import Site
from portal.text.fold import fold
from portal.text.richtext import strip_markup
from portal.text.status import canonical_status

TOP, SUCCESS_AT, RECALL_AT = 10, 3, 50


@dataclass
class Judgment:
    query: str
    kind: str  # the class of query
    corpora: list[str]  # where the judgment holds: "sample", "archive"
    first: list[str] = field(default_factory=list)  # page addresses, any of which must come first
    tasks: dict = field(default_factory=dict)  # which tasks must be found (see :func:`relevant_tasks`)
    line: int = 0


def load_judgments(path: Path) -> list[Judgment]:
    """The judged queries of a YAML file: a list of ``{q, class, in, first, tasks}``."""
    raw = yaml.compose(path.read_text(encoding="utf-8"))
    if not isinstance(raw, yaml.SequenceNode):
        raise ValueError(f"{path}: a list of judged queries expected")
    judgments = []
    for node in raw.value:
        item = yaml.safe_load(yaml.serialize(node))
        first = item.get("first") or []
        judgments.append(Judgment(str(item["q"]), item["class"], list(item.get("in", ["sample", "archive"])),
                                  [first] if isinstance(first, str) else list(first), item.get("tasks") or {},
                                  node.start_mark.line + 1))
    return judgments


def _phrase(text: str) -> re.Pattern:
    words = re.findall(r"\w+", fold(text))
    return re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, words)) + r"(?!\w)")


def relevant_tasks(site: Site, spec: dict) -> set[str]:
    """Addresses (``programmes/2023-11/#II-3``) of the tasks a judgment says must be found.

    ``spec`` keys, all that are given must hold: ``cites`` (directive page slugs, any of them),
    ``lead`` (department codes, any), ``month`` (``YYYY-MM``), ``text`` (a phrase of the task's
    text, accents and punctuation aside), ``units`` (a phrase of its coordinating units),
    ``deadline`` (a phrase of its deadline), ``status`` (the office's status word its status means);
    ``newest: true`` keeps only the tasks of the latest month that has any; or ``any``: a list of
    such specs, tasks meeting one.
    """
    if not spec:
        return set()
    if "any" in spec:  # alternatives: tasks meeting any of the specs
        return set().union(*(relevant_tasks(site, alternative) for alternative in spec["any"]))
    if spec.get("newest"):
        found = relevant_tasks(site, {key: value for key, value in spec.items() if key != "newest"})
        latest = max((address.split("/")[1] for address in found), default="")
        return {address for address in found if address.split("/")[1] == latest}
    cited: set[Task] | None = None
    if "cites" in spec:
        slugs = _list(spec["cites"])
        taxonomy = site.taxonomies["directives"]
        cited = {entry.task for term in taxonomy.terms.values() if term.slug in slugs for entry in term.entries}
    leads = {fold(code) for code in _list(spec.get("lead", []))}
    checks = [(key, _phrase(spec[key])) for key in ("text", "units", "deadline") if key in spec]
    found = set()
    for task, lead, fields in _task_facts(site):
        if cited is not None and task not in cited:
            continue
        if "month" in spec and task.month != str(spec["month"]):
            continue
        if leads and lead not in leads:
            continue
        if "status" in spec and canonical_status(task.status) != spec["status"]:
            continue
        if all(pattern.search(fields[key]) for key, pattern in checks):
            found.add(task_address(task))
    return found


_FACTS: dict[int, tuple[Site, list]] = {}


def _task_facts(site: Site) -> list:
    """Each task with its lead's folded code and its folded text, units and deadline (once per site)."""
    known = _FACTS.get(id(site))
    if known is None or known[0] is not site:
        facts = []
        for task in site.tasks():
            department = site.registry.resolve(task.lead, task.month)
            facts.append((task, fold(department.code) if department else "",
                          {"text": fold(strip_markup(task.text)), "units": fold(" ; ".join(task.coordinators)),
                           "deadline": fold(task.deadline)}))
        known = _FACTS[id(site)] = (site, facts)
    return known[1]


def task_address(task) -> str:
    return urls.page_url(urls.month_page(task.month)) + f"#{task.anchor}"


def _list(value) -> list[str]:
    return [str(item) for item in value] if isinstance(value, list) else [str(value)]


@dataclass
class Outcome:
    judgment: Judgment
    reciprocal_rank: float
    success: bool
    first_right: bool  # success@1: the page (or a task) to find is the first entry
    recall: float | None  # None when the judgment names no tasks
    relevant: int
    first_shown: str  # the address of the first entry, to read a failure


@dataclass
class Report:
    outcomes: list[Outcome]

    def by_class(self) -> dict[str, dict[str, float]]:
        classes: dict[str, list[Outcome]] = {}
        for outcome in self.outcomes:
            classes.setdefault(outcome.judgment.kind, []).append(outcome)
        table = {kind: summary(items) for kind, items in sorted(classes.items())}
        table["all"] = summary(self.outcomes)
        return table


def summary(outcomes: list[Outcome]) -> dict[str, float]:
    recalls = [o.recall for o in outcomes if o.recall is not None]
    return {"queries": len(outcomes),
            "mrr": sum(o.reciprocal_rank for o in outcomes) / len(outcomes) if outcomes else 0.0,
            "success": sum(o.success for o in outcomes) / len(outcomes) if outcomes else 0.0,
            "success1": sum(o.first_right for o in outcomes) / len(outcomes) if outcomes else 0.0,
            "recall": sum(recalls) / len(recalls) if recalls else float("nan")}


def evaluate(index_folder: Path, site: Site, judgments: list[Judgment], corpus: str) -> Report:
    """Rank every judgment of ``corpus`` (as typed, typing stopped) and measure it."""
    index = IndexFolder(index_folder)
    outcomes = []
    for judgment in judgments:
        if corpus not in judgment.corpora:
            continue
        ranking = rank(index, judgment.query, final=True)
        addresses = [[index.record(number)["href"] for number in [entry.record, *entry.members]]
                     for entry in ranking.entries[:RECALL_AT]]
        relevant = relevant_tasks(site, judgment.tasks)
        targets = set(judgment.first) or relevant
        position = next((place for place, hrefs in enumerate(addresses[:TOP], start=1)
                         if targets.intersection(hrefs)), None)
        recall = None
        if relevant:
            shown = {href for hrefs in addresses for href in hrefs}
            recall = len(relevant & shown) / min(len(relevant), RECALL_AT)
        outcomes.append(Outcome(judgment, 1 / position if position else 0.0,
                                position is not None and position <= SUCCESS_AT, position == 1, recall, len(relevant),
                                addresses[0][0] if addresses else ""))
    return Report(outcomes)


def table(report: Report) -> str:
    """The figures per class as a Markdown table (Vietnamese headers, as in the README)."""
    rows = ["| Loại câu | Số câu | MRR@10 | Đúng đầu tiên | Đúng trong 3 đầu | Nhiệm vụ tìm được trong 50 đầu |",
            "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for kind, figures in report.by_class().items():
        recall = "—" if figures["recall"] != figures["recall"] else f"{figures['recall']:.2f}"
        rows.append(f"| {kind} | {figures['queries']} | {figures['mrr']:.2f} | {figures['success1']:.2f} | "
                    f"{figures['success']:.2f} | {recall} |")
    return "\n".join(rows)
