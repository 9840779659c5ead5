import { setTimeout as sleep } from 'node:timers/promises';
import type { TestServer } from '../../src/test-support/test-server.js';
import { seededRandom } from '../../src/lib/seeded-random.js';

/**
 * Traffic whose prompt distribution shifts, for drift scenarios on a real server: a phase of short English
 * questions, then a phase of longer German ones (other language, longer prompts). Prompts are built from word lists
 * with a seeded PRNG, so a run is reproducible. Used by the monitors' scenario test and the alerting scenario (a).
 */

const ENGLISH = {
  openers: ['How do I', 'Can you explain how to', 'What is the best way to', 'Please tell me how to', 'Why should I'],
  verbs: ['reset', 'configure', 'update', 'install', 'clean', 'check', 'replace', 'connect'],
  objects: ['my router', 'the printer', 'this laptop', 'the kitchen tap', 'my bicycle brakes', 'the garden hose', 'a new phone', 'the heating'],
  endings: ['at home?', 'quickly?', 'without tools?', 'today?', 'safely?'],
};

const GERMAN = {
  openers: ['Könnten Sie mir bitte ausführlich erklären, wie ich', 'Ich möchte gerne genau wissen, auf welche Weise ich', 'Bitte beschreiben Sie mir Schritt für Schritt, wie man'],
  objects: ['den alten Router in unserer Wohnung', 'die Heizung im Schlafzimmer meiner Eltern', 'das Fahrrad mit den quietschenden Bremsen', 'den Drucker im Büro meines Kollegen', 'die Waschmaschine im Keller des Hauses'],
  verbs: ['richtig einstellen und anschließend überprüfen kann', 'ohne besondere Werkzeuge reparieren und warten kann', 'vollständig zurücksetzen und danach neu einrichten sollte'],
  endings: [
    'und worauf ich dabei besonders achten muss, damit nichts kaputt geht und alles wieder zuverlässig funktioniert?',
    'und welche Fehler die meisten Leute dabei machen, wenn sie es zum ersten Mal ohne fremde Hilfe versuchen?',
    'und wie lange das ungefähr dauert, wenn man keine Erfahrung damit hat und nur wenig Zeit zur Verfügung steht?',
  ],
};

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

export function englishPrompts(count: number, seed = 1): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => `${pick(random, ENGLISH.openers)} ${pick(random, ENGLISH.verbs)} ${pick(random, ENGLISH.objects)} ${pick(random, ENGLISH.endings)}`);
}

export function germanPrompts(count: number, seed = 2): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => `${pick(random, GERMAN.openers)} ${pick(random, GERMAN.objects)} ${pick(random, GERMAN.verbs)} ${pick(random, GERMAN.endings)}`);
}

/** Sends each prompt as a chat completion to the endpoint (a few at a time); fails on any non-200. */
export async function sendPrompts(server: TestServer, endpoint: string, prompts: readonly string[], concurrency = 4): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < prompts.length) {
      const prompt = prompts[next++]!;
      const response = await server.request('/v1/chat/completions', { method: 'POST', json: { model: endpoint, messages: [{ role: 'user', content: prompt }], max_tokens: 16 } });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`chat completion on ${endpoint} answered ${response.status}: ${text.slice(0, 200)}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Waits (bounded) until the endpoint has at least `count` described calls with request_time ≥ `since`. */
export async function waitForDescribed(server: TestServer, endpoint: string, count: number, since = 0, timeoutMs = 30_000): Promise<void> {
  const { db } = server.app.services.storage;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await db
      .selectFrom('call_descriptors')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('endpoint_name', '=', endpoint)
      .where('request_time', '>=', since)
      .executeTakeFirst();
    const described = Number(row?.count ?? 0);
    if (described >= count) return;
    if (Date.now() > deadline) throw new Error(`only ${described} of ${count} calls on ${endpoint} were described within ${timeoutMs} ms`);
    await sleep(50);
  }
}

export interface ShiftWindows {
  /** [start, end) of the English phase: a drift monitor's reference window. */
  reference: { start: number; end: number };
  /** [start, end) of the shifted phase. */
  shifted: { start: number; end: number };
}

/**
 * English phase, then (once it is described) the German phase, each `perPhase` calls; returns both windows. The
 * reference window ends before the first shifted call starts, so a current window covering only the shifted phase
 * (`current_window_seconds` up to 2 s longer than the shifted phase) sees no English call.
 */
export async function driveLanguageShift(server: TestServer, endpoint: string, perPhase = 60): Promise<ShiftWindows> {
  const referenceStart = Date.now();
  await sendPrompts(server, endpoint, englishPrompts(perPhase));
  await waitForDescribed(server, endpoint, perPhase, referenceStart);
  const referenceEnd = Date.now() + 1;
  // A current window is sized in whole seconds plus one of slack: leave over two seconds between the phases so it
  // never reaches back into the English phase.
  await sleep(2_100);
  const shiftedStart = Date.now();
  await sendPrompts(server, endpoint, germanPrompts(perPhase));
  await waitForDescribed(server, endpoint, perPhase, shiftedStart);
  return { reference: { start: referenceStart, end: referenceEnd }, shifted: { start: shiftedStart, end: Date.now() + 1 } };
}

/** A drift monitor definition for the shift: reference = the English window, current = the last `currentSeconds`. */
export function languageShiftMonitor(endpoint: string, windows: ShiftWindows, options: { name?: string; currentSeconds?: number; intervalSeconds?: number } = {}): Record<string, unknown> {
  return {
    endpoint_name: endpoint,
    name: options.name ?? 'prompt-drift',
    kind: 'drift',
    reference: { type: 'window', start: windows.reference.start, end: windows.reference.end },
    current_window_seconds: options.currentSeconds ?? Math.ceil((Date.now() - windows.shifted.start) / 1000) + 1,
    columns: ['prompt_chars', 'prompt_tokens', 'prompt_language'],
    min_rows: 20,
    ...(options.intervalSeconds !== undefined ? { interval_seconds: options.intervalSeconds } : {}),
  };
}
