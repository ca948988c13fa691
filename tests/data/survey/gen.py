#!/usr/bin/env python3
# gen.py: writes svar.csv, the SYNTHETIC responses of the generic test survey
# (tests/data/survey). Deterministic: `python3 gen.py > svar.csv` reproduces it.
import random

rng = random.Random(11)
KOMMUNER = ["Aarhus", "Odense", "Ærø", "Aalborg", "Esbjerg", "Vejle"]
COLS = ["StartDate", "resp", "kommune", "parti", "udd", "tillid"]
print("# SYNTETISKE DATA / SYNTHETIC DATA: a made-up election-style survey for the tests.")
print(",".join(COLS))
for i in range(1, 121):
    parti = rng.choice(["0", "1", "1", "2", "3", "4", ""])
    udd = rng.choice(["1", "2", "2", "3", "3", "3", ""])
    tillid = rng.choice(["1", "2", "3", "4", "5", ""]) if parti else ""
    row = ["2023-05-%02d" % (1 + i % 28), "P%03d" % i, rng.choice(KOMMUNER + [""]),
           parti, udd, tillid]
    print(",".join(row))
