"""Image references checked as ``distribution/reference.ParseNormalizedNamed`` checks them.

SwarmKit refuses a ContainerSpec whose image does not parse, with
``ContainerSpec: "<image>" is not a valid repository/tag``. The grammar: an optional
registry domain, lowercase path components, an optional ``:tag`` and ``@digest``.
"""

from __future__ import annotations

import re

_DOMAIN_PART = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_DOMAIN = rf"(?:{_DOMAIN_PART}(?:\.{_DOMAIN_PART})*|\[[0-9a-fA-F:.]+\])(?::[0-9]+)?"
_PATH_PART = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_NAME = rf"(?:{_DOMAIN}/)?{_PATH_PART}(?:/{_PATH_PART})*"
_TAG = r"[\w][\w.-]{0,127}"
_DIGEST = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}"
_REFERENCE = re.compile(rf"(?P<name>{_NAME})(?::{_TAG})?(?:@{_DIGEST})?", re.ASCII)
_NAME_MAX = 255
_HEX_ID = re.compile(r"[a-f0-9]{64}")


def is_valid_image_reference(image: str) -> bool:
    """True when the daemon would accept ``image`` as a repository[:tag][@digest]."""
    match = _REFERENCE.fullmatch(image)
    if match is None:
        return False
    name = match.group("name")
    return len(name) <= _NAME_MAX and not _HEX_ID.fullmatch(name)
