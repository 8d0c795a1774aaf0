"""Go's ``text/template``, the language of docker's ``--format``, for Python data."""

from .execute import Template
from .functions import GoFunc
from .parser import TemplateError
from .values import NO_VALUE

__all__ = ["NO_VALUE", "GoFunc", "Template", "TemplateError"]
