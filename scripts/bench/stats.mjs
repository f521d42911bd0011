// Small statistics: median, p95 (nearest rank), and the mode of a list of values.
const sorted = (xs) => xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);

export function median(xs) {
  const s = sorted(xs);
  if (!s.length) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The 95th percentile by nearest rank: the smallest value with at least 95 % of samples <= it. */
export function p95(xs) {
  const s = sorted(xs);
  if (!s.length) return null;
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)];
}

/** The most frequent value (the smallest of ties); with the range, for counts that may vary. */
export function mode(xs) {
  const counts = new Map();
  for (const x of xs) counts.set(x, (counts.get(x) || 0) + 1);
  let best = null;
  for (const [x, c] of counts) if (best === null || c > counts.get(best) || (c === counts.get(best) && x < best)) best = x;
  return best;
}

export function summary(xs) {
  const s = sorted(xs);
  return { n: s.length, median: median(s), p95: p95(s), min: s[0] ?? null, max: s.at(-1) ?? null };
}
