"""The options of one build, read once where the build is started and passed down as one value.

Before, each module read the environment where it needed it (the edition in the hooks, the
script and ``portal build``; the date in three outputs; the preview's drafts switch in the
builders module), so a switch meant for the preview (``PORTAL_INCLUDE_DRAFTS``) also reached
``make site``, and ``PORTAL_INCLUDE_RESTRICTED`` sent the internal edition wherever the command
happened to write. Now an entry point (``portal publish``, the MkDocs hooks, ``make serve``,
``portal render``) calls :meth:`BuildOptions.from_environment` once and every layer below takes
the value it is given:

- the **edition**: public (``site/``) or internal (``site-internal/``, restricted content and
  drafts included); :func:`check_target` keeps each edition in its own folder;
- **drafts**: shown only in the internal edition and in a preview, never in a public build,
  whatever the environment says;
- the **builder**, the **date** of a reproducible build (``SOURCE_DATE_EPOCH``), and the
  publisher's limits (``ALLOW_FEWER``; waiting for another build).

A publisher passes its options to the builder process it starts as one variable
(:data:`OPTIONS_VARIABLE`, :meth:`to_environment`), so the hooks in that process build exactly
what the publisher decided, not what the shell happens to hold.
"""
from __future__ import annotations

import dataclasses
import enum
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Optional

RESTRICTED_VARIABLE = "PORTAL_INCLUDE_RESTRICTED"  # =1: the internal edition (as ``make site-internal``)
DRAFTS_VARIABLE = "PORTAL_INCLUDE_DRAFTS"  # =1: months in draft in the preview (``make serve`` sets it)
BUILDER_VARIABLE = "PORTAL_BUILDER"
EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"
ALLOW_FEWER_VARIABLE = "ALLOW_FEWER"
CACHE_VARIABLE = "PORTAL_BUILD_CACHE"  # a folder for the build cache, or 0 / off for none (portal.build.cache)
OPTIONS_VARIABLE = "PORTAL_BUILD_OPTIONS"  # set by a publisher for the builder process it runs

PUBLIC_FOLDER = "site"
INTERNAL_FOLDER = "site-internal"
INTERNAL_PATH = "noi-bo/"  # where the server mounts the internal edition (deploy/nginx/portal.conf)
_YES = ("1", "yes", "true", "co", "có")


class Edition(str, enum.Enum):
    PUBLIC = "cong-khai"
    INTERNAL = "noi-bo"

    @property
    def folder(self) -> str:
        """The folder this edition is published into, beside ``mkdocs.yml``."""
        return INTERNAL_FOLDER if self is Edition.INTERNAL else PUBLIC_FOLDER

    @property
    def label(self) -> str:
        return "bản nội bộ" if self is Edition.INTERNAL else "bản công khai"


class OptionsError(Exception):
    """The options cannot be used as given; the message (one Vietnamese line) says what to do."""


def _yes(value: Optional[str]) -> bool:
    return (value or "").strip().lower() in _YES


@dataclass(frozen=True)
class BuildOptions:
    edition: Edition = Edition.PUBLIC
    preview: bool = False  # ``make serve``: a local preview, never published
    drafts_requested: bool = False  # the preview's switch; honoured only where drafts may be shown
    builder: str = ""  # "" → the default of portal.build.builders
    source_date_epoch: Optional[int] = None  # the date of a reproducible build
    allow_fewer: bool = False
    wait: bool = True  # wait for another build of the same folder, or refuse at once
    under_publisher: bool = False  # a builder process run by :func:`portal.build.publish.publish`
    build_cache: str = ""  # $PORTAL_BUILD_CACHE: the cache's folder, or 0/off for no cache; "" the default

    @property
    def include_restricted(self) -> bool:
        return self.edition is Edition.INTERNAL

    @property
    def include_drafts(self) -> bool:
        """Months in draft: in the internal edition, and in a preview that asks for them; never public."""
        return self.include_restricted or (self.preview and self.drafts_requested)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None, *, preview: bool = False,
                         inherited: bool = True, **given) -> "BuildOptions":
        """The options of a build started here: what a publisher passed (:data:`OPTIONS_VARIABLE`,
        unless ``inherited`` is False: a publisher itself reads only the documented variables), else
        the documented variables; ``given`` (command-line flags) win over both."""
        environ = os.environ if environ is None else environ
        given = {key: value for key, value in given.items() if value is not None}
        passed = environ.get(OPTIONS_VARIABLE) if inherited else None
        if passed:
            options = cls.from_json(passed)
            return dataclasses.replace(options, **given) if given else options
        epoch = (environ.get(EPOCH_VARIABLE) or "").strip()
        if epoch and not epoch.isdigit():
            raise OptionsError(f"{EPOCH_VARIABLE}={epoch!r} không phải số giây kể từ 1/1/1970; "
                               f"hãy bỏ biến này hoặc đặt một số, ví dụ {EPOCH_VARIABLE}=1700000000.")
        values: dict[str, Any] = dict(
            edition=Edition.INTERNAL if _yes(environ.get(RESTRICTED_VARIABLE)) else Edition.PUBLIC,
            preview=preview,
            drafts_requested=_yes(environ.get(DRAFTS_VARIABLE)),
            builder=(environ.get(BUILDER_VARIABLE) or "").strip().lower(),
            source_date_epoch=int(epoch) if epoch else None,
            allow_fewer=_yes(environ.get(ALLOW_FEWER_VARIABLE)),
            build_cache=(environ.get(CACHE_VARIABLE) or "").strip(),
        )
        values.update(given)
        return cls(**values)

    def ignored_switches(self) -> list[str]:
        """Switches set for this build that it does not honour, for a one-line note."""
        if self.drafts_requested and not self.include_drafts:
            return [f"{DRAFTS_VARIABLE}=1 chỉ dùng cho bản xem trước («make serve»); {self.edition.label} "
                    "không có tháng dự thảo."]
        return []

    def to_json(self) -> str:
        data = dataclasses.asdict(self)
        data["edition"] = self.edition.value
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "BuildOptions":
        try:
            data = json.loads(text)
            data["edition"] = Edition(data["edition"])
            return cls(**data)
        except (ValueError, KeyError, TypeError) as exc:
            raise OptionsError(f"{OPTIONS_VARIABLE} không đọc được ({exc}); biến này do «portal publish» đặt, "
                               "đừng đặt tay.") from None

    def to_environment(self) -> dict[str, str]:
        """The variables a builder process started by a publisher needs to build these options."""
        env = {OPTIONS_VARIABLE: dataclasses.replace(self, under_publisher=True).to_json()}
        if self.source_date_epoch is not None:
            env[EPOCH_VARIABLE] = str(self.source_date_epoch)
        return env


