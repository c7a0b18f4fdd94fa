import { createShareHandler } from '../operations/createShare.js';
import { createRuntime } from '../runtime.js';

export const handler = createShareHandler(createRuntime());
