#!/usr/bin/python3
"""png_colours.py - is a graph image blank?

Usage: png_colours.py [--min-pixels N] [--whole] FILE.png

A rendered graph that shows data has the series' colours in its plot: the
template colours are saturated (green, orange, red, purple, blue), while
the frame, grid, axis labels, title and a "No Data" message are white,
black or grey.  This counts the pixels whose channels differ by more than 60
(coloured, not grey) and the distinct colours among them (rounded to 16
levels per channel, so anti-aliasing does not count), in the top 80 % of
the image: Graphite draws the legend, whose colour squares are there with
or without data, below that (one row at the bottom of a 220 px graph).
--whole counts the whole image (a page screenshot).  Prints
"WxH, N coloured pixels, K colours" and exits 0 when there are at least N
coloured pixels (default 60) in at least 1 colour, else 1 (blank).  A graph
without data has none (the suite's control, a graph of a time before the
test, counts 0); a series whose first points came late in the window is a
short line: 101 pixels were seen under load, where 150 called it blank.
"""
import sys

from PIL import Image


def main():
    args = sys.argv[1:]
    min_pixels, whole = 60, False
    while len(args) > 1 and args[0].startswith("--"):
        if args[0] == "--min-pixels" and len(args) > 2:
            min_pixels = int(args[1])
            args = args[2:]
        elif args[0] == "--whole":
            whole = True
            args = args[1:]
        else:
            break
    if len(args) != 1:
        sys.stderr.write(__doc__)
        return 2
    image = Image.open(args[0]).convert("RGB")
    if not whole:
        image = image.crop((0, 0, image.width, image.height * 4 // 5))
    coloured = 0
    colours = set()
    for count, (r, g, b) in image.getcolors(maxcolors=1 << 24):
        if max(r, g, b) - min(r, g, b) > 60:
            coloured += count
            colours.add((r >> 4, g >> 4, b >> 4))
    print("%dx%d, %d coloured pixels, %d colours"
          % (image.width, image.height, coloured, len(colours)))
    return 0 if coloured >= min_pixels and colours else 1


if __name__ == "__main__":
    sys.exit(main())
