import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * How the n-th store call fails: `refused` before it reaches the store (nothing applied, as
 * when the store refuses or the connection fails), `lost` after the store applied it (as when
 * the answer times out), `stalled` never answering until released.
 */
export type FaultKind = 'refused' | 'lost' | 'stalled';

export interface StoreFaults {
  /** Every call so far, by action (`PutItem`, …), oldest first. */
  readonly calls: string[];
  /** Makes the n-th call from now (1-based) fail so; one fault at a time. */
  failCall(n: number, kind: FaultKind): void;
  /** Lets a stalled call go on to the store. */
  release(): void;
  /** No fault from now on (one not reached yet is dropped). */
  clear(): void;
}

/** Fault injection on a DynamoDB client (its document clients share its middleware). */
export function injectStoreFaults(client: DynamoDBClient): StoreFaults {
  const calls: string[] = [];
  let fault: { at: number; kind: FaultKind } | undefined;
  let releaseStall: (() => void) | undefined;
  client.middlewareStack.add(
    (next) => async (args) => {
      const headers = (args.request as { headers: Record<string, string> }).headers;
      calls.push(
        String(headers['x-amz-target'] ?? '')
          .split('.')
          .pop()!,
      );
      const now = fault?.at === calls.length ? fault.kind : undefined;
      if (now === 'refused') throw Object.assign(new Error('connect ECONNREFUSED (injected)'), { name: 'InjectedFault' });
      if (now === 'stalled') await new Promise<void>((resolve) => (releaseStall = resolve));
      const result = await next(args);
      if (now === 'lost')
        throw Object.assign(new Error('socket hang up (injected, after the store applied it)'), { name: 'InjectedFault' });
      return result;
    },
    { step: 'finalizeRequest', name: 'injectStoreFaults' },
  );
  return {
    calls,
    failCall(n, kind) {
      fault = { at: calls.length + n, kind };
    },
    release() {
      releaseStall?.();
    },
    clear() {
      fault = undefined;
    },
  };
}
