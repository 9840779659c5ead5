import { registerAlertsCommand } from './alerts.js';
import { registerDriftCommand } from './drift.js';
import { registerEndpointsCommand } from './endpoints.js';
import { registerFeedbackCommand } from './feedback.js';
import { registerGuardrailsCommand } from './guardrails.js';
import { registerLogsCommand } from './logs.js';
import { registerModelsCommand } from './models.js';
import { registerMonitorsCommand } from './monitors.js';
import { registerPermissionsCommand } from './permissions.js';
import { registerPrincipalsCommand } from './principals.js';
import { registerReviewCommand } from './review.js';
import { registerServeCommand } from './serve.js';
import { registerTokensCommand } from './tokens.js';
/** Every `cairn` sub-command; each file registers one command group. */
export function registerCommands(program) {
    registerServeCommand(program);
    registerModelsCommand(program);
    registerEndpointsCommand(program);
    registerTokensCommand(program);
    registerPrincipalsCommand(program);
    registerPermissionsCommand(program);
    registerLogsCommand(program);
    registerGuardrailsCommand(program);
    registerMonitorsCommand(program);
    registerFeedbackCommand(program);
    registerReviewCommand(program);
    registerDriftCommand(program);
    registerAlertsCommand(program);
}
//# sourceMappingURL=index.js.map