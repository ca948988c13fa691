#!/usr/bin/env python3
# gen.py: writes svar.csv, the SYNTHETIC responses of the generic test survey
# (tests/data/survey). Deterministic: `python3 gen.py > svar.csv` reproduces it.
# `python3 gen.py 2024 > svar2024.csv` writes a second, equally SYNTHETIC edition
# (layout editions.lay): another seed, 150 rows, answers shifted (more Demokraterne,
# higher tillid, older respondents); its ids P001.. repeat the first edition's.
# `python3 gen.py 2023cb > svar2023cb.csv` writes the first edition's rows again as
# its own codebook (codebook2023.txt, layout edmap.lay) has them: the column udd
# is called uddannelse, and the tillid scale runs the other way (1 = meget høj).
import csv
import random
import sys

SECOND = sys.argv[1:] == ["2024"]
OLDCB = sys.argv[1:] == ["2023cb"]
rng = random.Random(24 if SECOND else 11)
KOMMUNER = ["Aarhus", "Odense", "Ærø", "Aalborg", "Esbjerg", "Vejle"]
COLS = ["StartDate", "resp", "kommune", "parti", "udd", "tillid", "alder", "timer", "vaegt",
        "kommentar"]
REMARKS = ["Flere cykelstier", "Lavere skat", "Bedre busser", "Mere natur", "Ældrepleje",
           "Skolerne", "Ingen kommentarer", "Åbne biblioteker", "Billigere boliger"]
print("# SYNTETISKE DATA / SYNTHETIC DATA: a made-up election-style survey for the tests%s."
      % (" (second edition, 2024)" if SECOND else ""))
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["uddannelse" if OLDCB and c == "udd" else c for c in COLS])
PARTI = ["0", "1", "1", "1", "2", "3", "4", ""] if SECOND else ["0", "1", "1", "2", "3", "4", ""]
TILLID = ["1", "2", "3", "4", "4", "5", "5", ""] if SECOND else ["1", "2", "3", "4", "5", ""]
for i in range(1, 151 if SECOND else 121):
    parti = rng.choice(PARTI)
    udd = rng.choice(["1", "2", "2", "3", "3", "3", ""])
    tillid = rng.choice(TILLID) if parti else ""
    if OLDCB and tillid:
        tillid = str(6 - int(tillid))
    alder = str(rng.randint(25 if SECOND else 18, 90)) if rng.random() < 0.9 else ""
    # hours of TV a week: decimals with either mark, some whole numbers
    t = rng.randint(0, 400)
    timer = rng.choice(["%d.%d" % divmod(t, 10), "%d,%d" % divmod(t, 10), str(t // 10), ""])
    # a design weight with two decimals (a few empty: weight 0)
    vaegt = "%d.%02d" % divmod(rng.randint(40, 260), 100) if rng.random() < 0.97 else ""
    w.writerow(["%d-05-%02d" % (2024 if SECOND else 2023, 1 + i % 28), "P%03d" % i, rng.choice(KOMMUNER + [""]),
                parti, udd, tillid, alder, timer, vaegt,
                rng.choice(REMARKS) + " " + str(i % 7) if rng.random() < 0.4 else ""])
