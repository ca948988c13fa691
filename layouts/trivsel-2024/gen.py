#!/usr/bin/env python3
"""gen.py [2023]: writes svar.csv of the second example, a made-up employee
satisfaction survey (SYNTETISKE DATA / SYNTHETIC DATA), to standard output; with
2023 the example's older edition svar2023.csv instead: another seed, 280 rows,
trivsel 0.35 lower in every department (so stress is higher) and less work at
home (also SYNTETISKE DATA). Deterministic: fixed seeds and no dependence on the
machine, so `python3 gen.py | cmp - svar.csv` and `python3 gen.py 2023 | cmp -
svar2023.csv` hold (tests/e2e/example2.sh)."""
import random
import sys

OLD = sys.argv[1:] == ["2023"]
rng = random.Random(2023 if OLD else 2024)
SHIFT = -0.35 if OLD else 0.0
HOME = {1: 0.5, 2: 0.7, 3: 0.25, 4: 0.1} if OLD else {1: 0.6, 2: 0.8, 3: 0.3, 4: 0.1}
COMMENTS = ["Bedre kantine", "Flere hjemmearbejdsdage", "Ærgerligt med de mange møder",
            "Åben dialog med ledelsen", "Øget fokus på efteruddannelse", "Aarhus-kontoret mangler plads",
            "God stemning i teamet", "Mindre støj i storrummet", "Nye computere", "Klarere mål"]
out = sys.stdout
out.write("# SYNTETISKE DATA / SYNTHETIC DATA: a made-up employee survey for the second example%s.\n"
          % (", edition 2023 (gen.py 2023)" if OLD else ""))
out.write("id,afdeling,alder,anciennitet,trivsel,stress,hjemme,vaegt,kommentar\n")
for i in range(1, (281 if OLD else 301)):
    afd = rng.choice([1, 1, 2, 2, 2, 3, 3, 3, 3, 4])
    alder = rng.randint(21, 66)
    anc = round(rng.uniform(0, min(alder - 20, 35)), 1)
    base = {1: 3.6, 2: 3.9, 3: 3.1, 4: 3.4}[afd] + SHIFT
    triv = min(5, max(1, round(rng.gauss(base, 1.0))))
    trivsel = "" if rng.random() < 0.04 else str(triv)
    stress = "" if rng.random() < 0.08 else str(min(5, max(1, round(rng.gauss(6 - triv, 1.1)))))
    hjemme = "1" if rng.random() < HOME[afd] else "0"
    vaegt = "%.2f" % rng.uniform(0.7, 1.4)
    kommentar = rng.choice(COMMENTS) if rng.random() < 0.12 else ""
    anc_s = ("%.1f" % anc).replace(".", ",")
    out.write('T%04d,%d,%d,"%s",%s,%s,%s,%s,%s\n' % (i, afd, alder, anc_s, trivsel, stress, hjemme, vaegt, kommentar))
