#!/usr/bin/env python3
"""asyncify.py — turns a csmith program into Async C with the same meaning:
every generated function (func_N) becomes async, every call of one is
awaited, and main becomes an async function run by ac_run.  The checksum it
prints must not change (docs/language.md, `await`: await keeps C's
meaning).

Usage: asyncify.py IN.c OUT.ac"""
import re
import sys

src = open(sys.argv[1]).read()
out = []
for line in src.split("\n"):
    if re.match(r"^(static\s+)?[^;()=]*\bfunc_\d+\s*\(", line) and not line.startswith(" "):
        # A prototype or definition of a generated function.
        line = re.sub(r"^static\s+", "static async ", line)
        if "async" not in line:
            line = "async " + line
    else:
        line = re.sub(r"\bfunc_(\d+)\s*\(", r"await func_\1(", line)
    out.append(line)
text = "#include <acrt.h>\n" + "\n".join(out)
text = re.sub(r"\bint\s+main\s*\(\s*int\s+argc\s*,\s*char\s*\*\s*argv\s*\[\]\s*\)",
              "static async int csmith_main(int argc, char **argv)", text)
text += "\nint main(int argc, char *argv[]) { return ac_run(csmith_main(argc, argv)); }\n"
open(sys.argv[2], "w").write(text)
