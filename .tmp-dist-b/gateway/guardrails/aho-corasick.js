/**
 * Aho–Corasick over UTF-16 code units: finds every occurrence of any of many literal patterns in one pass, in
 * time linear in the text plus the matches (SEC-DOS-7), however many patterns there are. A regex alternation of
 * a thousand keywords would instead try each alternative at each position.
 */
const ROOT = 0;
const ASCII_SIZE = 128;
export class AhoCorasick {
    /** Children per state; the root's ASCII children also live in `rootAscii`, the hottest lookup. */
    children = [new Map()];
    rootAscii = new Int32Array(ASCII_SIZE);
    failure = [ROOT];
    /** Patterns ending exactly at a state. */
    ends = [[]];
    /** Nearest state on the failure chain that ends some pattern (-1: none). */
    outputLink = [-1];
    lengths;
    constructor(patterns) {
        this.lengths = patterns.map((pattern) => pattern.length);
        patterns.forEach((pattern, index) => this.insert(pattern, index));
        this.link();
        for (const [code, state] of this.children[ROOT])
            if (code < ASCII_SIZE)
                this.rootAscii[code] = state;
    }
    get stateCount() {
        return this.children.length;
    }
    insert(pattern, index) {
        if (pattern.length === 0)
            return;
        let state = ROOT;
        for (let position = 0; position < pattern.length; position++) {
            const code = pattern.charCodeAt(position);
            let next = this.children[state].get(code);
            if (next === undefined) {
                next = this.children.length;
                this.children.push(new Map());
                this.failure.push(ROOT);
                this.ends.push([]);
                this.outputLink.push(-1);
                this.children[state].set(code, next);
            }
            state = next;
        }
        this.ends[state].push(index);
    }
    /** Breadth-first: a state's failure link is the longest proper suffix of its path that is also a prefix. */
    link() {
        const queue = [];
        for (const child of this.children[ROOT].values())
            queue.push(child);
        for (let head = 0; head < queue.length; head++) {
            const state = queue[head];
            for (const [code, child] of this.children[state]) {
                let fallback = this.failure[state];
                while (fallback !== ROOT && !this.children[fallback].has(code))
                    fallback = this.failure[fallback];
                const target = this.children[fallback].get(code);
                const failure = target !== undefined && target !== child ? target : ROOT;
                this.failure[child] = failure;
                this.outputLink[child] = this.ends[failure].length > 0 ? failure : this.outputLink[failure];
                queue.push(child);
            }
        }
    }
    step(state, code) {
        let current = state;
        for (;;) {
            if (current === ROOT)
                return code < ASCII_SIZE ? this.rootAscii[code] : (this.children[ROOT].get(code) ?? ROOT);
            const next = this.children[current].get(code);
            if (next !== undefined)
                return next;
            current = this.failure[current];
        }
    }
    /**
     * Calls `onMatch` for each occurrence, in order of end position; stops early when it returns false.
     * The `PatternMatch` object is reused between calls: copy what you keep.
     */
    scan(text, onMatch) {
        const match = { pattern: 0, start: 0, end: 0 };
        let state = ROOT;
        for (let position = 0; position < text.length; position++) {
            state = this.step(state, text.charCodeAt(position));
            if (state === ROOT)
                continue;
            for (let output = this.ends[state].length > 0 ? state : this.outputLink[state]; output !== -1; output = this.outputLink[output]) {
                for (const pattern of this.ends[output]) {
                    match.pattern = pattern;
                    match.end = position + 1;
                    match.start = match.end - this.lengths[pattern];
                    if (onMatch(match) === false)
                        return;
                }
            }
        }
    }
}
//# sourceMappingURL=aho-corasick.js.map