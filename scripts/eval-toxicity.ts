/**
 * `node --import tsx scripts/eval-toxicity.ts`: scores the toxicity descriptor on the Jigsaw sample (evaluation
 * only), the RealToxicityPrompts held-out split and Cairn's held-out cases (../shared/corpora or CAIRN_CORPORA_DIR),
 * then times it on 1 KB texts. Exit code 1 when the Jigsaw AUC or a held-out F1 falls below its target.
 */
import { toxicityScore } from '../src/monitoring/descriptors/toxicity/index.js';
import { corporaAvailable, DEFAULT_CORPORA_DIR } from './toxicity/dataset.js';
import { evaluateToxicity, formatToxicityReport } from './toxicity/evaluate.js';

/** Gates: measured values minus a margin (see docs/monitoring-toxicity.md). */
export const TARGETS = { jigsawAuc: 0.85, heldOutF1: 0.7 };

const corporaDir = process.env.CAIRN_CORPORA_DIR ?? DEFAULT_CORPORA_DIR;
if (!corporaAvailable(corporaDir)) {
  process.stderr.write(`corpora not found at ${corporaDir}\n`);
  process.exit(2);
}
const report = evaluateToxicity(corporaDir);
process.stdout.write(`${formatToxicityReport(report)}\n`);

// Throughput on 1 KB texts of ordinary prose and of abusive text (warm, single thread).
const prose =
  'Thanks for reaching out about your order. I checked the tracking number and the parcel left our warehouse on ' +
  'Tuesday; it should arrive by Friday. If it does not, reply here and we will send a replacement at no cost. ';
const abusive = 'You are a stupid idiot and nobody likes you, shut up and go away you pathetic loser. I will find you. ';
for (const [name, base] of [['prose', prose], ['abusive', abusive]] as const) {
  let text = '';
  while (text.length < 1024) text += base;
  text = text.slice(0, 1024);
  const variants = Array.from({ length: 64 }, (_, index) => `${index} ${text}`.slice(0, 1024));
  for (let index = 0; index < 2000; index++) toxicityScore(variants[index % 64] as string);
  const runs = 20_000;
  // CPU time of this process, not wall time: on a shared machine wall time counts the waits for a core too.
  const cpuStart = process.cpuUsage();
  const wallStart = process.hrtime.bigint();
  let sink = 0;
  for (let index = 0; index < runs; index++) sink += toxicityScore(variants[index % 64] as string);
  const cpu = process.cpuUsage(cpuStart);
  const cpuMicros = (cpu.user + cpu.system) / runs;
  const wallMicros = Number(process.hrtime.bigint() - wallStart) / runs / 1000;
  process.stdout.write(
    `speed (${name}, 1 KB): ${cpuMicros.toFixed(1)} µs CPU per text (${wallMicros.toFixed(1)} µs wall)${sink < 0 ? '' : ''}\n`,
  );
}

const missed: string[] = [];
const jigsaw = report.sets[0]!.combined;
if (!(jigsaw.auc >= TARGETS.jigsawAuc)) missed.push(`jigsaw AUC ${jigsaw.auc.toFixed(3)} < ${TARGETS.jigsawAuc}`);
for (const set of report.sets.slice(1, 3)) {
  if (!(set.combined.f1 >= TARGETS.heldOutF1)) missed.push(`${set.name} F1 ${set.combined.f1.toFixed(3)} < ${TARGETS.heldOutF1}`);
}
if (missed.length > 0) {
  process.stderr.write(`\nTargets missed:\n  ${missed.join('\n  ')}\n`);
  process.exitCode = 1;
}
