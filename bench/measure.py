#!/usr/bin/env python3
"""measure.py CMD...: runs CMD once (output discarded) and prints `seconds max_rss_kib exit_code`.

Run in a fresh interpreter per measurement, so that RUSAGE_CHILDREN's maximum resident set size
is the command's own (including its children, for wrappers such as node)."""
import resource
import subprocess
import sys
import time

start = time.perf_counter()
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
elapsed = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"{elapsed:.3f} {rss} {code}")
