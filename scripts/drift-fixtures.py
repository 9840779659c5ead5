#!/usr/bin/python3
"""Reference values for Cairn's drift statistics, computed with Debian's python3-scipy (SciPy 1.10) and NumPy.

Writes src/monitoring/drift/fixtures/scipy-reference.json; src/monitoring/drift/scipy-reference.test.ts checks every
statistic and p-value against it to 1e-6. Regenerate with:

    /usr/bin/python3 scripts/drift-fixtures.py

Small vectors are recorded inline (NumPy's seeded generator, rounded so the file stays small). Large vectors (more
than 10 000 values, to reach ks_2samp's asymptotic branch) are described by a generator both sides can reproduce
bit for bit: the Park-Miller LCG x <- 16807 x mod (2^31 - 1), u = x / (2^31 - 1), and either
"sum3" (loc + scale * 2 * (u1 + u2 + u3 - 1.5), three draws per value) or "int" (floor(u * k)).
The Evidently formulas (chi-square, z-test, normed Wasserstein, binning for PSI / Jensen-Shannon) are written out
below from Evidently's documented behaviour, on top of the SciPy / NumPy functions they call.
"""
import json
import math
import os
import sys

import numpy as np
import scipy
from scipy import special, stats
from scipy.spatial import distance

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src', 'monitoring', 'drift', 'fixtures', 'scipy-reference.json')
MODULUS = 2147483647


def lcg(spec):
    x = spec['seed']
    draws = 3 if spec['kind'] == 'sum3' else 1
    values = []
    for _ in range(spec['n']):
        us = []
        for _ in range(draws):
            x = (16807 * x) % MODULUS
            us.append(x / MODULUS)
        if spec['kind'] == 'sum3':
            values.append(spec['loc'] + spec['scale'] * (((us[0] + us[1]) + us[2]) - 1.5) * 2)
        else:
            values.append(float(math.floor(us[0] * spec['k'])))
    return np.array(values)


def vector(data):
    """Inline list, or a generator spec (dict)."""
    return lcg(data) if isinstance(data, dict) else np.array(data, dtype=float)


def num(value):
    value = float(value)
    if math.isinf(value):
        return 'inf' if value > 0 else '-inf'
    if math.isnan(value):
        return 'nan'
    return value


rng = np.random.default_rng(20240605)


def normal(n, loc=0.0, scale=1.0, decimals=4):
    return [round(float(v), decimals) for v in rng.normal(loc, scale, n)]


# --- Kolmogorov-Smirnov, two samples (method='auto') -------------------------------------------------------------
ks_inputs = [
    ('exact, equal sizes', normal(25), normal(25, 0.6)),
    ('exact, unequal sizes', normal(40), normal(67, 0.3)),
    ('exact, ties (integers)', [float(v) for v in rng.integers(0, 6, 60)], [float(v) for v in rng.integers(1, 7, 80)]),
    ('exact, identical samples', normal(30), None),
    ('exact, tiny p-value', normal(200), normal(300, 1.0)),
    ('exact, larger', normal(800, decimals=3), normal(1000, 0.05, decimals=3)),
    ('exact, one tiny sample', normal(3), normal(500, 0.5)),
    ('asymp, 12000 vs 300 (Pelz-Good)', {'seed': 11, 'n': 12000, 'kind': 'sum3', 'loc': 0, 'scale': 1}, {'seed': 12, 'n': 300, 'kind': 'sum3', 'loc': 0.1, 'scale': 1}),
    ('asymp, 15000 vs 60 (n <= 140)', {'seed': 13, 'n': 15000, 'kind': 'sum3', 'loc': 0, 'scale': 1}, {'seed': 14, 'n': 60, 'kind': 'sum3', 'loc': 0.2, 'scale': 1}),
    ('asymp, 20000 vs 20000 small shift', {'seed': 15, 'n': 20000, 'kind': 'sum3', 'loc': 0, 'scale': 1}, {'seed': 16, 'n': 20000, 'kind': 'sum3', 'loc': 0.02, 'scale': 1}),
    ('asymp, 11000 vs 11000 large shift (Smirnov)', {'seed': 17, 'n': 11000, 'kind': 'sum3', 'loc': 0, 'scale': 1}, {'seed': 18, 'n': 11000, 'kind': 'sum3', 'loc': 0.3, 'scale': 1}),
    ('asymp, ties, 10001 vs 5000', {'seed': 19, 'n': 10001, 'kind': 'int', 'k': 40}, {'seed': 20, 'n': 5000, 'kind': 'int', 'k': 41}),
]
ks_cases = []
for name, a, b in ks_inputs:
    if b is None:
        b = list(a)
    result = stats.ks_2samp(vector(a), vector(b))
    ks_cases.append({'name': name, 'reference': a, 'current': b, 'statistic': num(result.statistic), 'p_value': num(result.pvalue)})

