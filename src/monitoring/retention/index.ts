export {
  createRetentionSweeper,
  RETENTION_TARGETS,
  type RetentionOptions,
  type RetentionRun,
  type RetentionStats,
  type RetentionSweeper,
  type RetentionTarget,
} from './retention-sweeper.js';
