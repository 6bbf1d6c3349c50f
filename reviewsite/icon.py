"""The site's icon: a small shaded grid, like the matrix, drawn once and written twice.

`favicon.svg` is what pages name with `<link rel="icon">`; `favicon.ico` (a 32 px PNG inside an
ICO file, which every browser reads) answers the browsers, feed readers and bookmarking tools
that ask for /favicon.ico without reading the page, so that they find an icon, not a 404.
Both are drawn from ICON_CELLS, so they cannot drift apart.
"""

from __future__ import annotations

import struct
import zlib

SIZE = 32
RADIUS = 4
BACKGROUND = "#1d4f91"
# (column, row, colour) of each square: light squares on the site's blue, shaded like the matrix.
ICON_CELLS = (
    (0, 0, "#ffffff"), (1, 0, "#bcd3ee"), (2, 0, "#ffffff"),
    (0, 1, "#bcd3ee"), (1, 1, "#ffffff"), (2, 1, "#6f9bd8"),
    (0, 2, "#ffffff"), (1, 2, "#6f9bd8"), (2, 2, "#bcd3ee"),
)
_CELL, _STEP, _MARGIN = 8, 10, 2  # each square's side, the distance between squares, the margin


def render_icon_svg() -> bytes:
    """Return the icon as SVG."""
    cells = "".join(f'<rect x="{_MARGIN + column * _STEP}" y="{_MARGIN + row * _STEP}" width="{_CELL}" height="{_CELL}" fill="{colour}"/>'
                    for column, row, colour in ICON_CELLS)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" width="{SIZE}" height="{SIZE}">'
            f'<rect width="{SIZE}" height="{SIZE}" rx="{RADIUS}" fill="{BACKGROUND}"/>{cells}</svg>\n').encode("ascii")


def render_icon_ico() -> bytes:
    """Return the icon as an ICO file holding one 32 by 32 PNG."""
    png = _png(_pixels())
    header = struct.pack("<HHH", 0, 1, 1)  # reserved, type 1 (icon), one image
    entry = struct.pack("<BBBBHHII", SIZE, SIZE, 0, 0, 1, 32, len(png), 6 + 16)  # 32 bits per pixel, data after the header
    return header + entry + png


def _pixels() -> list[list[tuple[int, int, int, int]]]:
    """Return the icon's RGBA pixels, row by row: what the SVG draws, sampled at pixel centres."""
    clear = (0, 0, 0, 0)
    rows = [[_rgba(BACKGROUND) if _in_rounded_square(x + 0.5, y + 0.5) else clear for x in range(SIZE)] for y in range(SIZE)]
    for column, row, colour in ICON_CELLS:
        left, top = _MARGIN + column * _STEP, _MARGIN + row * _STEP
        for y in range(top, top + _CELL):
            rows[y][left:left + _CELL] = [_rgba(colour)] * _CELL
    return rows


def _in_rounded_square(x: float, y: float) -> bool:
    corner_x = min(max(x, RADIUS), SIZE - RADIUS)
    corner_y = min(max(y, RADIUS), SIZE - RADIUS)
    return (x - corner_x) ** 2 + (y - corner_y) ** 2 <= RADIUS**2


def _rgba(colour: str) -> tuple[int, int, int, int]:
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16), 255)


def _png(rows: list[list[tuple[int, int, int, int]]]) -> bytes:
    """Return a PNG of RGBA rows (filter 0 on every row; zlib at a fixed level, so the bytes never vary)."""
    raw = b"".join(b"\0" + bytes(channel for pixel in row for channel in pixel) for row in rows)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", len(rows[0]), len(rows), 8, 6, 0, 0, 0)  # 8 bits, RGBA, no interlace
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