def served_site_url(edition: Edition, site_url: str | None) -> str:
    """The site's address as served: the internal edition lives under ``/noi-bo/`` of the public one,
    so that its error page (built with site-absolute links) finds its own styles and search index,
    not the public site's. ``""`` stays ``""`` for the public edition (relative links)."""
    if edition is not Edition.INTERNAL:
        return site_url or ""
    return (site_url or "/").rstrip("/") + "/" + INTERNAL_PATH


EDITION_FILE = ".edition"  # written by the publisher into each site it publishes: which edition it holds


def is_internal_folder(path: Path) -> bool:
    """``site-internal`` itself, or a build's staging folder for it (``.site-internal.XXXX``)."""
    return path.name == INTERNAL_FOLDER or path.name.startswith(f".{INTERNAL_FOLDER}.")


def is_public_folder(path: Path) -> bool:
    """``site`` itself, or a build's staging folder for it (``.site.XXXX``)."""
    return path.name == PUBLIC_FOLDER or (path.name.startswith(f".{PUBLIC_FOLDER}.")
                                          and not is_internal_folder(path))


def edition_of(folder: Path) -> Edition | None:
    """The edition a published site holds, as its publisher marked it; None if unmarked."""
    try:
        return Edition((folder / EDITION_FILE).read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return None


def check_target(edition: Edition, target: Path, public_folder: Path | None = None) -> None:
    """Refuse a folder the edition must never be written into (:class:`OptionsError`).

    The internal edition never goes into a public folder: one named ``site`` (the project's, or
    the server's ``/srv/portal/site``), anything inside the project's public folder, or a folder
    that holds a published public edition; and never through a symbolic link. The public edition
    never goes into ``site-internal`` nor over an internal edition. Whatever variable or flag was
    set, the public site can then only ever receive the public edition."""
    target = Path(os.path.abspath(target))
    if target.is_symlink():
        raise OptionsError(f"{target} là một liên kết tượng trưng (tới {os.path.realpath(target)}); trang chỉ được "
                           "dựng vào một thư mục thật. Hãy xóa liên kết rồi dựng lại.")
    held = edition_of(target)
    if edition is Edition.INTERNAL:
        if is_public_folder(target) or held is Edition.PUBLIC:
            raise OptionsError(f"Bản nội bộ (nội dung hạn chế) không được dựng vào {target.name}/, thư mục của bản "
                               f"công khai; nó được dựng vào {INTERNAL_FOLDER}/: hãy chạy «make site-internal» "
                               "(hoặc «portal publish --noi-bo»).")
        real = Path(os.path.realpath(target.parent))
        if public_folder is not None:
            public = Path(os.path.realpath(public_folder))
            if real == public or public in real.parents:
                raise OptionsError(f"Bản nội bộ không được dựng vào trong thư mục công khai {public}/; "
                                   f"hãy dựng vào {INTERNAL_FOLDER}/ bên cạnh nó («make site-internal»).")
    elif is_internal_folder(target) or held is Edition.INTERNAL:
        raise OptionsError(f"{target.name}/ là thư mục của bản nội bộ; bản công khai dựng vào {PUBLIC_FOLDER}/ "
                           f"(«make site»), bản nội bộ vào {INTERNAL_FOLDER}/ bằng «make site-internal».")
