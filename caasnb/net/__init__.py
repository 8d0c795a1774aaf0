"""caasnb.net — the simulated network: the underlay of hosts and links that every message crosses."""

from .underlay import Link, Underlay

__all__ = ["Link", "Underlay"]
