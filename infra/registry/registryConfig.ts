/**
 * The configuration file of the registry the stack runs (CNCF distribution 3), rendered here
 * rather than made of the image's example configuration patched with environment variables:
 * the image's file names a filesystem driver, and two storage drivers are a fatal error.
 * Every key is one that distribution 2.8 and 3.x both read (docs/registries.md lists each,
 * and which version needs it; test/infra/registryConfig.test.ts holds the file to that list),
 * so that the end-to-end test runs this very file, its storage switched to the filesystem,
 * on Debian's 2.8 (test/e2e/stackRegistryConfig.test.ts).
 *
 * Not in the file: `http.secret`, which the task gets from Secrets Manager as
 * REGISTRY_HTTP_SECRET (distribution's override of that key), so that the file holds no
 * secret; and the root certificate itself, which the task writes at start where
 * `rootcertbundle` says (./taskStart.sh).
 */

/** What the token service's stack says about itself: the registry's `auth.token` block. */
export interface RegistryTokenSettings {
  /** The token service's URL: the stack's `<ApiUrl>registry/token`. */
  realm: string;
  service: string;
  issuer: string;
  /** Where the task writes the root certificate (an absolute path in the container). */
  rootCertBundle: string;
}

/** Where images are kept: the stack's bucket, or a folder (the end-to-end test's only change). */
export type RegistryStorage = { s3: { region: string; bucket: string } } | { filesystem: { rootDirectory: string } };

/** Where the registry listens in its container: the target group's port. */
export const REGISTRY_PORT = 5000;

type ConfigValue = string | number | boolean | string[] | ConfigTree;
export interface ConfigTree {
  [key: string]: ConfigValue;
}

function storageDriver(storage: RegistryStorage): ConfigTree {
  if ('s3' in storage) return { s3: { region: storage.s3.region, bucket: storage.s3.bucket, encrypt: true } };
  return { filesystem: { rootdirectory: storage.filesystem.rootDirectory } };
}

/** The configuration as a tree of keys: what {@link registryConfigYaml} writes. */
export function registryConfig(token: RegistryTokenSettings, storage: RegistryStorage): ConfigTree {
  return {
    version: '0.1',
    // JSON at info, every line: the access log (Apache's combined format, not JSON) is off;
    // the app's own `response completed` lines say method, path, status and duration.
    log: { level: 'info', formatter: 'json', accesslog: { disabled: true } },
    storage: {
      ...storageDriver(storage),
      // The token service grants `delete` to a namespace's managers, as SWR lets them delete images.
      delete: { enabled: true },
      // Pulls fetch layers from S3 through pre-signed URLs, not through the tasks and the load balancer.
      redirect: { disable: false },
      cache: { blobdescriptor: 'inmemory' },
    },
    http: {
      addr: `:${REGISTRY_PORT}`,
      // Behind the load balancer: Location headers name paths, not the task's own address.
      relativeurls: true,
      headers: { 'X-Content-Type-Options': ['nosniff'] },
    },
    // `/` answers 503 once the storage check fails 3 times in a row: the load balancer's health check.
    health: { storagedriver: { enabled: true, interval: '10s', threshold: 3 } },
    auth: {
      token: { realm: token.realm, service: token.service, issuer: token.issuer, rootcertbundle: token.rootCertBundle },
    },
  };
}

/**
 * A YAML value: strings double-quoted as JSON writes them (valid YAML), so that a value made
 * at deploy time (a CloudFormation reference inside the string) needs no escaping of its own.
 */
function yamlScalar(value: string | number | boolean | string[]): string {
  if (Array.isArray(value)) return `[${value.map((item) => JSON.stringify(item)).join(', ')}]`;
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function yamlLines(tree: ConfigTree, indent: string): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'object' && !Array.isArray(value)
      ? [`${indent}${key}:`, ...yamlLines(value, `${indent}  `)]
      : [`${indent}${key}: ${yamlScalar(value)}`],
  );
}

/** The configuration file, YAML. */
export function registryConfigYaml(token: RegistryTokenSettings, storage: RegistryStorage): string {
  return `${yamlLines(registryConfig(token, storage), '').join('\n')}\n`;
}
