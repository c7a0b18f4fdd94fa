import { listSharesHandler } from '../operations/listShares/handler.js';
import { createRuntime } from '../runtime/createRuntime.js';

export const handler = listSharesHandler(createRuntime());
