import { portFromEnv } from '../cli/settings.js';
import { randomBytes } from 'node:crypto';
import { REGISTRY_TOKEN_PATH } from '../../lambda/operations/paths.js';

export interface RegistrySetup {
  /** host:port the registry listens on. */
  listen: string;
  /** Where it keeps images. */
  storageDir: string;
  /** Our API's base URL, e.g. `http://127.0.0.1:3000`: the realm is below it. */
  apiUrl: string;
  service: string;
  issuer: string;
  /** The certificate of the token signing key (absolute path). */
  certificateFile: string;
  /** The registry's whole log (debug level, access log) rather than its errors only. */
  verbose?: boolean;
}

/**
 * The `log` block. A normal session logs, at info and warning level, every request and every
 * client's first request without a token (`authorization token required`): noise that reads
 * like failures. Errors only, unless asked for everything; `npm run registry` also drops the
 * one routine error line (registryLog.ts). (The bench gives its htpasswd registry the same
 * block, so that neither of the two it compares logs more.)
 */
export function registryLogYaml(verbose: boolean): string {
  return ['log:', `  level: ${verbose ? 'debug' : 'error'}`, '  accesslog:', `    disabled: ${!verbose}`].join('\n');
}

/** A YAML string scalar: JSON's double-quoted strings are valid YAML. */
const quoted = (value: string) => JSON.stringify(value);

/**
 * A complete configuration for CNCF distribution 2.8 (Debian's `docker-registry`, the
 * `registry:2` image) that sends clients to our token service and trusts its key.
 */
export function registryConfigYaml(setup: RegistrySetup): string {
  return (
    [
      'version: 0.1',
      registryLogYaml(setup.verbose ?? false),
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${quoted(setup.storageDir)}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: ${quoted(setup.listen)}`,
      // One instance needs no shared secret, but without one the registry warns at each start.
      `  secret: ${quoted(randomBytes(32).toString('hex'))}`,
      '  headers:',
      '    X-Content-Type-Options: [nosniff]',
      '',
    ].join('\n') +
    authTokenYaml({
      realm: setup.apiUrl + REGISTRY_TOKEN_PATH,
      service: setup.service,
      issuer: setup.issuer,
      rootCertBundle: setup.certificateFile,
    })
  );
}

/** What distribution's token authentication needs to trust our token service. */
export interface RegistryTokenAuth {
  /** The token endpoint's URL, where the registry sends clients. */
  realm: string;
  service: string;
  issuer: string;
  /** The certificate file of the signing key. */
  rootCertBundle: string;
}

/** The `auth.token` block of distribution's configuration, local or deployed. */
export function authTokenYaml(auth: RegistryTokenAuth): string {
  return [
    'auth:',
    '  token:',
    `    realm: ${quoted(auth.realm)}`,
    `    service: ${quoted(auth.service)}`,
    `    issuer: ${quoted(auth.issuer)}`,
    `    rootcertbundle: ${quoted(auth.rootCertBundle)}`,
    '',
  ].join('\n');
}

/** The API's base URL for a server started with this environment (`npm start`'s defaults). */
export function localApiUrl(env: NodeJS.ProcessEnv = process.env): string {
  const host = !env.HOST || env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST;
  return `http://${host}:${portFromEnv(env)}`;
}
