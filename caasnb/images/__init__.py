"""Images: content-addressed records, the catalogue of well-known images, and each host's image store."""

from .catalogue import REPOSITORIES, Repository
from .image import Content, Image, Layer
from .reference import Reference, parse
from .store import ImageStore, Transfer, no_such_image

__all__ = [
    "REPOSITORIES",
    "Content",
    "Image",
    "ImageStore",
    "Layer",
    "Reference",
    "Repository",
    "Transfer",
    "no_such_image",
    "parse",
]
