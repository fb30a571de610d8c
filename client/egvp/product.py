"""Who we are in ``herstellerinformation.xml`` and in XJustiz ``herstellerinformation``."""

from __future__ import annotations

import importlib.metadata
from dataclasses import dataclass

PRODUCT_NAME = "beBPo-Client"
_DISTRIBUTION = "bebpo-client"
_FALLBACK_VENDOR = "beBPo-Client team"


@dataclass(frozen=True)
class ProductInfo:
    name: str
    version: str
    vendor: str
    # EGVP's Registrierungs_ID is issued to registered products; we have none (decision 0502).
    registrierungs_id: str | None = None

    @property
    def name_and_version(self) -> str:
        return f"{self.name} {self.version}"


def product_info() -> ProductInfo:
    """Our product, version and vendor from the installed package metadata."""
    try:
        metadata = importlib.metadata.metadata(_DISTRIBUTION)
        version = importlib.metadata.version(_DISTRIBUTION)
        vendor = metadata["Author"] or _FALLBACK_VENDOR
    except importlib.metadata.PackageNotFoundError:
        # Running from a source tree without installation: say so instead of inventing a number.
        version, vendor = "unbekannt", _FALLBACK_VENDOR
    return ProductInfo(name=PRODUCT_NAME, version=version, vendor=vendor)
