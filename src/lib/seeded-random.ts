/**
 * The one seeded PRNG in Cairn (mulberry32): tiny, fast, 32-bit, and exact across platforms, so a seed replays the
 * same stream everywhere. Committed artefacts depend on this exact stream (the injection and toxicity model.json
 * shuffles, drift verdicts on embeddings, monitor samples, demo-model text for a seed): change it and they must be
 * regenerated. A leaf module: it imports nothing, so any area or script may import it.
 */

/** A uniform [0, 1) source. */
export type Random = () => number;

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
