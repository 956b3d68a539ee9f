"""Pictures: read any picture file, find the pictures in a folder, flatten them to columns.

The cat labs (3.1 and 3.3) and the user's picture models feed a picture to a network
as one column of ``num_px · num_px · 3`` pixel values scaled to [0, 1]: the image's
rows, then its columns, then its RGB channels, unrolled in C order (the labs'
``x.reshape(m, -1).T / 255``).
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from neuronlab import _validation as v

Array = np.ndarray


def flatten_images(images: Any) -> Array:
    """Pictures ``(m, h, w, c)`` → one column each, scaled to [0, 1].

    Parameters
    ----------
    images : array_like of shape (m, h, w, c)
        Pixel values 0..255 (``uint8`` in the cat files).

    Returns
    -------
    ndarray of shape (h · w · c, m), float64
        ``images.reshape(m, -1).T / 255``: dividing by 255 puts every feature
        in [0, 1], which keeps ``wᵀx`` small at the start of training.
    """
    arr = np.asarray(images)
    if arr.ndim != 4:
        raise ValueError(
            f"images: expected an array of shape (m, height, width, channels), "
            f"got shape {arr.shape}"
        )
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"images: expected numeric pixel values, got dtype {arr.dtype}")
    return arr.reshape(arr.shape[0], -1).T / 255.0


def load_image(path: str | os.PathLike[str], num_px: int = 64) -> Array:
    """Read any picture file as one input column for the cat networks.

    The file may have any size and any format Pillow reads (JPEG, PNG with
    transparency, grey, palette…): its EXIF orientation is applied, transparency
    composited on white, and it is converted to RGB and resized to
    ``num_px × num_px`` (bicubic), as the labs do with their own pictures
    (see :func:`read_picture`).

    Parameters
    ----------
    path : str or path-like
        The picture file.
    num_px : int, default 64
        Side of the square the networks were trained on.

    Returns
    -------
    ndarray of shape (num_px · num_px · 3, 1), float64
        Pixel values in [0, 1], in the order of :func:`flatten_images`; raises as
        :func:`read_picture` does.
    """
    num_px = v.check_int("num_px", num_px, minimum=1)
    pixels = read_picture(path, (num_px, num_px))  # (num_px, num_px, 3) uint8
    return flatten_images(pixels[np.newaxis])


def read_picture(path: str | os.PathLike[str], size: tuple[int, int] = (64, 64)) -> Array:
    """Read any picture file as RGB pixels of a fixed size.

    The camera's EXIF orientation is applied first (a phone photo taken upright
    stays upright); transparency is composited on white (a transparent
    background must not turn black); palette, grey and CMYK pictures become RGB;
    then the picture is resized to ``size`` (bicubic).  The first frame of an
    animated picture is used.

    Parameters
    ----------
    path : str or path-like
        The picture file (any format Pillow reads: JPEG, PNG, GIF, BMP, TIFF, WebP…).
    size : (height, width), default (64, 64)
        The size the network was trained on.

    Returns
    -------
    ndarray of shape (height, width, 3), uint8

    Raises
    ------
    FileNotFoundError
        If ``path`` is not a file.
    ValueError
        If the file cannot be read as a picture.
    """
    from PIL import Image, ImageOps, UnidentifiedImageError

    height, width = (v.check_int("size", s, minimum=1) for s in size)
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path: expected a path (str or os.PathLike), got {path!r}")
    if not os.path.isfile(path):
        raise FileNotFoundError(f"path: expected an existing picture file, got '{path}'")
    try:
        with warnings.catch_warnings():
            # A 100-megapixel photo is not a decompression bomb; Pillow still refuses
            # one twice its limit (DecompressionBombError, below).
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            opened = Image.open(path)
        with opened:
            img = ImageOps.exif_transpose(opened)
            if img.mode.startswith("I;16") or img.mode in ("I", "F"):
                img = Image.fromarray(_grey_bytes(img, path), mode="L")
            if img.mode == "P" and "transparency" in img.info:
                img = img.convert("RGBA")
            if img.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
                rgba = img.convert("RGBA")
                white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
                img = Image.alpha_composite(white, rgba)
            rgb = img.convert("RGB").resize((width, height), Image.Resampling.BICUBIC)
            return np.asarray(rgb)
    except _RefusedPicture:
        raise
    except Image.DecompressionBombError as err:  # an Exception, not an OSError
        raise _RefusedPicture(
            path, f"could not be read as a picture: it is too large ({err})"
        ) from None
    except (
        UnidentifiedImageError,
        OSError,
        ValueError,
        SyntaxError,
    ) as err:
        raise ValueError(f"path: '{path}' could not be read as a picture: {err}") from None


class _RefusedPicture(ValueError):
    """A picture Pillow reads, refused for what it holds (pixel values in no range we
    know, more pixels than Pillow's limit): ``reason`` says what, without the path."""

    def __init__(self, path: Any, reason: str) -> None:
        super().__init__(f"path: '{path}' {reason}")
        self.reason = reason


def _grey_bytes(img: Any, path: Any) -> Array:
    """8-bit grey levels of a 16-bit, 32-bit integer or floating-point grey picture
    (``convert("RGB")`` would clip every value above 255 to white, and map a 0–1
    float picture to black).  16-bit pictures (also 32-bit ones holding values up to
    65535, as Pillow opens some of them) are divided by 257; float pictures in
    [0, 1] are multiplied by 255; other ranges are refused, naming them."""
    grey = np.asarray(img, dtype=np.float64)
    if not np.isfinite(grey).all():
        raise _RefusedPicture(path, "holds NaN or infinite pixel values")
    lo, hi = float(grey.min()), float(grey.max())
    if img.mode.startswith("I;16") or (img.mode == "I" and lo >= 0 and 255 < hi <= 65535):
        grey = grey / 257.0
    elif img.mode == "F" and lo >= 0 and hi <= 1:
        grey = grey * 255.0
    elif not (lo >= 0 and hi <= 255):
        kind = "32-bit integer" if img.mode == "I" else "floating-point"
        expected = "0–255 or 0–65535" if img.mode == "I" else "0–1 or 0–255"
        raise _RefusedPicture(
            path,
            f"holds {kind} pixel values from {lo:g} to {hi:g}; expected {expected} (save it "
            "as an 8- or 16-bit picture)",
        )
    return np.round(grey).astype(np.uint8)


def _picture_suffixes() -> set[str]:
    from PIL import Image

    return set(Image.registered_extensions())


def picture_files(folder: Path) -> list[Path]:
    """The picture files under ``folder`` (by extension, hidden files skipped), sorted."""
    suffixes = _picture_suffixes()
    return sorted(p for p in folder.rglob("*") if p.is_file() and _is_picture_name(p, suffixes))


def is_picture_name(path: str | os.PathLike[str]) -> bool:
    """Whether :func:`picture_files` would take a file of this name (a PNG a command
    writes into a picture folder would be read as one of its pictures next time)."""
    return _is_picture_name(Path(path), _picture_suffixes())


def _is_picture_name(path: Path, suffixes: set[str]) -> bool:
    return path.suffix.lower() in suffixes and not path.name.startswith(".")


def read_pictures(paths: Sequence[Path], shape: Sequence[int]) -> Array:
    """Pictures as columns of shape (h · w · 3, m), pixels / 255.

    Each is read by :func:`read_picture`: EXIF orientation applied, transparency on
    white, any mode to RGB, resized to ``shape[:2]``.
    """
    h, w = int(shape[0]), int(shape[1])
    # the bytes, their float64 columns, and one picture being resized (as RGB and float)
    need = len(paths) * h * w * 3 * (1 + 8) + h * w * 3 * 8 * 2
    v.check_memory("image_size", need, f"{len(paths):,} pictures of {h}×{w}")
    pixels = np.empty((len(paths), h, w, 3), dtype=np.uint8)
    for i, p in enumerate(paths):
        try:
            pixels[i] = read_picture(p, (h, w))
        except _RefusedPicture as exc:  # a picture, but not one to read
            raise ValueError(f"{p}: {exc.reason}") from None
        except ValueError as exc:
            raise ValueError(f"{p}: not a picture Pillow can read ({exc})") from None
    return flatten_images(pixels)
