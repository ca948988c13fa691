#!/usr/bin/env python3
"""gen.py: SYNTHETIC responses for tests/e2e/charts.sh (every chart type): two editions,
2023 (svar.csv) and 2024 (svar2024.csv, `python3 gen.py 2024`). Deterministic."""
import random
import sys

year = sys.argv[1] if len(sys.argv) > 1 else "2023"
rnd = random.Random(7 if year == "2023" else 8)
shift = 0 if year == "2023" else 1
print("# SYNTETISKE DATA / SYNTHETIC DATA: made-up responses for the chart tests (%s)." % year)
print("id,afd,tilfreds,enig,kvalitet,alder,timer")
for i in range(1, 241 if year == "2023" else 221):
    afd = rnd.randint(1, 7)
    r = rnd.random()
    tilfreds = 9 if r < 0.08 else min(5, max(1, int(rnd.gauss(3.2 + 0.3 * shift + 0.1 * afd, 1.1))))
    r = rnd.random()
    enig = 9 if r < 0.07 else 8 if r < 0.11 else min(4, max(1, int(rnd.gauss(2.6 + 0.2 * shift, 0.9))))
    kvalitet = min(5, max(1, int(rnd.gauss(2.8 + 0.4 * shift + (afd % 3) * 0.3, 1.0))))
    alder = min(70, max(18, int(rnd.gauss(44, 12))))
    timer = max(0, round(rnd.gauss(14 + 2 * shift, 6), 1))
    tim = ("%.1f" % timer).replace(".", ",")
    miss = "" if rnd.random() < 0.05 else str(alder)
    print('%s%03d,%d,%d,%d,%d,%s,"%s"' % (year[2:], i, afd, tilfreds, enig, kvalitet, miss, tim))
