#!/usr/bin/env python3
"""Draws the app's icons (PNG sizes for installers, and favicon.ico) from the
same geometry as assets/icon.svg, with nothing but the standard library, so
they can be redrawn on any machine: python3 build/make-icons.py"""
import math, os, struct, zlib

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "assets")
ACCENT = (0x1F, 0x5F, 0x8B)
WHITE = (0xFF, 0xFF, 0xFF)


def shade(x, y, size, padding):
    """Colour and coverage of one pixel: a rounded square in the accent
    colour holding a white ring, open at the top right, ending in an arrow
    head: a call that comes back round."""
    u = (x + 0.5) / size
    v = (y + 0.5) / size
    # Inside the padding (maskable icons keep a safe zone) the square fills.
    inner = 1 - 2 * padding
    px = (u - padding) / inner
    py = (v - padding) / inner
    radius = 0.0 if padding else 0.18
    dx = max(abs(px - 0.5) - (0.5 - radius), 0)
    dy = max(abs(py - 0.5) - (0.5 - radius), 0)
    if padding == 0 and math.hypot(dx, dy) > radius:
        return None
    cx, cy = px - 0.5, py - 0.5
    r = math.hypot(cx, cy)
    angle = math.degrees(math.atan2(-cy, cx)) % 360
    ring = abs(r - 0.27) < 0.075 and not (20 < angle < 80)
    # The arrow head at the ring's open end (angle 80), pointing along it.
    ax, ay = 0.27 * math.cos(math.radians(80)), -0.27 * math.sin(math.radians(80))
    hx, hy = cx - ax, cy - ay
    # Triangle pointing right (+x) from the end of the ring.
    head = -0.02 < hx < 0.16 and abs(hy) < 0.14 * (1 - (hx + 0.02) / 0.18)
    return WHITE if ring or head else ACCENT


def png(size, padding=0.0):
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            c = shade(x, y, size, padding)
            row += bytes(c + (255,)) if c else bytes((0, 0, 0, 0))
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", raw) + chunk(b"IEND", b""))


def ico(images):
    """An .ico file holding PNG images (allowed since Windows Vista and read
    by every browser)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, data = b"", b""
    for size, image in images:
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(image), offset + len(data))
        data += image
    return header + entries + data


if __name__ == "__main__":
    for size in (192, 512):
        with open(os.path.join(HERE, f"icon-{size}.png"), "wb") as f:
            f.write(png(size))
    with open(os.path.join(HERE, "icon-maskable-512.png"), "wb") as f:
        f.write(png(512, padding=0.1))
    with open(os.path.join(HERE, "apple-touch-icon.png"), "wb") as f:
        f.write(png(180, padding=0.06))
    with open(os.path.join(HERE, "favicon.ico"), "wb") as f:
        f.write(ico([(32, png(32)), (16, png(16))]))
