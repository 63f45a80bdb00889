"""How personal data is shown in ``repr`` and ``str``: masked, never in full.

A repr reaches logs, debuggers, error trackers and test output. Each helper here keeps
just enough to tell two values apart while debugging and not enough to identify
anyone.
"""

from __future__ import annotations

__all__ = ["mask_email", "mask_initials", "mask_phone", "mask_start", "mask_text"]

_STARS = "***"


def mask_email(normalized: str) -> str:
    """``jane.doe@example.com`` -> ``j***@example.com``."""
    local, _, domain = normalized.rpartition("@")
    return f"{local[:1]}{_STARS}@{domain}"


def mask_phone(e164: str) -> str:
    """Keep the country calling code's ``+`` and the last three digits."""
    hidden = max(len(e164) - 4, 0)
    return f"+{'*' * hidden}{e164[-3:]}"


def mask_initials(text: str) -> str:
    """``Siobhán Ní Bhriain`` -> ``S. N. B.``."""
    return " ".join(f"{word[0]}." for word in text.split())


def mask_start(text: str) -> str:
    """``12 Acacia Avenue`` -> ``1***``: enough to tell lines apart in a debugger."""
    return f"{text[:1]}{_STARS}"


def mask_text(text: str) -> str:
    """Free text shows only its length: it may hold anything."""
    return f"<{len(text)} chars>"
