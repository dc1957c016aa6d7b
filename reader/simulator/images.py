"""Generated holder images for the simulated cards: a face-like JPEG and a 168×44 signature bitmap.

Both are deterministic (seeded from the NIK or the name) so a simulated card is the same on every run
and the issuer signature over it stays valid.
"""

from __future__ import annotations

import hashlib
import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter

PHOTO_SIZE = (240, 320)
SIGNATURE_WIDTH = 168
SIGNATURE_HEIGHT = 44
SIGNATURE_BYTES = SIGNATURE_WIDTH // 8 * SIGNATURE_HEIGHT  # 924

# e-KTP photos are shot on a red or blue background depending on the birth year; either looks right.
_BACKGROUNDS = ((190, 30, 45), (40, 70, 160), (200, 45, 55), (35, 85, 175))
_SKIN = ((241, 194, 155), (224, 172, 125), (198, 134, 86), (161, 102, 62), (120, 78, 48))
_HAIR = ((20, 15, 12), (45, 30, 20), (70, 50, 35), (30, 28, 30))
_CLOTHES = ((240, 240, 240), (30, 30, 35), (60, 60, 90), (110, 30, 40), (230, 225, 210))


def _rng(label: str, key: str) -> random.Random:
    return random.Random(hashlib.sha256(f"{label}:{key}".encode()).digest())


def photo_jpeg(nik: str) -> bytes:
    """A 240×320 portrait JPEG (roughly 8–16 KB): background, shoulders, head, hair, eyes, mouth."""
    rng = _rng("photo", nik)
    width, height = PHOTO_SIZE
    background = rng.choice(_BACKGROUNDS)
    skin = rng.choice(_SKIN)
    hair = rng.choice(_HAIR)
    img = Image.new("RGB", PHOTO_SIZE, background)
    draw = ImageDraw.Draw(img)

    cx = width // 2 + rng.randint(-8, 8)
    head_w = rng.randint(92, 112)
    head_h = rng.randint(122, 140)
    head_top = rng.randint(62, 80)
    head = (cx - head_w // 2, head_top, cx + head_w // 2, head_top + head_h)

    # Shoulders and neck first so the head is drawn over them.
    draw.ellipse((cx - 125, height - 70, cx + 125, height + 140), fill=rng.choice(_CLOTHES))
    draw.rectangle((cx - 22, head[3] - 20, cx + 22, height - 55), fill=skin)
    # Hair: a larger ellipse behind the top of the head.
    draw.ellipse((head[0] - 10, head[1] - 16, head[2] + 10, head[1] + head_h * 0.7), fill=hair)
    draw.ellipse(head, fill=skin)
    draw.chord((head[0] - 4, head[1] - 14, head[2] + 4, head[1] + head_h * 0.55), 180, 360, fill=hair)
    # Ears.
    ear_y = head[1] + head_h * 0.48
    for ex in (head[0] - 6, head[2] - 8):
        draw.ellipse((ex, ear_y - 14, ex + 14, ear_y + 14), fill=skin)

    eye_y = int(head[1] + head_h * 0.47)
    eye_dx = head_w // 5 + rng.randint(-2, 2)
    for ex in (cx - eye_dx, cx + eye_dx):
        draw.ellipse((ex - 9, eye_y - 5, ex + 9, eye_y + 5), fill=(250, 250, 250))
        draw.ellipse((ex - 4, eye_y - 4, ex + 4, eye_y + 4), fill=(40, 25, 15))
        draw.line((ex - 11, eye_y - 12, ex + 10, eye_y - 13), fill=hair, width=3)
    nose_y = int(head[1] + head_h * 0.64)
    draw.line((cx, eye_y + 8, cx - 4, nose_y), fill=tuple(max(c - 40, 0) for c in skin), width=2)
    mouth_y = int(head[1] + head_h * 0.78)
    mouth_w = rng.randint(14, 22)
    draw.arc((cx - mouth_w, mouth_y - 8, cx + mouth_w, mouth_y + 6), 15, 165, fill=(150, 60, 60), width=3)

    img = img.filter(ImageFilter.GaussianBlur(1.2))
    # Deterministic sensor-like noise (from a hash, not Pillow's unseeded noise) so the JPEG has
    # the texture — and so the size — of a real photo rather than a few flat shapes.
    noise_bytes = hashlib.shake_256(f"noise:{nik}".encode()).digest(width * height)
    noise = Image.frombytes("L", PHOTO_SIZE, noise_bytes).convert("RGB")
    img = Image.blend(img, noise, 0.06)

    out = io.BytesIO()
    img.save(out, format="JPEG", quality=72, optimize=False, progressive=False)
    return out.getvalue()


def signature_bitmap(name: str) -> bytes:
    """A 168×44 1-bit bitmap, MSB first, 21 bytes per row, bit 1 = white, with a scribble of `name`."""
    rng = _rng("signature", name)
    img = Image.new("1", (SIGNATURE_WIDTH, SIGNATURE_HEIGHT), 1)
    draw = ImageDraw.Draw(img)
    letters = [c for c in name.upper() if c.isalpha()] or ["X"]
    # One loop per letter along a slanted baseline, like a fast handwritten signature.
    x = 10.0 + rng.uniform(0, 8)
    step = (SIGNATURE_WIDTH - 30 - x) / max(len(letters), 1)
    points: list[tuple[float, float]] = []
    for i, letter in enumerate(letters):
        amp = 8 + (ord(letter) % 7) * 1.6
        base = 28 - i * 6.0 / max(len(letters), 1) + rng.uniform(-2, 2)
        for t in range(8):
            phase = t / 8 * 2 * math.pi
            px = x + step * t / 8 + 3 * math.cos(phase + ord(letter))
            py = base - amp * math.sin(phase) * (1.3 if i == 0 else 1.0)
            points.append((px, min(max(py, 2), SIGNATURE_HEIGHT - 3)))
        x += step
    draw.line(points, fill=0, width=2, joint="curve")
    # Final flourish underneath.
    y = SIGNATURE_HEIGHT - 8 + rng.uniform(-2, 2)
    draw.line((14, y + 3, SIGNATURE_WIDTH * 0.5, y, SIGNATURE_WIDTH - 12, y - 4), fill=0, width=1)
    bits = img.tobytes()  # mode "1" packs MSB first, rows byte-aligned (168 = 21·8), 1 = white
    assert len(bits) == SIGNATURE_BYTES
    return bits
