import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, paginateQuery, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isInForce } from '../domain/deadline.js';
import { accessDomainKey } from '../domain/names.js';
import type { RepositoryRef, ShareRef } from '../domain/share.js';
import { ShareLimitError } from './ShareStore.js';
import { repositoryKey, ROSTER_SORT_KEY, SHARE_SORT_KEY_PREFIX } from './tableDesign.js';

/**
 * How long a claim is kept without a share in force behind it before anyone may take it
 * back: longer than any store call of a create or update may take (each is cut off well
 * within a function's 10 s), with a margin for clocks of different containers. So a
 * repository is never held below its limit for longer than this after a failure.
 */
export const CLAIM_HOLD_MS = 60_000;

/**
 * A create or update writes its share only while its claim is younger than this: a claim
 * older than {@link CLAIM_HOLD_MS} may be taken back, and a share written after that would
 * be in force without one.
 */
export const CLAIM_WRITE_WINDOW_MS = CLAIM_HOLD_MS / 2;

/** How often a claim is tried before the store is deemed too busy (each try is one write). */
const CLAIM_ATTEMPTS = 5;

/** A repository's roster: each account holding a place, with when it claimed it (epoch ms). */
type Holders = Record<string, number>;

interface RosterItem {
  pk: string;
  sk: string;
  holders: Holders;
}

/** A place claimed on a repository's roster, to be named in the share written after it. */
export interface Claim {
  /** Epoch milliseconds, as the roster holds it. */
  claimedAt: number;
  /** This process's monotonic clock at the claim, to keep the write within its window. */
  startedAt: number;
}

/** A share item's fields the roster reads. */
interface ShareFacts {
  sk: string;
  activeUntil?: number;
  /** The claim the share was written under; absent on shares made before claims. */
  claimedAt?: number;
}

/** The roster's name of a share's account: its key without the prefix (lower-case ASCII). */
const accountOf = (share: ShareFacts) => share.sk.slice(SHARE_SORT_KEY_PREFIX.length);

/** The store's refusal of a write that came too late for its claim: a 500, nothing written. */
export class ClaimExpiredError extends Error {
  override name = 'ClaimExpiredError';
}

const isConditionFailure = (error: unknown) => error instanceof ConditionalCheckFailedException;

/**
 * The limit on the accounts a repository is shared with, kept with conditional writes only,
 * so that it is exact on DynamoDB, DynamoDB Local and dynalite alike (docs §8).
 *
 * Each repository has one roster item (sk `ROSTER`) whose map `holders` names every account
 * that holds a place. The invariant: every share in force has its account on the roster, so
 * the shares in force never outnumber the holders, and a claim is only granted while the
 * holders are fewer than the limit (or the account holds a place already).
 * - create and update claim first, then write the share naming the claim's time;
 * - delete removes the share first, then the holder, only if the holder is still the
 *   claim the share named (a newer claim of the same account is left alone);
 * - a holder with no share in force (expired, or a write that failed or never came) is
 *   taken back, once its claim is older than {@link CLAIM_HOLD_MS}, by the next claim that
 *   finds the roster full;
 * - a repository without a roster (shares made before the limit) gets one, built from its
 *   shares in force, at its first claim.
 */
