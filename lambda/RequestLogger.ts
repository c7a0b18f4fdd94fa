import type { Logger } from '@aws-lambda-powertools/logger';

/** The part of Powertools' Logger the request log uses; tests pass a recorder instead. */
export type RequestLogger = Pick<Logger, 'info' | 'error'>;
