import { showShareHandler } from '../operations/showShare/handler.js';
import { createRuntime } from '../runtime/createRuntime.js';

export const handler = showShareHandler(createRuntime());
