import { updateShareHandler } from '../operations/updateShare.js';
import { createRuntime } from '../runtime.js';

export const handler = updateShareHandler(createRuntime());
