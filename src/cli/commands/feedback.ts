import type { Command } from 'commander';
import { parseInteger, usageError } from '../argument-parsers.js';
import { type ClientOptions, clientFrom, printResult, withClientOptions } from '../client-command.js';
import { asRecord, asText } from '../output.js';

interface FeedbackOptions extends ClientOptions {
  thumbs?: string;
  rating?: string;
  correction?: string;
  comment?: string;
  label: string[];
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** The request body from the flags; a usage error (exit 2) when none of thumbs, rating, correction, comment is given. */
export function feedbackBody(requestId: string, options: Omit<FeedbackOptions, keyof ClientOptions>): Record<string, unknown> {
  if (options.thumbs !== undefined && options.thumbs !== 'up' && options.thumbs !== 'down') {
    throw usageError(`--thumbs must be up or down, got "${options.thumbs}"`);
  }
  const rating = options.rating === undefined ? undefined : parseInteger(options.rating, '--rating', 1);
  if (rating !== undefined && rating > 5) throw usageError(`--rating must be 1 to 5, got "${options.rating}"`);
  if (options.thumbs === undefined && rating === undefined && options.correction === undefined && options.comment === undefined) {
    throw usageError('give at least one of --thumbs, --rating, --correction, --comment');
  }
  return {
    request_id: requestId,
    ...(options.thumbs !== undefined ? { thumbs: options.thumbs } : {}),
    ...(rating !== undefined ? { rating } : {}),
    ...(options.correction !== undefined ? { correction: options.correction } : {}),
    ...(options.comment !== undefined ? { comment: options.comment } : {}),
    ...(options.label.length > 0 ? { labels: options.label } : {}),
  };
}

export function registerFeedbackCommand(program: Command): void {
  withClientOptions(
    program
      .command('feedback <request-id>')
      .description('Give feedback on a call (its x-request-id): thumbs, a 1–5 rating, a correction, a comment')
      .option('--thumbs <up|down>', 'thumbs up or down')
      .option('--rating <n>', 'a rating from 1 (bad) to 5 (good)')
      .option('--correction <text>', 'what the answer should have been')
      .option('--comment <text>', 'a comment')
      .option('--label <label>', 'a label (repeat for several)', collect, []),
  ).action(async (requestId: string, options: FeedbackOptions) => {
    const result = await clientFrom(options).post('/api/2.0/cairn/feedback', feedbackBody(requestId, options));
    printResult(options, result, () => `Recorded feedback ${asText(asRecord(result.feedback).id) ?? ''} on ${requestId}.`);
  });
}
