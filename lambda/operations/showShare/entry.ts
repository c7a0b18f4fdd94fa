import { showShareHandler } from './handler.js';
import { createRuntime } from '../../runtime.js';

export const handler = showShareHandler(createRuntime());
