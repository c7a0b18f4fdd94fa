import { showShareHandler } from '../operations/showShare.js';
import { createRuntime } from '../runtime.js';

export const handler = showShareHandler(createRuntime());
