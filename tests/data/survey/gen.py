#!/usr/bin/env python3
# gen.py: writes svar.csv, the SYNTHETIC responses of the generic test survey
# (tests/data/survey). Deterministic: `python3 gen.py > svar.csv` reproduces it.
import csv
import random
import sys

rng = random.Random(11)
KOMMUNER = ["Aarhus", "Odense", "Ærø", "Aalborg", "Esbjerg", "Vejle"]
COLS = ["StartDate", "resp", "kommune", "parti", "udd", "tillid", "alder", "timer", "vaegt",
        "kommentar"]
REMARKS = ["Flere cykelstier", "Lavere skat", "Bedre busser", "Mere natur", "Ældrepleje",
           "Skolerne", "Ingen kommentarer", "Åbne biblioteker", "Billigere boliger"]
print("# SYNTETISKE DATA / SYNTHETIC DATA: a made-up election-style survey for the tests.")
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(COLS)
for i in range(1, 121):
    parti = rng.choice(["0", "1", "1", "2", "3", "4", ""])
    udd = rng.choice(["1", "2", "2", "3", "3", "3", ""])
    tillid = rng.choice(["1", "2", "3", "4", "5", ""]) if parti else ""
    alder = str(rng.randint(18, 90)) if rng.random() < 0.9 else ""
    # hours of TV a week: decimals with either mark, some whole numbers
    t = rng.randint(0, 400)
    timer = rng.choice(["%d.%d" % divmod(t, 10), "%d,%d" % divmod(t, 10), str(t // 10), ""])
    # a design weight with two decimals (a few empty: weight 0)
    vaegt = "%d.%02d" % divmod(rng.randint(40, 260), 100) if rng.random() < 0.97 else ""
    w.writerow(["2023-05-%02d" % (1 + i % 28), "P%03d" % i, rng.choice(KOMMUNER + [""]),
                parti, udd, tillid, alder, timer, vaegt,
                rng.choice(REMARKS) + " " + str(i % 7) if rng.random() < 0.4 else ""])
