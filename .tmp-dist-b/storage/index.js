export { openDatabase, isPostgresUrl } from './open-database.js';
export { ChangeFeed } from './change-feed.js';
export { acquireLease, releaseLease } from './lease.js';
//# sourceMappingURL=index.js.map