import type { Selectable } from 'kysely';
import type { MonitorResultsTable } from '../../storage/index.js';

/** The review-queue hook of the feedback area (`services.feedback.flagForReview`), as monitors call it. */
export type FlagForReview = (input: {
  request_id: string;
  endpoint_name: string;
  endpoint_id: string | null;
  source: 'guardrail' | 'quality' | 'feedback' | 'sample';
  detail: Record<string, unknown>;
}) => Promise<void>;

/** One run's outcome as the API returns it (a monitor_results row). */
export interface MonitorRunResult extends Omit<Selectable<MonitorResultsTable>, 'result'> {
  /** `status`: ok | insufficient_data | error; then the drift report or the quality scores, with sample sizes. */
  result: Record<string, unknown>;
}
