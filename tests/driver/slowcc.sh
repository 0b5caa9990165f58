#!/bin/sh
# slowcc.sh — a "C compiler" that never finishes, to interrupt acc with.
exec sleep 20
