import { CairnError } from '../errors/index.js';
import type { SeriesSource } from '../monitoring/series.js';

/** Routes a series name to the source that serves it (rollups, drift and quality monitors…): the first that handles it. */
export class SeriesRouter {
  constructor(private readonly sources: readonly SeriesSource[]) {}

  sourceFor(series: string): SeriesSource | undefined {
    return this.sources.find((source) => source.handles(series));
  }

  /** Every series name (or pattern) the sources know, for error messages and docs. */
  describe(): string[] {
    return this.sources.flatMap((source) => source.describe());
  }

  /** 400 naming the valid series when no source serves the name, or the source's own reason when it refuses it. */
  validate(series: string, filter: Readonly<Record<string, string>>): void {
    const source = this.sourceFor(series);
    const known = this.describe();
    if (!source) {
      throw new CairnError(
        'INVALID_PARAMETER_VALUE',
        `series: unknown series "${series}". Valid series: ${known.length > 0 ? known.join(', ') : '(no series sources are configured)'}.`,
        { details: { param: 'series', valid_series: known } },
      );
    }
    const problem = source.validate(series, filter);
    if (problem !== null) throw new CairnError('INVALID_PARAMETER_VALUE', `series: ${problem}`, { details: { param: 'series', valid_series: known } });
  }
}
