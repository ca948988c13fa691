"""checklib.py: exact arithmetic, Danish printing, reading the data and counting
failures, shared by the independent recomputations (examplecheck, surveycheck,
editionscheck, tabsigcheck, chartcheck, bigcheck).

Plain Python and fractions only: nothing here uses notat's code, so a check
built on it stays independent of what it checks."""
import csv
import math
from fractions import Fraction


def num(s):
    """A cell of a number column as an exact Fraction ('.' or ',' mark), or None."""
    return Fraction(s.replace(",", ".")) if s != "" else None


def half_up(fr, dec):
    """fr (a Fraction) rounded half away from zero to dec decimals, scaled."""
    s = fr * 10 ** dec
    n = (abs(s.numerator) * 2 + s.denominator) // (2 * s.denominator)
    return n if s >= 0 else -n


def dk(v, dec):
    """A scaled integer in Danish: 1234 -> '1.234', 644 (dec 1) -> '64,4'."""
    neg, v = v < 0, abs(v)
    ip, fp = divmod(v, 10 ** dec)
    s = "{:,}".format(ip).replace(",", ".")
    if dec:
        s += "," + str(fp).zfill(dec)
    return ("-" if neg else "") + s


def mean(xw):
    """Weighted mean of (x, w) pairs."""
    return sum(x * w for x, w in xw) / sum(w for _, w in xw)


def quant(xw, p):
    """Smallest x whose cumulative weight share exceeds p; the mean of x and the
    next where it equals p exactly."""
    xw = sorted(xw)
    total = sum(w for _, w in xw)
    cum = 0
    for i, (x, w) in enumerate(xw):
        cum += w
        if cum > p * total:
            return x
        if cum == p * total:
            return (x + xw[i + 1][0]) / 2 if i + 1 < len(xw) else x
    return xw[-1][0]


def numfmt(fr, dec, unit):
    """A number statistic as printed: rounded half away from zero, Danish, unit."""
    return dk(half_up(fr, dec), dec) + (" " + unit if unit else "")


def wilson(x, n, z=1.959963984540054):
    """Wilson 95 % score interval (no continuity correction) of x of n, as shares;
    x and n may be effective (Kish) counts."""
    p = x / n
    c = p + z * z / (2 * n)
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    den = 1 + z * z / n
    return max(0, (c - h) / den), min(1, (c + h) / den)


def kish(wpart, wbase, w2base):
    """Effective count and size of a weighted share: Kish's n_eff = (sum w)^2 / sum w^2
    of the base, and the share times it."""
    neff = float(wbase) ** 2 / float(w2base)
    return float(wpart) / float(wbase) * neff, neff


def close(a, b, rel=1e-5):
    """a and b agree to rel (relative), with a small absolute floor."""
    return abs(a - b) <= rel * abs(b) + 1e-9


def data_rows(path):
    """The rows of a CSV data file as dicts by column name; '#' comment lines are skipped."""
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader([line for line in f if not line.startswith("#")]))


class Fails:
    """A failure counter for a check script: fail = Fails("name"); fail("msg")
    prints "name: msg" and counts it; fail.status() is the exit status (1 after
    any failure, else 0)."""

    def __init__(self, name):
        self.name, self.count = name, 0

    def __call__(self, msg):
        self.count += 1
        print(self.name + ": " + msg)

    def status(self):
        return 1 if self.count else 0
