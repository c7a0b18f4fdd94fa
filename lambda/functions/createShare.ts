import { createShareHandler } from '../operations/createShare/handler.js';
import { createRuntime } from '../runtime/createRuntime.js';

export const handler = createShareHandler(createRuntime());
