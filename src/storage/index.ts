export type * from './tables.js';
export { openDatabase, isPostgresUrl, type Db, type StorageHandle } from './open-database.js';
export { ChangeFeed, type ChangeTopic } from './change-feed.js';
export type { DialectName } from './migrations/index.js';
export { acquireLease, releaseLease } from './lease.js';
export type * from './monitoring-tables.js';
export type * from './package-tables.js';
export type * from './webhook-tables.js';
