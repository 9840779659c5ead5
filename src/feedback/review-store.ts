import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { CairnError, errors } from '../errors/index.js';
import type { Db, ReviewDecisionsTable, ReviewItemsTable } from '../storage/index.js';
import { callRowColumns, summarizeCall } from './call-payload.js';
import { parseLabels } from './feedback-input.js';
import { decodePageToken, encodePageToken, inScope, pageSize } from './page-token.js';
import { displayName, principalNames } from './reviewer-names.js';
import {
  reviewSources,
  type DecideInput,
  type FlagForReviewInput,
  type ReviewDecision,
  type ReviewDecisionKind,
  type ReviewItem,
  type ReviewListQuery,
  type ReviewReason,
  type ReviewStatus,
} from './types.js';

/**
 * A reviewer acting on an item: who (principal id: names are unique only per kind, so a user and a service
 * principal of the same name must not share claims) and whether admin.
 */
export interface Reviewer {
  id: string;
  isAdmin: boolean;
}

/** Reasons kept per item; a call flagged on every row of a busy monitor must not grow its item without bound. */
export const MAX_REASONS = 50;
/** Attempts of the optimistic read-modify-write of `reasons` before giving up (another instance kept winning). */
const APPEND_ATTEMPTS = 5;

function parseReasons(text: string): ReviewReason[] {
  try {
    const value = JSON.parse(text) as unknown;
    if (!Array.isArray(value)) return [];
    return value.filter(
      (reason): reason is ReviewReason =>
        typeof reason === 'object' && reason !== null && reviewSources.includes((reason as ReviewReason).source),
    );
  } catch {
    return [];
  }
}

/** The status a reader sees: a claim nobody renewed within the TTL is open again. */
export function effectiveStatus(row: Pick<Selectable<ReviewItemsTable>, 'status' | 'claimed_at'>, now: number, claimTtlMs: number): ReviewStatus {
  if (row.status === 'claimed' && (row.claimed_at === null || Number(row.claimed_at) <= now - claimTtlMs)) return 'open';
  return row.status === 'claimed' || row.status === 'decided' ? row.status : 'open';
}

/** `names`: display names by principal id (`principalNames`); an id missing there shows as itself. */
export function toItem(row: Selectable<ReviewItemsTable>, now: number, claimTtlMs: number, names: ReadonlyMap<string, string>): ReviewItem {
  const status = effectiveStatus(row, now, claimTtlMs);
  const holder = status === 'open' ? null : row.claimed_by;
  return {
    id: row.id,
    request_id: row.request_id,
    endpoint_name: row.endpoint_name,
    endpoint_id: row.endpoint_id,
    reasons: parseReasons(row.reasons),
    status,
    claimed_by: holder === null ? null : displayName(names, holder),
    claimed_by_id: holder,
    claimed_at: status === 'open' || row.claimed_at === null ? null : Number(row.claimed_at),
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
  };
}

export function toDecision(row: Selectable<ReviewDecisionsTable>, names: ReadonlyMap<string, string>): ReviewDecision {
  return {
    id: Number(row.id),
    item_id: row.item_id,
    request_id: row.request_id,
    decision: row.decision as ReviewDecisionKind,
    labels: parseLabels(row.labels),
    correction: row.correction,
    comment: row.comment,
    decided_by: displayName(names, row.decided_by),
    decided_by_id: row.decided_by,
    decided_at: Number(row.decided_at),
  };
}

/** Same source with the same detail is one reason, however often it is reported (e.g. a retried batch). */
function sameReason(left: ReviewReason, right: Pick<ReviewReason, 'source' | 'detail'>): boolean {
  return left.source === right.source && JSON.stringify(left.detail) === JSON.stringify(right.detail);
}

/** `existing` plus the new reasons not already there, at most MAX_REASONS. Pure. */
export function mergeReasons(existing: readonly ReviewReason[], added: readonly ReviewReason[]): ReviewReason[] {
  const merged = [...existing];
  for (const reason of added) {
    if (merged.length >= MAX_REASONS) break;
    if (!merged.some((kept) => sameReason(kept, reason))) merged.push(reason);
  }
  return merged;
}

/**
 * One item per request id: the first flag inserts it, later ones append their reason. The append is an optimistic
 * compare-and-set on the reasons text, so two instances flagging the same call at once both land on either dialect.
 */
