"""Coordinates for place names, from the offline gazetteer in `claimledger.extract.geo`.

Loading the gazetteer takes seconds, so the server loads it in a background thread and the map shows
what is resolved once it is ready; tests pass their own `Geocoder`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from functools import lru_cache

log = logging.getLogger(__name__)

Geocoder = Callable[[str], tuple[float, float] | None]


class BackgroundGeocoder:
    """Resolves names with the default resolver once it has loaded; None until then."""

    def __init__(self) -> None:
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._load, name="geocoder", daemon=True)
            self._thread.start()

    def _load(self) -> None:
        try:
            from claimledger.extract.geo import default_resolver

            default_resolver()
        except Exception:  # the map then lists places without coordinates
            log.warning("gazetteer failed to load", exc_info=True)
        self._ready.set()

    @property
    def ready(self) -> bool:
        return self._ready.is_set()

    def __call__(self, name: str) -> tuple[float, float] | None:
        if not self.ready:
            self.start()
            return None
        return _resolve(name)


@lru_cache(maxsize=4096)
def _resolve(name: str) -> tuple[float, float] | None:
    from claimledger.extract.geo import default_resolver

    try:
        found = default_resolver().resolve(name)
    except Exception:
        log.debug("could not resolve %r", name, exc_info=True)
        return None
    if found.lat is None or found.lon is None:
        return None
    return (found.lat, found.lon)
