#!/usr/bin/env python3
"""mklogo.py: writes logo.png, the MADE-UP logo of the example's second house style
(sans.style). It belongs to no real organisation: a teal disc with three rising bars
and the word EKSEMPEL ("example") in block letters. Plain Python (zlib, struct), no
image library; the output is byte-for-byte the same on every run.

    python3 layouts/trivsel-2024/mklogo.py layouts/trivsel-2024/logo.png
"""
import struct
import sys
import zlib

W, H = 640, 160                      # pixels
TEAL = (0x1B, 0x6F, 0x6A)
LIGHT = (0xA8, 0xD5, 0xCF)
WHITE = (0xFF, 0xFF, 0xFF)
INK = (0x1F, 0x2A, 0x2E)

# 5x7 block letters for the word
FONT = {
    "E": ["#####", "#....", "#....", "####.", "#....", "#....", "#####"],
    "K": ["#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#"],
    "S": [".####", "#....", "#....", ".###.", "....#", "....#", "####."],
    "M": ["#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#"],
    "P": ["####.", "#...#", "#...#", "####.", "#....", "#....", "#...."],
    "L": ["#....", "#....", "#....", "#....", "#....", "#....", "#####"],
}


def pixel(x, y):
    """The colour of pixel (x, y): emblem on the left, wordmark on the right."""
    cx, cy, r = 80, 80, 70
    d2 = (x - cx) ** 2 + (y - cy) ** 2
    if d2 <= r * r:
        # three rising bars inside the disc
        for i, top in enumerate((96, 72, 44)):
            bx = 44 + i * 26
            if bx <= x < bx + 18 and top <= y < 120:
                return WHITE if i < 2 else LIGHT
        return TEAL
    # the word, 8 letters of 5x7 cells scaled by 8, from x = 176
    scale, x0, y0 = 8, 176, 52
    if y0 <= y < y0 + 7 * scale and x >= x0:
        col, row = (x - x0) // scale, (y - y0) // scale
        letter, cell = divmod(col, 6)  # 5 columns and a gap
        word = "EKSEMPEL"
        if letter < len(word) and cell < 5 and FONT[word[letter]][row][cell] == "#":
            return INK
    if 118 <= y < 122 and 176 <= x < 176 + 8 * 6 * 8 - 8:
        return TEAL  # a rule under the word
    return WHITE


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def main():
    rows = bytearray()
    for y in range(H):
        rows.append(0)  # filter: none
        for x in range(W):
            rows.extend(pixel(x, y))
    png = b"\x89PNG\r\n\x1a\n"
    png += chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0))  # 8-bit RGB, no alpha (PDF/A-1)
    png += chunk(b"IDAT", zlib.compress(bytes(rows), 9))
    png += chunk(b"IEND", b"")
    with open(sys.argv[1] if len(sys.argv) > 1 else "logo.png", "wb") as f:
        f.write(png)


if __name__ == "__main__":
    main()
