import { deleteShareHandler } from './handler.js';
import { createRuntime } from '../../runtime.js';

export const handler = deleteShareHandler(createRuntime());
