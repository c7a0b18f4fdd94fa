import { listSharesHandler } from '../operations/listShares.js';
import { createRuntime } from '../runtime.js';

export const handler = listSharesHandler(createRuntime());