export class ShareRoster {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** The most accounts a repository may be shared with at once. */
    private readonly limit: number,
  ) {}

  /**
   * Claims `ref`'s account a place on its repository's roster, or keeps the one it holds.
   * @throws ShareLimitError when the repository is shared with the limit of accounts
   */
  async claim(ref: ShareRef, now: Date): Promise<Claim> {
    for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt += 1) {
      const claim = { claimedAt: now.getTime(), startedAt: performance.now() };
      try {
        await this.client.send(new UpdateCommand(claimRequest(this.tableName, ref, claim.claimedAt, this.limit)));
        return claim;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      // Why it was refused, read now: no roster yet, a full one, or one that changed since.
      const roster = await this.read(ref);
      if (!roster) await this.create(ref, now);
      else if (this.isFull(roster.holders, ref) && !(await this.takeBackStale(ref, roster.holders, now))) {
        throw new ShareLimitError(this.limit);
      }
    }
    throw new Error(`The roster of ${ref.namespace}/${ref.repository} kept changing: no claim after ${CLAIM_ATTEMPTS} tries`);
  }

  /** Whether a claim of `ref`'s account would be refused: no place of its own, and none free. */
  private isFull(holders: Holders, ref: ShareRef): boolean {
    return !Object.hasOwn(holders, accessDomainKey(ref.accessDomain)) && Object.keys(holders).length >= this.limit;
  }

  /** Refuses a write whose claim is too old to be sure it still holds. @throws ClaimExpiredError */
  assertFresh(claim: Claim): void {
    if (performance.now() - claim.startedAt > CLAIM_WRITE_WINDOW_MS) {
      throw new ClaimExpiredError('The claim on the roster is too old to write the share behind it');
    }
  }

  /**
   * Gives back the place of a share that was removed, if the roster still holds the claim
   * that share named; a newer claim (a create of the same account under way) is kept.
   */
  async release(ref: ShareRef, claimedAt: number | undefined): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: rosterKey(ref),
          UpdateExpression: 'REMOVE holders.#account',
          ConditionExpression: 'holders.#account = :claimedAt',
          ExpressionAttributeNames: { '#account': accessDomainKey(ref.accessDomain) },
          // A share made before claims holds the place the roster gave it when built: 0.
          ExpressionAttributeValues: { ':claimedAt': claimedAt ?? 0 },
        }),
      );
    } catch (error) {
      // Not the claim the share named: someone holds it now, or it was taken back already.
      if (!isConditionFailure(error)) throw error;
    }
  }

  private async read(ref: RepositoryRef): Promise<RosterItem | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: rosterKey(ref), ConsistentRead: true }));
    return Item as RosterItem | undefined;
  }

  /**
   * The roster of a repository that has none, from its shares in force, each holding the
   * place its share names (0 for shares made before claims were named). Of two made at
   * once, the first stands.
   */
  private async create(ref: RepositoryRef, now: Date): Promise<void> {
    const holders: Holders = {};
    for (const share of await this.sharesOf(ref)) {
      if (isInForce(share.activeUntil, now)) holders[accountOf(share)] = share.claimedAt ?? 0;
    }
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...rosterKey(ref), holders } satisfies RosterItem,
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  /**
   * Takes back the places of holders with no share in force whose claims are older than
   * {@link CLAIM_HOLD_MS}, each only if unchanged since read. Answers whether any place was
   * freed (or the roster changed meanwhile, so that a claim is worth trying again).
   */
  private async takeBackStale(ref: RepositoryRef, holders: Holders, now: Date): Promise<boolean> {
    const shares = await this.sharesOf(ref);
    const inForce = new Set(shares.filter((share) => isInForce(share.activeUntil, now)).map((share) => accountOf(share)));
    const oldest = now.getTime() - CLAIM_HOLD_MS;
    const stale = Object.entries(holders).filter(([account, claimedAt]) => !inForce.has(account) && claimedAt < oldest);
    if (stale.length === 0) return false;
    const names = Object.fromEntries(stale.map(([account], index) => [`#a${index}`, account]));
    const values = Object.fromEntries(stale.map(([, claimedAt], index) => [`:c${index}`, claimedAt]));
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: rosterKey(ref),
          UpdateExpression: `REMOVE ${stale.map((_, index) => `holders.#a${index}`).join(', ')}`,
          ConditionExpression: stale.map((_, index) => `holders.#a${index} = :c${index}`).join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      // Someone claimed or released meanwhile: the caller reads the roster again.
      if (!isConditionFailure(error)) throw error;
    }
    return true;
  }

  /** Every share item of the repository (all pages), read consistently. */
  private async sharesOf(ref: RepositoryRef): Promise<ShareFacts[]> {
    const shares: ShareFacts[] = [];
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :share)',
        ExpressionAttributeValues: { ':pk': repositoryKey(ref.namespace, ref.repository), ':share': SHARE_SORT_KEY_PREFIX },
        ProjectionExpression: 'sk, activeUntil, claimedAt',
        ConsistentRead: true,
      },
    );
    for await (const page of pages) shares.push(...((page.Items ?? []) as ShareFacts[]));
    return shares;
  }
}

/**
 * The conditional UpdateItem that claims `ref`'s account a place on its repository's roster
 * (or keeps the one it holds): refused when there is no roster yet, or when it is full.
 */
export function claimRequest(tableName: string, ref: ShareRef, claimedAt: number, limit: number) {
  return {
    TableName: tableName,
    Key: rosterKey(ref),
    UpdateExpression: 'SET holders.#account = :claimedAt',
    ConditionExpression: 'attribute_exists(holders) AND (attribute_exists(holders.#account) OR size(holders) < :limit)',
    ExpressionAttributeNames: { '#account': accessDomainKey(ref.accessDomain) },
    ExpressionAttributeValues: { ':claimedAt': claimedAt, ':limit': limit },
  };
}

function rosterKey(ref: RepositoryRef) {
  return { pk: repositoryKey(ref.namespace, ref.repository), sk: ROSTER_SORT_KEY };
}
