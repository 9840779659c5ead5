const DAY_MS = 86_400_000;
/**
 * Bounds of the period containing `now`. Months are cached (one Date computation per month change, not per call),
 * since admission asks on every request.
 */
export function createPeriodCalculator() {
    let day = { start: 0, end: 0 };
    let month = { start: 0, end: 0 };
    return (period, now) => {
        if (period === 'day') {
            if (now < day.start || now >= day.end) {
                const start = now - (((now % DAY_MS) + DAY_MS) % DAY_MS);
                day = { start, end: start + DAY_MS };
            }
            return day;
        }
        if (now < month.start || now >= month.end)
            month = monthBounds(now);
        return month;
    };
}
export function monthBounds(now) {
    const date = new Date(now);
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth();
    return { start: Date.UTC(year, month, 1), end: Date.UTC(year, month + 1, 1) };
}
//# sourceMappingURL=budget-period.js.map