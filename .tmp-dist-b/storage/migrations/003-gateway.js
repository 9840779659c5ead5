/**
 * Gateway policies (issue 4):
 * - inference_log gains what the policies add to a call: its cost in USD, whether the token counts were estimated
 *   by Cairn (the provider sent none), every guardrail verdict, and the attempts made (retries and fallbacks).
 * - gateway_events keeps budget threshold events (and later other policy events) for every instance to see; the
 *   monitoring area turns them into alerts.
 */
export async function up(db, context) {
    await db.schema.alterTable('inference_log').addColumn('cost_usd', context.double).execute();
    await db.schema.alterTable('inference_log').addColumn('usage_estimated', 'integer').execute();
    await db.schema.alterTable('inference_log').addColumn('guardrail_results', 'text').execute();
    await db.schema.alterTable('inference_log').addColumn('attempts', 'text').execute();
    const { autoIncrement, bigint } = context;
    await db.schema
        .createTable('gateway_events')
        .addColumn('id', autoIncrement.type, (c) => autoIncrement.apply(c.primaryKey()))
        .addColumn('time', bigint, (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('endpoint_name', 'text')
        .addColumn('details', 'text', (c) => c.notNull())
        .execute();
    await db.schema.createIndex('gateway_events_time').on('gateway_events').columns(['time', 'id']).execute();
}
//# sourceMappingURL=003-gateway.js.map