kstwo_cases = [{'n': n, 'x': x, 'sf': num(stats.kstwo.sf(x, n))}
               for n in [1, 2, 7, 40, 140, 141, 300, 2000, 20000, 150000]
               for x in [0.0005, 0.004, 0.02, 0.05, 0.09, 0.15, 0.3, 0.55, 0.8]]
smirnov_cases = [{'n': n, 'x': x, 'sf': num(special.smirnov(n, x))}
                 for n in [1, 5, 60, 1000, 30000] for x in [0.001, 0.02, 0.1, 0.3, 0.7]]


# --- chi-square, Evidently's chi_stat_test ------------------------------------------------------------------------
def evidently_chisquare(reference, current):
    keys = sorted(set(reference) | set(current))
    k_norm = len(current) / len(reference)
    observed = [current.count(key) for key in keys]
    expected = [reference.count(key) * k_norm for key in keys]
    with np.errstate(divide='ignore', invalid='ignore'):
        statistic, p_value = stats.chisquare(observed, expected)
    return statistic, p_value


def categories(labels, weights, n):
    return [str(v) for v in rng.choice(labels, size=n, p=weights)]


chi_inputs = [
    ('three categories, no drift', categories(['a', 'b', 'c'], [0.5, 0.3, 0.2], 300), categories(['a', 'b', 'c'], [0.5, 0.3, 0.2], 200)),
    ('five categories, drift', categories(list('abcde'), [0.3, 0.3, 0.2, 0.1, 0.1], 500), categories(list('abcde'), [0.1, 0.2, 0.2, 0.2, 0.3], 400)),
    ('category only in reference', categories(['x', 'y', 'z'], [0.4, 0.4, 0.2], 100), categories(['x', 'y'], [0.5, 0.5], 120)),
    ('unseen category in current', categories(['x', 'y'], [0.5, 0.5], 100), categories(['x', 'y', 'new'], [0.45, 0.45, 0.1], 100)),
    ('many categories, tiny p', categories([str(i) for i in range(30)], None, 1000), categories([str(i) for i in range(20)], None, 1000)),
]
chi_cases = []
for name, reference, current in chi_inputs:
    statistic, p_value = evidently_chisquare(reference, current)
    chi_cases.append({'name': name, 'reference': reference, 'current': current, 'statistic': num(statistic), 'p_value': num(p_value)})


# --- z-test for two proportions, Evidently's z_stat_test (p-value from norm.sf) ---------------------------------------
def evidently_z(reference, current, target):
    n1, n2 = len(reference), len(current)
    p1 = sum(1 for v in reference if v == target) / n1
    p2 = sum(1 for v in current if v == target) / n2
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
    z = (p1 - p2) / np.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2))
    return abs(z), 2 * stats.norm.sf(abs(z))


z_inputs = [
    ('balanced, no drift', categories(['yes', 'no'], [0.5, 0.5], 400), categories(['yes', 'no'], [0.5, 0.5], 300)),
    ('shifted share', categories(['yes', 'no'], [0.3, 0.7], 500), categories(['yes', 'no'], [0.45, 0.55], 500)),
    ('far tail', categories(['yes', 'no'], [0.1, 0.9], 900), categories(['yes', 'no'], [0.6, 0.4], 900)),
    ('one side constant', ['a'] * 50, categories(['a', 'b'], [0.8, 0.2], 60)),
]
z_cases = []
for name, reference, current in z_inputs:
    statistic, p_value = evidently_z(reference, current, 'yes' if 'yes' in reference + current else 'a')
    z_cases.append({'name': name, 'reference': reference, 'current': current, 'statistic': num(statistic), 'p_value': num(p_value)})


# --- normed Wasserstein, Evidently's wasserstein stat test ---------------------------------------------------------
wasserstein_inputs = [
    ('normal shift', normal(300), normal(250, 0.2)),
    ('scale change with ties', [float(v) for v in rng.integers(0, 10, 200)], [float(v) for v in rng.integers(0, 14, 150)]),
    ('constant reference (std floor 0.001)', [2.0] * 40, normal(30, 2.0)),
    ('large, generated', {'seed': 21, 'n': 20000, 'kind': 'sum3', 'loc': 0, 'scale': 1}, {'seed': 22, 'n': 15000, 'kind': 'sum3', 'loc': 0.05, 'scale': 1.1}),
]
wasserstein_cases = []
for name, a, b in wasserstein_inputs:
    ref, cur = vector(a), vector(b)
    distance_value = stats.wasserstein_distance(ref, cur)
    normed = distance_value / max(np.std(ref), 0.001)
    wasserstein_cases.append({'name': name, 'reference': a, 'current': b, 'distance': num(distance_value), 'normed': num(normed)})


