#!/usr/bin/python3
"""pipe_reader.py - a command pipe's reader for tests/watch/quick.

Usage: pipe_reader.py FIFO OUT

Reads FIFO line by line, as a core reads its command pipe, and appends
"EPOCH LINE" to OUT for each (EPOCH: time.time() when the line was read),
flushed at once.  When every writer has closed the pipe it opens it again
(a daemon that reopens its pipe is served); SIGTERM ends it.
"""
import sys
import time


def main():
    fifo, out_path = sys.argv[1], sys.argv[2]
    with open(out_path, "a", buffering=1) as out:
        while True:
            with open(fifo, "r") as pipe:
                for line in pipe:
                    out.write("%.3f %s" % (time.time(), line))


if __name__ == "__main__":
    sys.exit(main())
