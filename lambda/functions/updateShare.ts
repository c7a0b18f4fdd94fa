import { updateShareHandler } from '../operations/updateShare/handler.js';
import { createRuntime } from '../runtime/createRuntime.js';

export const handler = updateShareHandler(createRuntime());
