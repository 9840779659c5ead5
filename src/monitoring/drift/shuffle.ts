/** Seeded shuffles and subsamples for the embedding tests, so a seed reproduces a verdict exactly. */
import type { Random } from '../../lib/seeded-random.js';

/** Fisher–Yates shuffle in place. */
export function shuffle<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** `count` items drawn without replacement (all of them, in order, when there are no more than `count`). */
export function subsample<T>(items: readonly T[], count: number, random: Random): T[] {
  if (items.length <= count) return [...items];
  const indexes = Array.from(items, (_, index) => index);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (indexes.length - i));
    [indexes[i], indexes[j]] = [indexes[j]!, indexes[i]!];
  }
  return indexes.slice(0, count).sort((a, b) => a - b).map((index) => items[index]!);
}
