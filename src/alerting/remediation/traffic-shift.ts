/**
 * Moves one served entity's traffic to the others, in proportion to what they already get (equally when they get
 * nothing), as whole percentages that still sum to 100 (largest remainder). Pure.
 */

export interface TrafficRoute {
  served_model_name: string;
  traffic_percentage: number;
}

export type ShiftResult = { ok: true; routes: TrafficRoute[] } | { ok: false; reason: string };

export function shiftTraffic(routes: readonly TrafficRoute[], entities: readonly string[], away: string): ShiftResult {
  if (!entities.includes(away)) return { ok: false, reason: `${away} is not a served entity of this endpoint.` };
  const others = entities.filter((name) => name !== away);
  if (others.length === 0) return { ok: false, reason: `${away} is the endpoint's only served entity; there is nowhere to shift its traffic.` };
  const current = new Map(entities.map((name) => [name, 0]));
  for (const route of routes) current.set(route.served_model_name, route.traffic_percentage);
  const share = current.get(away) ?? 0;
  if (share <= 0) return { ok: false, reason: `${away} already receives no traffic.` };
  const base = others.map((name) => current.get(name) ?? 0);
  const total = base.reduce((sum, value) => sum + value, 0);
  const weights = total > 0 ? base : others.map(() => 1);
  const weightSum = weights.reduce((sum, value) => sum + value, 0);
  const exact = others.map((_, index) => base[index]! + (share * weights[index]!) / weightSum);
  const floors = exact.map(Math.floor);
  let missing = 100 - floors.reduce((sum, value) => sum + value, 0);
  // Largest remainder first; ties go to the entity listed first, so the result is deterministic.
  const order = exact.map((value, index) => ({ index, remainder: value - floors[index]! })).sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of order) {
    if (missing <= 0) break;
    floors[index]! += 1;
    missing -= 1;
  }
  const shifted = new Map(others.map((name, index) => [name, floors[index]!]));
  shifted.set(away, 0);
  return { ok: true, routes: entities.map((name) => ({ served_model_name: name, traffic_percentage: shifted.get(name) ?? 0 })) };
}
