"""Stand-in for PIL.Image: names used in Tunix's annotations at import time."""


class Image:
    pass


class Resampling:
    BILINEAR = 2
    BICUBIC = 3


BILINEAR = 2
BICUBIC = 3


def open(*a, **k):  # noqa: A001
    raise ImportError("Pillow not installed (stand-in)")


def fromarray(*a, **k):
    raise ImportError("Pillow not installed (stand-in)")
