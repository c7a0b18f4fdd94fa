/**
 * What the server that serves the console tells it in the page's <meta> tags (not an
 * endpoint): the deployment's share limit, and whether the local IAM stand-in is there.
 */
export interface ConsoleSettings {
  /** MAX_ACCOUNTS_PER_REPOSITORY; undefined if the page does not say. */
  maxAccountsPerRepository: number | undefined;
  /** `npm start` answers POST /v3/auth/tokens itself. */
  localIam: boolean;
}

const meta = (name: string) => document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content;

export function readSettings(): ConsoleSettings {
  const limit = Number(meta('swr-max-accounts-per-repository'));
  return {
    maxAccountsPerRepository: Number.isInteger(limit) && limit > 0 ? limit : undefined,
    localIam: meta('swr-local-iam') === 'on',
  };
}
