import { createShareHandler } from './handler.js';
import { createRuntime } from '../../runtime.js';

export const handler = createShareHandler(createRuntime());
