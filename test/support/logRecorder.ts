import type { RequestLogger } from '../../lambda/RequestLogger.js';

export interface LoggedLine {
  message: string;
  fields: Record<string, unknown>;
}

/** A logger that keeps every info line, and apart every error line, for tests that check what the log says (and what it does not). */
export function recordingLogger(): { logger: RequestLogger; lines: LoggedLine[]; errors: LoggedLine[]; text(): string } {
  const lines: LoggedLine[] = [];
  const errors: LoggedLine[] = [];
  const logger: RequestLogger = {
    info: ((message: string, fields: Record<string, unknown> = {}) => lines.push({ message, fields })) as RequestLogger['info'],
    error: ((message: string, fields: Record<string, unknown> = {}) => errors.push({ message, fields })) as RequestLogger['error'],
  };
  return { logger, lines, errors, text: () => JSON.stringify(lines) };
}
