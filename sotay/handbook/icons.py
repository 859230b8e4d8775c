"""Draws the handbook's app icons (the installable PWA's): a white notebook with a gold star on the
app's red (Pico's red theme, `--pico-primary-background`).

The PNGs are committed; run this again only to change the mark:
    .venv/bin/python -m sotay.handbook.icons
"""

import math
from pathlib import Path

from PIL import Image, ImageDraw

RED = "#c52f21"  # Pico red's --pico-primary-background: the manifest's theme colour too
SPINE = "#af291d"  # its hover shade
GOLD = "#ffcd00"
FOLDER = Path(__file__).parent / "static" / "handbook" / "icons"
SIZES = (192, 512)
SCALE = 4  # drawn this much larger, then reduced: smooth edges without an anti-aliasing library


def _star(cx: float, cy: float, outer: float) -> list[tuple[float, float]]:
    inner = outer * 0.382
    points = []
    for index in range(10):
        radius = outer if index % 2 == 0 else inner
        angle = math.pi / 2 + index * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy - radius * math.sin(angle)))
    return points


def draw(size: int, *, maskable: bool) -> Image.Image:
    """The mark on a full square (maskable: the launcher cuts its own shape, and keeps the middle
    80 %) or on a rounded square with transparent corners (any other use)."""
    big = size * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if maskable:
        pen.rectangle((0, 0, big, big), fill=RED)
        mark = 0.62  # of the side: well inside the maskable safe circle (80 %)
    else:
        pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 0.18, fill=RED)
        mark = 0.78
    width, height = big * mark * 0.72, big * mark
    left, top = (big - width) / 2, (big - height) / 2
    pen.rounded_rectangle((left, top, left + width, top + height), radius=big * 0.04, fill="white")
    pen.rectangle((left, top, left + width * 0.14, top + height), fill=SPINE)
    centre_x = left + width * 0.14 + (width * 0.86) / 2
    pen.polygon(_star(centre_x, big / 2, width * 0.3), fill=GOLD)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        draw(size, maskable=False).save(FOLDER / f"icon-{size}.png", optimize=True)
        draw(size, maskable=True).convert("RGB").save(FOLDER / f"maskable-{size}.png", optimize=True)


if __name__ == "__main__":
    main()
