/**
 * `npm run --silent audit -- [--repository <ns/repo>] [--account <account>] [--since <time>] [--json]`:
 * prints the local server's audit events ($DATA_DIR/audit.jsonl) that match.
 * `--unused <age> [--table <name>]` prints instead the shares no registry token used for that long.
 */
import { decodeRepositoryName } from '../../lambda/domain/names.js';
import { runCommandLine, UsageError } from '../cli/command.js';
import { toShareAnswer } from '../../lambda/operations/shareAnswers.js';
import { dataDirFromEnv, dynamodbEndpointFromEnv } from '../cli/settings.js';
import { auditFileOf, readAuditFile } from './auditFile.js';
import { type AuditFilter, matchesAuditFilter, matchesShareFilter, parseSince } from './auditFilter.js';
import { formatAuditEvent, formatUnusedShare } from './auditFormat.js';
import { unusedShares } from './unusedShares.js';

const usage = `usage: npm run --silent audit -- [--repository <namespace/repository>] [--account <account>] [--since <time>] [--json]
       npm run --silent audit -- --unused <age> [--table <name>] [--repository <namespace/repository>] [--account <account>] [--json]
Prints the audit trail of the server of $DATA_DIR (default .data), kept in $DATA_DIR/audit.jsonl:
every share created, updated or revoked (share.created, share.updated, share.revoked) and every
registry token granted through a share (token.granted), oldest first, one a line.
  --repository  only those of this repository, e.g. demo/nginx
  --account     only those this account made, or that name it as the account shared with
  --since       only those from then on: a day (2026-06-15, UTC), a time (2026-06-15T12:00:00Z)
                or how long ago (30m, 12h, 7d)
  --json        each event as stored: one JSON object a line (docs/operating.md)
  --unused      instead of events, the shares in force that no registry token was issued through
                for that long (30d, 12h; or since a day or a time), never or last before it,
                read from the store: the embedded one of $DATA_DIR (through its server while
                one runs), $DYNAMODB_ENDPOINT's, or with --table a deployed table (AWS
                credentials and region from the environment)`;

await runCommandLine(
  'audit',
  {
    usage,
    options: {
      repository: { type: 'string' },
      account: { type: 'string' },
      since: { type: 'string' },
      json: { type: 'boolean' },
      unused: { type: 'string' },
      table: { type: 'string' },
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
    if (values.unused !== undefined) {
      if (values.since !== undefined) throw new UsageError('--since selects events; --unused takes its own age');
      const now = new Date();
      const since = parseSince(values.unused, now);
      if (!since) throw new UsageError(`--unused ${JSON.stringify(values.unused)}: give 30d, 12h, or a day or a time with its zone`);
      const source = { dataDir: dataDirFromEnv(), dynamodbEndpoint: dynamodbEndpointFromEnv(), tableName: values.table };
      for (const share of await unusedShares(source, since, now)) {
        if (!matchesShareFilter(share, filter)) continue;
        console.log(values.json ? JSON.stringify(toShareAnswer(share, now)) : formatUnusedShare(share));
      }
      return;
    }
    if (values.table !== undefined) throw new UsageError('--table goes with --unused');
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
