/**
 * Where the benchmarks' creates go. A create claims a place on its repository's roster
 * before it writes its share (docs/access-domains.md §9): two store calls, but six on a
 * repository's first create, which builds the roster. Each create in a new repository would
 * measure only that first create; real use makes many shares per repository. So the creates
 * go round-robin over a set of repositories, each filled with distinct accounts up to a
 * number well below the limit, and then over a fresh set: a repository's first create comes
 * once per repository, 1 create in `accountsPerRepository`, in the timed requests too, and
 * the rosters the claims update hold from none to `accountsPerRepository - 1` accounts.
 */
import { DEFAULT_MAX_ACCOUNTS_PER_REPOSITORY } from '../../lambda/runtime/config.js';

export interface CreateSpread {
  /** Repositories filled at once: the n-th create of a set goes to repository n mod this. */
  repositories: number;
  /** Distinct accounts each repository gets before a fresh set of repositories is started. */
  accountsPerRepository: number;
}

/** One create's place: the repository and the account it is shared with. */
export interface CreatePlace {
  repository: string;
  accessDomain: string;
}

/**
 * The `n`-th create (from 0) of a series named `prefix` (a repository name's first part:
 * lower-case letters, digits, `-`); no repository of the series gets more than
 * `accountsPerRepository` accounts, however many creates there are.
 */
export function spreadCreate(spread: CreateSpread, prefix: string, n: number): CreatePlace {
  const perSet = spread.repositories * spread.accountsPerRepository;
  const set = Math.floor(n / perSet);
  const within = n % perSet;
  return {
    repository: `${prefix}-s${set}-r${within % spread.repositories}`,
    accessDomain: `partner-${Math.floor(within / spread.repositories)}`,
  };
}

/** Checks a spread stays below the limit (each repository must take all its creates). */
export function checkSpread(spread: CreateSpread): CreateSpread {
  if (!(spread.repositories >= 1 && spread.accountsPerRepository >= 1)) throw new Error('A spread needs repositories and accounts');
  if (spread.accountsPerRepository >= DEFAULT_MAX_ACCOUNTS_PER_REPOSITORY) {
    throw new Error(`${spread.accountsPerRepository} accounts per repository reach the limit of ${DEFAULT_MAX_ACCOUNTS_PER_REPOSITORY}`);
  }
  return spread;
}

/** The spread in words, for a table's description. */
export function describeSpread(spread: CreateSpread): string {
  return (
    `round-robin over ${spread.repositories} repositories at a time, each filled with ${spread.accountsPerRepository} ` +
    `distinct accounts (the limit is ${DEFAULT_MAX_ACCOUNTS_PER_REPOSITORY}) before ${spread.repositories} fresh ones ` +
    `start, so 1 create in ${spread.accountsPerRepository} is a repository's first (which builds its roster)`
  );
}