export async function addReasons(db: Db, flags: readonly FlagForReviewInput[], now: number): Promise<void> {
  const byRequest = new Map<string, { first: FlagForReviewInput; reasons: ReviewReason[] }>();
  for (const flag of flags) {
    const reason: ReviewReason = { source: flag.source, detail: flag.detail, at: now };
    const entry = byRequest.get(flag.request_id);
    if (entry) entry.reasons = mergeReasons(entry.reasons, [reason]);
    else byRequest.set(flag.request_id, { first: flag, reasons: [reason] });
  }
  for (const [requestId, { first, reasons }] of byRequest) {
    const inserted = await db
      .insertInto('review_items')
      .values({
        id: randomUUID(),
        request_id: requestId,
        endpoint_name: first.endpoint_name,
        endpoint_id: first.endpoint_id,
        reasons: JSON.stringify(reasons),
        status: 'open',
        claimed_by: null,
        claimed_at: null,
        created_at: now,
        updated_at: now,
      })
      .onConflict((conflict) => conflict.column('request_id').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) continue;
    for (let attempt = 0; attempt < APPEND_ATTEMPTS; attempt += 1) {
      const row = await db.selectFrom('review_items').select(['id', 'reasons']).where('request_id', '=', requestId).executeTakeFirst();
      if (!row) break;
      const merged = mergeReasons(parseReasons(row.reasons), reasons);
      const text = JSON.stringify(merged);
      if (text === row.reasons) break;
      const updated = await db
        .updateTable('review_items')
        .set({ reasons: text, updated_at: now })
        .where('id', '=', row.id)
        .where('reasons', '=', row.reasons)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 1) break;
    }
  }
}

/** Review items newest first, keyset-paginated on (created_at, id), each with its call's masked summary. */
export async function listItems(
  db: Db,
  query: ReviewListQuery,
  now: number,
  claimTtlMs: number,
): Promise<{ items: ReviewItem[]; next_page_token?: string }> {
  const limit = pageSize(query.max_results);
  const cursor = query.page_token ? decodePageToken(query.page_token) : undefined;
  const { endpoints } = query;
  if (endpoints && endpoints.length === 0) return { items: [] };
  const expiredBefore = now - claimTtlMs;
  let select = db.selectFrom('review_items').selectAll();
  if (query.endpoint_name !== undefined) select = select.where('endpoint_name', '=', query.endpoint_name);
  if (endpoints) select = select.where((eb) => inScope(eb, endpoints));
  if (query.status === 'decided') select = select.where('status', '=', 'decided');
  if (query.status === 'claimed') select = select.where('status', '=', 'claimed').where('claimed_at', '>', expiredBefore);
  if (query.status === 'open') {
    select = select.where((eb) => eb.or([eb('status', '=', 'open'), eb.and([eb('status', '=', 'claimed'), eb('claimed_at', '<=', expiredBefore)])]));
  }
  // Reasons are stored by JSON.stringify (no spaces) and sources are a closed set, so a substring match is exact.
  if (query.source !== undefined) select = select.where('reasons', 'like', `%"source":"${query.source}"%`);
  if (cursor) {
    select = select.where((eb) => eb.or([eb('created_at', '<', cursor.t), eb.and([eb('created_at', '=', cursor.t), eb('id', '<', cursor.id)])]));
  }
  const rows = await select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
  const kept = rows.slice(0, limit);
  const names = await principalNames(db, kept.map((row) => row.claimed_by));
  const page = kept.map((row) => toItem(row, now, claimTtlMs, names));
  await attachSummaries(db, page);
  const last = page.at(-1);
  return rows.length > limit && last ? { items: page, next_page_token: encodePageToken({ t: last.created_at, id: last.id }) } : { items: page };
}

/** Adds each item's call summary, in one query for the page. */
export async function attachSummaries(db: Db, items: ReviewItem[]): Promise<void> {
  if (items.length === 0) return;
  const rows = await db
    .selectFrom('inference_log')
    .select([...callRowColumns])
    .where('request_id', 'in', items.map((item) => item.request_id))
    .execute();
  const byId = new Map(rows.map((row) => [row.request_id, row]));
  for (const item of items) {
    const row = byId.get(item.request_id);
    if (row) item.call = summarizeCall(row);
  }
}

