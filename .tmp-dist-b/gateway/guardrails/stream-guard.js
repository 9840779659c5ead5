import { isPromiseLike, runGuardrails, strongerAction } from './run-guardrails.js';
/**
 * Output guardrails over a stream (SEC-OUT-4). Per choice, the last `window` characters are held back; once
 * `scanStep` new characters have arrived, the window guardrails re-run over the held text only (window + step: the
 * cost per delta does not grow with the answer), then the part more than `window` characters behind the newest
 * text is released, with masks applied. Anything a guardrail must see whole and that is at most `window` long is thus
 * complete in some scan before its first character leaves: a keyword split across deltas is judged whole.
 * A mask that reaches into the held tail (an address or link still being written: guardrails are told the text is
 * `partial`) holds the release back until the masked part is `window` characters behind. Once a scan blocks, nothing
 * more is released, for any choice.
 *
 * Why 128 characters by default: the longest thing the built-in detectors must see whole is typically under it —
 * e-mail addresses, card numbers and IBANs with separators, phone numbers, most API keys (`sk-…` 51, `ghp_…` 40,
 * `AKIA…` 20) — while a markdown link of any length is held by the `partial` rule until it is complete. A guardrail
 * that needs more declares `streamWindow` (the keyword guardrail: twice its longest keyword) and the window grows
 * to the largest, at most 4096. Secrets longer than the window (PEM keys, long JWTs) are only partly caught.
 *
 * Added time to first token: the first `window` + `scanStep` characters (≈ 36 tokens at 4 characters a token)
 * are held, so the client sees its first text when the model has produced ≈ 144 characters: at 50 tokens/s about
 * 0.7 s later than without output guardrails; answers shorter than that arrive whole at the end. CPU per 4-char
 * delta, measured with keywords + PII + injection + markdown links: ≈ 28 µs (PII masking is most of it).
 *
 * Guardrails marked `wholeText` (JSON schema, topics, webhooks) run once per choice at its end over the text as
 * released; they can flag or block (ending the stream with an error event after what was already sent), not mask.
 */
export const DEFAULT_STREAM_WINDOW = 128;
/**
 * Scanning every 16 new characters instead of every delta (≈ 4 tokens) divides the guardrails' work per delta by
 * about 4 for token-sized deltas; the client then gets text in steps of ≥ 16 characters, which reads as smoothly.
 */
