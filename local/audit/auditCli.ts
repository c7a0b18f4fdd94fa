/**
 * `npm run --silent audit -- [--repository <ns/repo>] [--account <account>] [--since <time>] [--json]`:
 * prints the local server's audit events ($DATA_DIR/audit.jsonl) that match.
 */
import { decodeRepositoryName } from '../../lambda/domain/names.js';
import { runCommandLine, UsageError } from '../cli/command.js';
import { dataDirFromEnv } from '../settings.js';
import { auditFileOf, readAuditFile } from './auditFile.js';
import { type AuditFilter, matchesAuditFilter, parseSince } from './auditFilter.js';
import { formatAuditEvent } from './auditFormat.js';

const usage = `usage: npm run --silent audit -- [--repository <namespace/repository>] [--account <account>] [--since <time>] [--json]
Prints the audit trail of the server of $DATA_DIR (default .data), kept in $DATA_DIR/audit.jsonl:
every share created, updated or revoked (share.created, share.updated, share.revoked) and every
registry token granted through a share (token.granted), oldest first, one a line.
  --repository  only those of this repository, e.g. demo/nginx
  --account     only those this account made, or that name it as the account shared with
  --since       only those from then on: a day (2026-06-15, UTC), a time (2026-06-15T12:00:00Z)
                or how long ago (30m, 12h, 7d)
  --json        each event as stored: one JSON object a line (docs/operating.md)`;

await runCommandLine(
  'audit',
  {
    usage,
    options: {
      repository: { type: 'string' },
      account: { type: 'string' },
      since: { type: 'string' },
      json: { type: 'boolean' },
    },
  },
  async ({ values }) => {
    const filter: AuditFilter = {};
    if (values.repository !== undefined) {
      const slash = values.repository.indexOf('/');
      if (slash < 1 || slash === values.repository.length - 1)
        throw new UsageError('--repository takes namespace/repository, e.g. demo/nginx');
      // As the API's paths write it (`group$app`) or as the trail does (`group/app`).
      filter.repository = `${values.repository.slice(0, slash)}/${decodeRepositoryName(values.repository.slice(slash + 1))}`;
    }
    if (values.account !== undefined) filter.account = values.account;
    if (values.since !== undefined) {
      const since = parseSince(values.since, new Date());
      if (!since) throw new UsageError(`--since ${JSON.stringify(values.since)}: give a day, a time with its zone, or 30m, 12h, 7d`);
      filter.since = since;
    }
    const file = auditFileOf(dataDirFromEnv());
    const { events, skipped } = await readAuditFile(file);
    if (skipped > 0) console.error(`audit: ${skipped} line(s) of ${file} are not audit events (a write cut short?): skipped`);
    for (const event of events.filter((candidate) => matchesAuditFilter(candidate, filter))) {
      console.log(values.json ? JSON.stringify(event) : formatAuditEvent(event));
    }
  },
);
