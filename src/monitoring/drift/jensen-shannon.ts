/**
 * Jensen–Shannon distance (SciPy's `spatial.distance.jensenshannon`, natural log): both share vectors are renormalised
 * to sum to 1, then √(½ KL(p‖m) + ½ KL(q‖m)) with m = (p + q)/2. In [0, √ln 2]; 0 for identical distributions.
 * Drift when ≥ threshold (0.1 by default, as Evidently).
 */

function relativeEntropy(x: number, y: number): number {
  if (x > 0 && y > 0) return x * Math.log(x / y);
  if (x === 0 && y >= 0) return 0;
  return Number.POSITIVE_INFINITY;
}

export function jensenShannonDistance(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let pSum = 0;
  let qSum = 0;
  for (let i = 0; i < p.length; i++) pSum += p[i]!;
  for (let i = 0; i < q.length; i++) qSum += q[i]!;
  let left = 0;
  let right = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i]! / pSum;
    const qi = q[i]! / qSum;
    const m = (pi + qi) / 2;
    left += relativeEntropy(pi, m);
    right += relativeEntropy(qi, m);
  }
  return Math.sqrt(Math.max(0, left + right) / 2);
}
