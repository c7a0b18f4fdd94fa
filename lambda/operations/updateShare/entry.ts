import { updateShareHandler } from './handler.js';
import { createRuntime } from '../../runtime.js';

export const handler = updateShareHandler(createRuntime());
