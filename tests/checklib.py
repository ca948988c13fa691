"""checklib.py: exact arithmetic and Danish printing shared by the independent
recomputations (examplecheck, surveycheck, editionscheck, bigcheck).

Plain Python and fractions only: nothing here uses notat's code, so a check
built on it stays independent of what it checks."""
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
