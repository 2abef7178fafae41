"""Generated pages as files that change only when their text changes: quick previews.

A live preview (``mkdocs serve``) rebuilds the whole site when an editor saves a month file;
for a ten-year archive that is thousands of pages for one edited row. With ``--dirty`` MkDocs
rebuilds only pages whose source file is newer than their HTML, but generated pages have no
source file, so every one counts as changed. This cache gives each generated page a file in a
folder outside the watched content, and rewrites a file only when the page's text differs from
what it holds: its modification time then says exactly which pages an edit changed (the month,
its index terms, the lists that count its tasks), and only those are rendered again.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path


class PageCache:
    """A folder of generated pages keyed by site path, written through on change only."""

    def __init__(self, root: Path | None = None):
        self.root = Path(root) if root else Path(tempfile.mkdtemp(prefix="portal-pages-"))
        self._digests: dict[str, bytes] = {}
        # site path → the very text last stored: a preview rebuild hands most pages over as the same
        # string object as last time (:class:`portal.build.session.KeptPages`), which needs no digest
        self._stored: dict[str, str | bytes] = {}
        self.written: list[str] = []  # paths rewritten by the last :meth:`sync`

    def path(self, site_path: str) -> Path:
        return self.root / site_path

    def put(self, site_path: str, content: str | bytes) -> Path:
        """The file holding ``content`` for ``site_path``; rewritten only if the content changed."""
        target = self.path(site_path)
        if self._stored.get(site_path) is content and target.exists():
            return target
        data = content.encode("utf-8") if isinstance(content, str) else content
        digest = hashlib.blake2b(data, digest_size=16).digest()
        if self._digests.get(site_path) != digest or not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.tmp")
            temporary.write_bytes(data)
            os.replace(temporary, target)
            self._digests[site_path] = digest
            self.written.append(site_path)
        self._stored[site_path] = content
        return target

    def sync(self, items: list[tuple[str, str | bytes]]) -> dict[str, Path]:
        """Store every ``(site_path, content)`` and forget pages that are gone; returns their files."""
        self.written = []
        files = {site_path: self.put(site_path, content) for site_path, content in items}
        for gone in set(self._digests) - set(files):
            self.path(gone).unlink(missing_ok=True)
            del self._digests[gone]
            self._stored.pop(gone, None)
        return files

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