export const DEFAULT_SCAN_STEP = 16;
export const MAX_STREAM_WINDOW = 4096;
/** A held tail that keeps being masked (a run of addresses) is released anyway past this many windows. */
const MAX_HELD_WINDOWS = 8;
const MAX_RECORDED_FINDINGS = 200;
/** The window a set of guardrails needs on a stream: the largest they declare, at least the default. */
export function streamWindowFor(guardrails) {
    let window = DEFAULT_STREAM_WINDOW;
    for (const guardrail of guardrails)
        if (guardrail.streamWindow !== undefined)
            window = Math.max(window, guardrail.streamWindow);
    return Math.min(MAX_STREAM_WINDOW, window);
}
function commonSuffixLength(a, b) {
    const limit = Math.min(a.length, b.length);
    let length = 0;
    while (length < limit && a.charCodeAt(a.length - 1 - length) === b.charCodeAt(b.length - 1 - length))
        length++;
    return length;
}
/** One verdict per guardrail over the whole stream: strongest action, findings deduplicated across windows. */
class VerdictBook {
    merged = new Map();
    record(verdict, findings) {
        let entry = this.merged.get(verdict.guardrail);
        if (!entry) {
            entry = { verdict: { guardrail: verdict.guardrail, stage: verdict.stage, action: 'allow', findings: [], latency_ms: 0 }, seen: new Set() };
            this.merged.set(verdict.guardrail, entry);
        }
        const book = entry.verdict;
        book.action = strongerAction(book.action, verdict.action);
        book.latency_ms = (book.latency_ms ?? 0) + (verdict.latency_ms ?? 0);
        if (verdict.score !== undefined)
            book.score = Math.max(book.score ?? verdict.score, verdict.score);
        if (verdict.error !== undefined)
            book.error ??= verdict.error;
        for (const finding of findings) {
            const key = `${finding.segment}:${finding.type}:${finding.start ?? ''}:${finding.end ?? ''}:${finding.detail ?? ''}`;
            if (entry.seen.has(key) || book.findings.length >= MAX_RECORDED_FINDINGS)
                continue;
            entry.seen.add(key);
            book.findings.push(finding);
        }
    }
    /** Latency only: a scan whose verdict is about held text that will be scanned again. */
    time(verdict) {
        const entry = this.merged.get(verdict.guardrail);
        if (entry)
            entry.verdict.latency_ms = (entry.verdict.latency_ms ?? 0) + (verdict.latency_ms ?? 0);
        else
            this.record({ ...verdict, action: 'allow', findings: [] }, []);
    }
    all() {
        return [...this.merged.values()].map((entry) => entry.verdict);
    }
}
export function createStreamGuard(options) {
    const { windowGuardrails, wholeTextGuardrails } = options;
    const window = windowGuardrails.length === 0 ? 0 : (options.window ?? streamWindowFor(windowGuardrails));
    const maxHeld = Math.max(window * MAX_HELD_WINDOWS, 1024);
    const scanStep = Math.max(1, options.scanStep ?? DEFAULT_SCAN_STEP);
    const windowContext = { ...options.context, partial: true };
    const finalContext = { ...options.context, partial: false };
    const keepReleased = wholeTextGuardrails.length > 0;
    const choices = new Map();
    const book = new VerdictBook();
    let blocked = false;
    /** Steps run one at a time: a push arriving while an asynchronous one is pending waits for it. */
    let queue;
    const choice = (index) => {
        let state = choices.get(index);
        if (!state) {
            state = { held: '', base: 0, scannedLength: 0, released: '', finished: false };
            choices.set(index, state);
        }
        return state;
    };
    function block(outcome, base, choiceIndex) {
        blocked = true;
        for (const verdict of outcome.verdicts)
            book.record(verdict, placed(verdict.findings, base, choiceIndex));
        return { release: '', blocked: outcome };
    }
    /** Findings of a one-segment scan, placed in the whole choice: segment = choice index, offsets from its start. */
    function placed(findings, base, choiceIndex) {
        return findings.map((finding) => {
            const moved = { ...finding, segment: choiceIndex };
            if (finding.start !== undefined) {
                moved.start = finding.start + base;
                moved.end = (finding.end ?? finding.start) + base;
            }
            return moved;
        });
    }
    /** Books the verdicts about text now released (findings in the still-held tail come back in a later scan). */
    function recordReleased(outcome, base, choiceIndex, releasedUntil, final) {
        for (const verdict of outcome.verdicts) {
            const findings = final ? verdict.findings : verdict.findings.filter((finding) => finding.start === undefined || finding.start < releasedUntil);
            if (!final && findings.length === 0 && verdict.action !== 'allow' && verdict.findings.length > 0 && verdict.error === undefined)
                book.time(verdict);
            else
                book.record(verdict, placed(findings, base, choiceIndex));
        }
    }
    function releaseFrom(state, choiceIndex, outcome, final) {
        if (outcome.action === 'block')
            return block(outcome, state.base, choiceIndex);
        const held = state.held;
        const masked = outcome.segments[0]?.text ?? held;
        let keep;
        if (final) {
            keep = 0;
        }
        else {
            const unchanged = masked === held ? held.length : commonSuffixLength(held, masked);
            keep = unchanged >= window ? window : held.length > maxHeld ? unchanged : held.length;
        }
        const releasedUntil = held.length - keep;
        recordReleased(outcome, state.base, choiceIndex, releasedUntil, final);
        // `keep` is the held text's unchanged tail (or all of it): the masked text minus that tail is what may go.
        const release = keep === held.length ? '' : masked.slice(0, masked.length - keep);
        state.held = held.slice(releasedUntil);
        state.scannedLength = state.held.length;
        state.base += releasedUntil;
        if (keepReleased)
            state.released += release;
        return { release };
    }
    function scanHeld(state, index, final) {
        const segments = [{ source: 'completion', text: state.held, index }];
        const result = runGuardrails(windowGuardrails, segments, final ? finalContext : windowContext);
        return isPromiseLike(result) ? result.then((outcome) => releaseFrom(state, index, outcome, final)) : releaseFrom(state, index, result, final);
    }
    function judgeWhole(state, index, tail) {
        if (tail.blocked || wholeTextGuardrails.length === 0)
            return tail;
        const segments = [{ source: 'completion', text: state.released, index }];
        const decide = (outcome) => {
            if (outcome.action === 'block')
                return block(outcome, 0, index);
            for (const verdict of outcome.verdicts)
                book.record(verdict.action === 'mask' ? { ...verdict, action: 'flag' } : verdict, placed(verdict.findings, 0, index));
            return tail;
        };
        const result = runGuardrails(wholeTextGuardrails, segments, finalContext);
        return isPromiseLike(result) ? result.then(decide) : decide(result);
    }
    function pushNow(text, index) {
        if (blocked)
            return { release: '' };
        const state = choice(index);
        if (window === 0) {
            if (keepReleased)
                state.released += text;
            return { release: text };
        }
        state.held += text;
        if (state.held.length <= window || state.held.length < Math.max(window, state.scannedLength) + scanStep)
            return { release: '' };
        return scanHeld(state, index, false);
    }
    function finishNow(index) {
        if (blocked)
            return { release: '' };
        const state = choice(index);
        if (state.finished)
            return { release: '' };
        state.finished = true;
        // The tail goes out only if the whole-text verdict allows it: nothing after a block (SEC-OUT-4).
        const tail = window === 0 || state.held.length === 0 ? { release: '' } : scanHeld(state, index, true);
        return isPromiseLike(tail) ? tail.then((step) => judgeWhole(state, index, step)) : judgeWhole(state, index, tail);
    }
    function serialized(step) {
        if (queue) {
            const next = queue.then(step, step);
            const settled = next.finally(() => {
                if (queue === settled)
                    queue = undefined;
            });
            queue = settled;
            return next;
        }
        const result = step();
        if (isPromiseLike(result)) {
            const settled = result.finally(() => {
                if (queue === settled)
                    queue = undefined;
            });
            queue = settled;
        }
        return result;
    }
    return {
        push: (text, index) => serialized(() => pushNow(text, index)),
        finish: (index) => serialized(() => finishNow(index)),
        verdicts: () => book.all(),
    };
}
//# sourceMappingURL=stream-guard.js.map