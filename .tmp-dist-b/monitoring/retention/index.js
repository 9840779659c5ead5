export { createRetentionSweeper, RETENTION_TARGETS, } from './retention-sweeper.js';
//# sourceMappingURL=index.js.map