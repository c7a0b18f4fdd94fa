import { Validations } from 'aws-cdk-lib';
import { MockIntegration, PassthroughBehavior, type Resource, type RestApi } from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';
import { noSuchRoute } from '../../lambda/errors.js';
import { errorBody } from '../../lambda/http/responses.js';
import {
  builtConsoleFile,
  CONSOLE_FILES,
  CONSOLE_HEADERS,
  CONSOLE_PAGE_TYPE,
  CONSOLE_PATH,
  type ConsoleFile,
  consolePage,
} from '../console/consolePage.js';

export interface ConsoleRoutesProps {
  api: RestApi;
  /** MAX_ACCOUNTS_PER_REPOSITORY (the stack's parameter), for the page's "n / 500" counter. */
  maxAccountsPerRepository: string;
}

/** A VTL string literal of text without `"`, `$` or `#` (the headers, the page's type). */
function vtlString(text: string): string {
  if (/["$#]/.test(text)) throw new Error(`not a plain VTL string: ${text}`);
  return `"${text}"`;
}

/**
 * Sets the answer's headers from the template: a static header mapping cannot hold the
 * CSP's quotes ('self'), a response override can.
 */
function headerOverrides(contentType: string): string {
  return Object.entries({ 'Content-Type': contentType, ...CONSOLE_HEADERS })
    .map(([name, value]) => `#set($context.responseOverride.header.${name} = ${vtlString(value)})`)
    .join('\n');
}

/** The console's folder as the client asked for it (`/prod/console` or `/prod/console/`, a custom domain's base path included). */
const PAGE_BASE = ['#set($base = $context.path)', '#if(!$base.endsWith("/"))#set($base = "$base/")#end'].join('\n');

/**
 * The web console on the API's own origin and TLS: `GET <stage>/console` answers the page,
 * `GET <stage>/console/console.js|css` the built files, anything else below it a 404 in
 * the API's format; every answer with the console's CSP. API Gateway answers them from
 * templates (mock integrations): no function, no bucket, nothing else to secure or pay for;
 * the files travel in the template, base64-encoded so that its language leaves them as they
 * are (docs/deploying.md, "The web console on AWS", says why not a function or CloudFront).
 */
export class ConsoleRoutes extends Construct {
  readonly resource: Resource;

  constructor(scope: Construct, id: string, props: ConsoleRoutesProps) {
    super(scope, id);
    this.resource = props.api.root.addResource(CONSOLE_PATH.slice(1));
    const page = consolePage('$base', { maxAccountsPerRepository: props.maxAccountsPerRepository, localIam: false });
    answer(this.resource, 'GET', 200, `${PAGE_BASE}\n${headerOverrides(CONSOLE_PAGE_TYPE)}\n${page}`);
    for (const [name, type] of Object.entries(CONSOLE_FILES)) {
      const encoded = Buffer.from(builtConsoleFile(name as ConsoleFile)).toString('base64');
      answer(this.resource.addResource(name), 'GET', 200, `${headerOverrides(type)}\n$util.base64Decode("${encoded}")`);
    }
    const notFound = noSuchRoute();
    answer(
      this.resource.addResource('{path+}'),
      'ANY',
      notFound.statusCode,
      `${headerOverrides('application/json')}\n${JSON.stringify(errorBody(notFound))}`,
    );
  }
}

const PUBLIC_FILES =
  "The console's page and files are public, like any web page: they hold no data and no secret, are the same " +
  'for every caller and come from the template alone (a mock integration: no function, no table). What they ' +
  'show comes from the API, which authenticates every call with the X-Auth-Token that the person signing in ' +
  'pastes; a browser cannot send one with the request that loads a page, so these methods cannot require it.';

/** A method whose answer is `template`'s output, with `status`, from API Gateway alone. */
function answer(resource: Resource, method: string, status: number, template: string): void {
  const statusCode = String(status);
  const headers = Object.fromEntries(
    ['Content-Type', ...Object.keys(CONSOLE_HEADERS)].map((name) => [`method.response.header.${name}`, true]),
  );
  const added = resource.addMethod(
    method,
    new MockIntegration({
      passthroughBehavior: PassthroughBehavior.WHEN_NO_TEMPLATES,
      requestTemplates: { 'application/json': JSON.stringify({ statusCode: status }) },
      integrationResponses: [{ statusCode, responseTemplates: { 'application/json': template } }],
    }),
    { methodResponses: [{ statusCode, responseParameters: headers }] },
  );
  for (const rule of ['APIG4', 'COG4'])
    Validations.of(added).acknowledge({ id: `AwsSolutions::AwsSolutions-${rule}`, reason: PUBLIC_FILES });
}
