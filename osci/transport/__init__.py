"""The only network code of ``osci``: OSCI messages over HTTP(S) (osci.md §5.1)."""

from __future__ import annotations

from osci.transport.http import HttpResponse, HttpTransport

__all__ = ["HttpResponse", "HttpTransport"]