# --- binning (Evidently's get_binned_data), Jensen-Shannon and PSI ----------------------------------------------------
def binned(reference, current, numerical):
    """Evidently's get_binned_data: Sturges histogram over the pooled values for numerical columns with > 20 distinct
    reference values, per-value shares otherwise; zero shares filled (0.0001, or min non-zero / 1e6 when <= 0.0001)."""
    if numerical and len(set(reference.tolist())) > 20:
        bins = np.histogram_bin_edges(np.concatenate([reference, current]), bins='sturges')
        ref = np.histogram(reference, bins)[0] / len(reference)
        cur = np.histogram(current, bins)[0] / len(current)
    else:
        keys = sorted(set(reference.tolist()) | set(current.tolist()))
        ref = np.array([np.sum(reference == key) / len(reference) for key in keys])
        cur = np.array([np.sum(current == key) / len(current) for key in keys])
    for shares in (ref, cur):
        smallest = min(shares[shares != 0])
        np.place(shares, shares == 0, smallest / 10**6 if smallest <= 0.0001 else 0.0001)
    return ref, cur


binned_inputs = [
    ('numerical, histogram', True, normal(400), normal(350, 0.3, 1.3)),
    ('numerical, few values (per value)', True, [float(v) for v in rng.integers(0, 8, 300)], [float(v) for v in rng.integers(0, 10, 300)]),
    ('numerical, empty bins', True, normal(200), normal(200, 3.0)),
    ('categorical, unseen values', False, categories(list('abcd'), [0.4, 0.3, 0.2, 0.1], 300), categories(list('abcdef'), [0.2, 0.2, 0.2, 0.2, 0.1, 0.1], 300)),
    ('numerical, tiny share fill (large)', True, {'seed': 23, 'n': 20000, 'kind': 'sum3', 'loc': 0, 'scale': 1}, {'seed': 24, 'n': 20000, 'kind': 'sum3', 'loc': 1.5, 'scale': 1}),
]
binned_cases = []
for name, numerical, a, b in binned_inputs:
    if numerical:
        ref_values, cur_values = vector(a), vector(b)
    else:
        ref_values, cur_values = np.array(a), np.array(b)
    ref, cur = binned(ref_values, cur_values, numerical)
    js = distance.jensenshannon(ref, cur)
    psi = float(np.sum((ref - cur) * np.log(ref / cur)))
    binned_cases.append({'name': name, 'numerical': numerical, 'reference': a, 'current': b,
                         'reference_shares': [num(v) for v in ref], 'current_shares': [num(v) for v in cur],
                         'jensenshannon': num(js), 'psi': num(psi)})

edges_inputs = [normal(50), [1.0, 1.0, 1.0], normal(1000, 5.0, 2.0), [0.0, 1.0], [float(v) for v in rng.integers(-3, 900, 257)]]
edges_cases = [{'values': values, 'edges': [num(e) for e in np.histogram_bin_edges(np.array(values), bins='sturges')]} for values in edges_inputs]

# --- special functions -----------------------------------------------------------------------------------------------
special_cases = {
    'gammaln': [{'x': x, 'value': num(special.gammaln(x))} for x in [0.1, 0.5, 1, 1.5, 3.7, 14.2, 15, 100.5, 12345.6]],
    'gammaincc': [{'a': a, 'x': x, 'value': num(special.gammaincc(a, x))} for a in [0.5, 1, 2.5, 10, 150] for x in [0.01, 0.7, 3, 12, 200]],
    'chi2_sf': [{'x': x, 'df': df, 'value': num(stats.chi2.sf(x, df))} for df in [1, 2, 4, 29] for x in [0.001, 0.5, 3.8, 40, 300]],
    'norm_sf': [{'z': z, 'value': num(stats.norm.sf(z))} for z in [-3, -0.5, 0, 0.3, 1.96, 5, 9, 20, 37]],
}

reference = {
    'generated_by': 'scripts/drift-fixtures.py',
    'scipy': scipy.__version__,
    'numpy': np.__version__,
    'python': sys.version.split()[0],
    'ks_2samp': ks_cases,
    'kstwo_sf': kstwo_cases,
    'smirnov': smirnov_cases,
    'chisquare': chi_cases,
    'z_test': z_cases,
    'wasserstein': wasserstein_cases,
    'binned': binned_cases,
    'histogram_bin_edges': edges_cases,
    'special': special_cases,
}

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, 'w') as handle:
    json.dump(reference, handle, separators=(',', ':'))
    handle.write('\n')
print(f'wrote {os.path.relpath(OUT)} ({os.path.getsize(OUT)} bytes) with SciPy {scipy.__version__}, NumPy {np.__version__}')
