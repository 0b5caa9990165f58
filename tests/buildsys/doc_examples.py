#!/usr/bin/env python3
"""doc_examples.py — extracts the complete C examples of Markdown files.

Usage: doc_examples.py OUTDIR FILE.md...

Every ```c block with an #include line is a complete translation unit: it is
written to OUTDIR/<file>-<n>.ac (Async C is a superset of C), and its path
printed, one a line.  Blocks without an #include are fragments and skipped.
"""
import os
import re
import sys


def main():
    outdir, files = sys.argv[1], sys.argv[2:]
    for path in files:
        text = open(path, encoding="utf-8").read()
        base = os.path.splitext(os.path.basename(path))[0]
        blocks = re.findall(r"^```c\n(.*?)^```", text, re.S | re.M)
        for n, block in enumerate(blocks, 1):
            if not re.search(r"^#include", block, re.M):
                continue
            out = os.path.join(outdir, "%s-%d.ac" % (base, n))
            with open(out, "w", encoding="utf-8") as f:
                f.write(block)
            print(out)


if __name__ == "__main__":
    main()
