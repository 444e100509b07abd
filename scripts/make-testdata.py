#!/usr/bin/env python3
"""Writes the synthetic fixtures in testdata/ (no copies of data sets): smooth gradients with
shapes and a little texture, at odd sizes, as 8-bit RGB, grey, RGBA and 16-bit RGB PNGs, and a
black-and-white 28x28 stroke."""
import math, struct, zlib, pathlib

def png(path, width, height, channels, depth, pixel):
    colour = {1: 0, 3: 2, 4: 6}[channels]
    raw = bytearray()
    for y in range(height):
        raw.append(0)
        for x in range(width):
            for v in pixel(x, y)[:channels]:
                raw += struct.pack('>H', v) if depth == 16 else bytes([v])
    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))
    data = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', width, height, depth, colour, 0, 0, 0))
    data += chunk(b'IDAT', zlib.compress(bytes(raw), 9)) + chunk(b'IEND', b'')
    pathlib.Path(path).write_bytes(data)

def scene(x, y):
    r = 128 + 90 * math.sin(x / 9.0) * math.cos(y / 7.0)
    g = 100 + 80 * math.cos((x + y) / 11.0)
    b = 60 + 150 * ((x - 30) ** 2 + (y - 20) ** 2 < 150)
    t = 12 * math.sin(x * y / 5.0)
    return [max(0, min(255, int(v + t))) for v in (r, g, b)]

out = pathlib.Path(__file__).resolve().parent.parent / 'testdata'
out.mkdir(exist_ok=True)
png(out / 'scene-61x47.png', 61, 47, 3, 8, scene)
png(out / 'grey-40x30.png', 40, 30, 1, 8, lambda x, y: [sum(scene(x, y)) // 3])
png(out / 'rgba-33x21.png', 33, 21, 4, 8, lambda x, y: scene(x, y) + [255 - 6 * x])
png(out / 'rgb16-24x24.png', 24, 24, 3, 16, lambda x, y: [v * 257 for v in scene(x, y)])
# a black-and-white stroke, like a binarized handwritten digit (for binary models)
png(out / 'stroke-28x28.png', 28, 28, 1, 8,
    lambda x, y: [255 if abs(y - 6) <= 1 and 6 <= x <= 21 or abs(x - (21 - (y - 6) * 0.45)) <= 1.2 and 6 <= y <= 24 else 0])
(out / 'not-an-image.png').write_bytes(b'this is text, not a PNG\n')