export async function getItemRow(db: Db, id: string): Promise<Selectable<ReviewItemsTable> | undefined> {
  return db.selectFrom('review_items').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function decisionsOf(db: Db, itemId: string): Promise<ReviewDecision[]> {
  const rows = await db.selectFrom('review_decisions').selectAll().where('item_id', '=', itemId).orderBy('id').execute();
  const names = await principalNames(db, rows.map((row) => row.decided_by));
  return rows.map((row) => toDecision(row, names));
}

/** The item as the API shows it, with its holder's name. */
export async function itemOf(db: Db, row: Selectable<ReviewItemsTable>, now: number, claimTtlMs: number): Promise<ReviewItem> {
  return toItem(row, now, claimTtlMs, await principalNames(db, [row.claimed_by]));
}

function conflict(message: string): CairnError {
  return new CairnError('RESOURCE_CONFLICT', message);
}

/** 409 naming the holder by name (the id is what is stored; the name is what a reviewer recognises). */
async function heldBy(db: Db, id: string, holder: string | null): Promise<CairnError> {
  if (holder === null) return conflict(`Review item ${id} is claimed by another reviewer.`);
  return conflict(`Review item ${id} is claimed by ${displayName(await principalNames(db, [holder]), holder)}.`);
}

/**
 * Takes the item for `reviewer`: one conditional UPDATE, so of two reviewers claiming at once exactly one wins on
 * either dialect. Open items, claims past their TTL and the reviewer's own claim (renewed) can be taken.
 */
export async function claimItem(db: Db, id: string, reviewer: Reviewer, now: number, claimTtlMs: number): Promise<Selectable<ReviewItemsTable>> {
  const result = await db
    .updateTable('review_items')
    .set({ status: 'claimed', claimed_by: reviewer.id, claimed_at: now, updated_at: now })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'open'),
        eb.and([
          eb('status', '=', 'claimed'),
          eb.or([eb('claimed_at', 'is', null), eb('claimed_at', '<=', now - claimTtlMs), eb('claimed_by', '=', reviewer.id)]),
        ]),
      ]),
    )
    .executeTakeFirst();
  const row = await getItemRow(db, id);
  if (!row) throw errors.notFound(`Review item ${id} does not exist.`);
  if (Number(result.numUpdatedRows) === 1) return row;
  if (row.status === 'decided') throw conflict(`Review item ${id} is already decided.`);
  throw await heldBy(db, id, row.claimed_by);
}

/** Gives a claim back; only its holder or an admin may, and only while the item is not decided. */
export async function releaseItem(db: Db, id: string, reviewer: Reviewer, now: number): Promise<Selectable<ReviewItemsTable>> {
  let update = db
    .updateTable('review_items')
    .set({ status: 'open', claimed_by: null, claimed_at: null, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'claimed');
  if (!reviewer.isAdmin) update = update.where('claimed_by', '=', reviewer.id);
  const result = await update.executeTakeFirst();
  const row = await getItemRow(db, id);
  if (!row) throw errors.notFound(`Review item ${id} does not exist.`);
  if (Number(result.numUpdatedRows) === 1 || row.status === 'open') return row;
  if (row.status === 'decided') throw conflict(`Review item ${id} is already decided.`);
  throw await heldBy(db, id, row.claimed_by);
}

/**
 * Records a decision. The reviewer must hold the item (its claim, or its last decision) unless admin; the item
 * becomes decided and the decision is appended, never overwriting an earlier one. The conditional UPDATE and the
 * insert share a transaction, so a claim taken over in between cannot let two reviewers decide the same turn.
 */
export async function decideItem(
  db: Db,
  id: string,
  reviewer: Reviewer,
  input: DecideInput,
  now: number,
  claimTtlMs: number,
): Promise<{ item: ReviewItem; decision: ReviewDecision }> {
  return db.transaction().execute(async (trx) => {
    let update = trx
      .updateTable('review_items')
      .set({ status: 'decided', claimed_by: reviewer.id, claimed_at: now, updated_at: now })
      .where('id', '=', id);
    if (!reviewer.isAdmin) update = update.where('claimed_by', '=', reviewer.id).where('status', 'in', ['claimed', 'decided']);
    const result = await update.executeTakeFirst();
    const row = await trx.selectFrom('review_items').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw errors.notFound(`Review item ${id} does not exist.`);
    if (Number(result.numUpdatedRows) !== 1) {
      throw row.status === 'claimed' && row.claimed_by !== null ? await heldBy(trx, id, row.claimed_by) : conflict(`Claim review item ${id} before deciding it.`);
    }
    const inserted = await trx
      .insertInto('review_decisions')
      .values({
        item_id: id,
        request_id: row.request_id,
        endpoint_name: row.endpoint_name,
        decision: input.decision,
        labels: JSON.stringify([...new Set(input.labels ?? [])]),
        correction: input.correction ?? null,
        comment: input.comment ?? null,
        decided_by: reviewer.id,
        decided_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const names = await principalNames(trx, [reviewer.id]);
    return { item: toItem(row, now, claimTtlMs, names), decision: toDecision(inserted, names) };
  });
}
