import { EOS, nextTokenDistribution } from './ngram-model.js';
import { sampleToken } from './sampling.js';
import { capitalize, endsSentence, joinToken } from './tokenizer.js';
/**
 * Generates one choice a token at a time. Stop sequences may span tokens, so the last (longest stop − 1)
 * characters are held back until they cannot begin a stop sequence; the text shown therefore never
 * contains one, streamed or not.
 */
export class ChoiceGenerator {
    model;
    controls;
    limits;
    random;
    history;
    counts = new Map();
    holdBack;
    previousSurface;
    sentenceStart;
    forced;
    text = '';
    emitted = 0;
    /** Tokens generated so far (EOS is not an output token). */
    tokensGenerated = 0;
    finishReason = null;
    constructor(model, setup, controls, limits, random) {
        this.model = model;
        this.controls = controls;
        this.limits = limits;
        this.random = random;
        this.history = [...setup.context];
        this.previousSurface = setup.previousSurface;
        this.sentenceStart = setup.sentenceStart;
        this.forced = setup.forcedFirst;
        this.holdBack = limits.stop.reduce((longest, stop) => Math.max(longest, stop.length - 1), 0);
    }
    get finished() {
        return this.finishReason !== null;
    }
    step() {
        if (this.finishReason !== null)
            return { delta: '', finishReason: this.finishReason };
        let token = this.forced;
        this.forced = undefined;
        if (token === undefined) {
            token = sampleToken(nextTokenDistribution(this.model, this.history), this.controls, this.counts, this.random);
        }
        if (token === EOS)
            return this.finish('stop', this.text.length);
        this.tokensGenerated++;
        this.history.push(token);
        this.counts.set(token, (this.counts.get(token) ?? 0) + 1);
        const surface = this.sentenceStart ? capitalize(this.model.surfaces[token]) : this.model.surfaces[token];
        this.sentenceStart = endsSentence(surface);
        const before = this.text.length;
        this.text += joinToken(this.previousSurface, surface);
        this.previousSurface = surface;
        const stopAt = this.findStop(Math.max(0, before - this.holdBack));
        if (stopAt >= 0)
            return this.finish('stop', stopAt);
        if (this.tokensGenerated >= this.limits.maxTokens)
            return this.finish('length', this.text.length);
        const safeEnd = this.text.length - this.holdBack;
        if (safeEnd <= this.emitted)
            return { delta: '', finishReason: null };
        const delta = this.text.slice(this.emitted, safeEnd);
        this.emitted = safeEnd;
        return { delta, finishReason: null };
    }
    /** The full text produced so far (after finishing: the answer). */
    get output() {
        return this.text;
    }
    finish(reason, end) {
        this.text = this.text.slice(0, end);
        const delta = this.text.slice(this.emitted);
        this.emitted = this.text.length;
        this.finishReason = reason;
        return { delta, finishReason: reason };
    }
    findStop(from) {
        let earliest = -1;
        for (const stop of this.limits.stop) {
            const index = this.text.indexOf(stop, from);
            if (index >= 0 && (earliest < 0 || index < earliest))
                earliest = index;
        }
        return earliest;
    }
}
//# sourceMappingURL=choice-generator.js.map