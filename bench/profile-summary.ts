/**
 * Summarises a V8 `.cpuprofile` (from `BENCH_CPU_PROF=1 npm run bench`): where Cairn's busy CPU time goes,
 * by module (a package under node_modules, an area under src/, or Node's internals) and by function.
 * Usage: node --import tsx bench/profile-summary.ts <file.cpuprofile> [top=25]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Groups a script URL into a module a reader recognises. */
/** Cairn compiled by the benchmark lives under node_modules/.cache; it is Cairn's source, not a package. */
function withoutBuildPrefix(url: string): string {
  return url.replace(/^.*\/node_modules\/\.cache\/cairn-bench\//, 'file:///cairn/');
}

export function moduleOf(rawUrl: string): string {
  const url = withoutBuildPrefix(rawUrl);
  if (url === '') return '(native / V8)';
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packageMatch) return packageMatch[1]!;
  const sourceMatch = /\/(src|bench)\/([^/]+)/.exec(url);
  if (sourceMatch) return `${sourceMatch[1]}/${sourceMatch[2]!.replace(/\.ts$/, '')}`;
  return url;
}

function functionKey(frame: ProfileNode['callFrame']): string {
  const url = withoutBuildPrefix(frame.url);
  const where = url.startsWith('file:///cairn/') ? url.slice('file:///cairn/'.length) : url.startsWith('file://') ? url.replace(/^.*?\/node_modules\//, '') : url;
  return `${frame.functionName || '(anonymous)'}  ${where}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
}

function main(): void {
  const [file, topArgument] = process.argv.slice(2);
  if (!file) throw new Error('usage: bench/profile-summary.ts <file.cpuprofile> [top]');
  const top = Number(topArgument ?? 25);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map<number, number>();
  profile.samples.forEach((id, index) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));

  // Profiler.stop's own work (serialising the profile) lands in the profile; it is not Cairn's.
  const excluded = new Set<number>();
  const exclude = (id: number) => {
    excluded.add(id);
    for (const child of byId.get(id)?.children ?? []) exclude(child);
  };
  for (const node of profile.nodes) if (node.callFrame.url === 'node:inspector') exclude(node.id);

  const special = new Map<string, number>();
  const byModule = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  for (const [id, micros] of selfMicros) {
    if (excluded.has(id)) continue;
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName.startsWith('(') && frame.url === '') {
      special.set(frame.functionName, (special.get(frame.functionName) ?? 0) + micros);
      if (frame.functionName === '(idle)') continue;
    }
    busy += micros;
    const module = moduleOf(frame.url);
    byModule.set(module, (byModule.get(module) ?? 0) + micros);
    const name = functionKey(frame);
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  }
  // Inclusive ("total") time: every function on the stack of a sample gets the sample, once.
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const inclusive = new Map<string, number>();
  for (const [id, micros] of selfMicros) {
    if (excluded.has(id) || byId.get(id)!.callFrame.functionName === '(idle)') continue;
    const seen = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parentOf.get(current)) {
      const frame = byId.get(current)!.callFrame;
      if (!frame.url.includes('/src/') && !frame.url.includes('node_modules/')) continue;
      const key = functionKey(frame);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + micros);
    }
  }
  const share = (micros: number) => `${((100 * micros) / busy).toFixed(1).padStart(5)} %`;
  const print = (title: string, entries: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [name, micros] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${share(micros)}  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${name}`);
  };
  console.log(`busy ${(busy / 1000).toFixed(0)} ms, idle ${((special.get('(idle)') ?? 0) / 1000).toFixed(0)} ms, GC ${((special.get('(garbage collector)') ?? 0) / 1000).toFixed(0)} ms`);
  print('self time by module', byModule);
  print('self time by function', byFunction);
  print('total time (self + callees) by function, Cairn source and packages only', inclusive);
}

main();
