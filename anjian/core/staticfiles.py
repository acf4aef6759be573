"""Static files: the front-end packages' files that pages use, and a manifest storage for them.

npm packages ship far more than the pages load (Tabler's dist alone is ~2,000 files, some with
source-map comments naming maps the package does not ship). Collecting all of it made
`collectstatic` slow and, with the manifest storage, fail on the first missing map, after which
every page answered 500. So `VENDOR_STATIC` lists, per package, the files pages use, and the
storage does not rewrite source-map comments (a missing map only costs the browser's developer
tools a 404).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from functools import cache, cached_property
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from django.contrib.staticfiles.utils import matches_patterns
from django.core.files.storage import FileSystemStorage

logger = logging.getLogger("anjian.static")


def vendor_entries() -> list[tuple[str, Path, tuple[str, ...]]]:
    return [
        (prefix, Path(root), tuple(globs))
        for prefix, (root, globs) in settings.VENDOR_STATIC.items()
    ]


def missing_vendor_files() -> list[str]:
    """The globs of VENDOR_STATIC that match no file (the package is not installed, or changed)."""
    return [
        f"{root}/{pattern}"
        for _, root, globs in vendor_entries()
        for pattern in globs
        if not any(path.is_file() for path in root.glob(pattern))
    ]


class VendorFinder(BaseFinder):
    """Finds the files named by `settings.VENDOR_STATIC`: {prefix: (package folder, globs)}."""

    @cached_property
    def files(self) -> dict[str, tuple[str, Path, str]]:
        """{served path: (prefix, package folder, path inside the folder)}."""
        found: dict[str, tuple[str, Path, str]] = {}
        for prefix, root, globs in vendor_entries():
            for pattern in globs:
                for path in sorted(root.glob(pattern)):
                    if path.is_file():
                        inner = path.relative_to(root).as_posix()
                        found[f"{prefix}/{inner}"] = (prefix, root, inner)
        return found

    def find(self, path, find_all=False, **kwargs):
        find_all = self._check_deprecated_find_param(find_all=find_all, **kwargs)  # type: ignore[attr-defined]
        entry = self.files.get(path)
        if entry is None:
            return [] if find_all else None
        _, root, inner = entry
        absolute = str(root / inner)
        return [absolute] if find_all else absolute

    def list(self, ignore_patterns) -> Iterator[tuple[str, FileSystemStorage]]:
        storages: dict[str, FileSystemStorage] = {}
        for prefix, root, inner in self.files.values():
            if ignore_patterns and matches_patterns(inner, ignore_patterns):
                continue
            storage = storages.get(prefix)
            if storage is None:
                storage = storages[prefix] = FileSystemStorage(location=str(root))
                storage.prefix = prefix  # type: ignore[attr-defined]  # read by collectstatic
            yield inner, storage


class ManifestStorage(ManifestStaticFilesStorage):
    """Hashed names for far-future caching; CSS url() and @import are rewritten, source-map
    comments are left as they are. A file that was not collected (no `collectstatic` yet, or a
    name missing from the manifest) gets its plain URL and a logged error: the browser misses
    one file, instead of every page answering 500."""

    patterns = tuple(
        (glob, tuple(p for p in rules if "sourceMappingURL" not in str(p)))
        for glob, rules in ManifestStaticFilesStorage.patterns
    )

    def url(self, name, force=False):
        try:
            return super().url(name, force)
        except ValueError:
            _not_collected(name)
            return FileSystemStorage.url(self, name)


@cache
def _not_collected(name: str) -> None:
    logger.error("静态文件 %s 未收集，请运行 anjian collectstatic。", name)  # once per name
