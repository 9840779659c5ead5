/** Kinds that are sent to the rule's channels (pending is history only). */
export const notifiedKinds = new Set(['firing', 'renotify', 'resolved', 'no_data']);
export function compare(value, comparator, threshold) {
    switch (comparator) {
        case '>':
            return value > threshold;
        case '>=':
            return value >= threshold;
        case '<':
            return value < threshold;
        case '<=':
            return value <= threshold;
        case '==':
            return value === threshold;
        case '!=':
            return value !== threshold;
    }
}
export function initialState(now) {
    return { state: 'ok', since: now, lastValue: null, lastEvaluatedAt: now, lastNotifiedAt: null };
}
/** What the observation means for this rule, before the no-data policy applies. */
export function classify(observation, rule) {
    const { value } = observation;
    if (value === null || !Number.isFinite(value))
        return 'missing';
    if (rule.min_samples !== undefined && (observation.samples ?? 0) < rule.min_samples)
        return 'missing';
    return compare(value, rule.comparator, rule.threshold) ? 'breach' : 'clear';
}
export function transition(previous, observation, rule, now) {
    const prior = previous ?? initialState(now);
    const reading = classify(observation, rule);
    const value = reading === 'missing' ? null : observation.value;
    const base = { ...prior, lastEvaluatedAt: now, lastValue: value };
    const events = [];
    const emit = (kind, from, to) => events.push({ kind, from, to, value });
    const enter = (state, extra = {}) => ({ ...base, state, since: now, ...extra });
    let effective;
    if (reading !== 'missing')
        effective = reading;
    else if (rule.no_data === 'ok')
        effective = 'clear';
    else if (rule.no_data === 'alerting')
        effective = 'breach';
    else if (rule.no_data === 'keep')
        effective = 'keep';
    else
        effective = 'no_data';
    if (effective === 'keep') {
        // The state is kept as it is; only a firing alert's re-notification clock keeps running.
        return { next: renotify(base, rule, now, emit), events };
    }
    if (effective === 'no_data') {
        if (prior.state === 'no_data')
            return { next: renotify(base, rule, now, emit), events };
        if (prior.state === 'firing')
            emit('resolved', 'firing', 'no_data');
        emit('no_data', prior.state, 'no_data');
        return { next: enter('no_data', { lastNotifiedAt: now }), events };
    }
    if (effective === 'clear') {
        if (prior.state === 'ok')
            return { next: base, events };
        if (prior.state === 'pending')
            return { next: enter('ok', { lastNotifiedAt: null }), events };
        emit('resolved', prior.state, 'ok');
        return { next: enter('ok', { lastNotifiedAt: null }), events };
    }
    // Breach.
    switch (prior.state) {
        case 'firing':
            return { next: renotify(base, rule, now, emit), events };
        case 'pending':
            if (now - prior.since >= rule.for_seconds * 1000) {
                emit('firing', 'pending', 'firing');
                return { next: enter('firing', { lastNotifiedAt: now }), events };
            }
            return { next: base, events };
        case 'no_data':
            // The no_data alert is over (data is back); the breach starts its own alert.
            emit('resolved', 'no_data', rule.for_seconds === 0 ? 'firing' : 'pending');
            break;
        case 'ok':
            break;
    }
    if (rule.for_seconds === 0) {
        emit('firing', prior.state, 'firing');
        return { next: enter('firing', { lastNotifiedAt: now }), events };
    }
    emit('pending', prior.state, 'pending');
    return { next: enter('pending', { lastNotifiedAt: null }), events };
}
/** Re-notifies an open alert (firing or no_data) once renotify_seconds have passed since its last notification. */
function renotify(state, rule, now, emit) {
    if ((state.state !== 'firing' && state.state !== 'no_data') || rule.renotify_seconds === undefined)
        return state;
    if (state.lastNotifiedAt !== null && now - state.lastNotifiedAt < rule.renotify_seconds * 1000)
        return state;
    emit('renotify', state.state, state.state);
    return { ...state, lastNotifiedAt: now };
}
//# sourceMappingURL=state-machine.js.map