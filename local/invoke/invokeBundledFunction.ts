import type { APIGatewayProxyResult } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { lambdaContext } from '../server/server.js';
import type { BundledFunction } from './bundledFunctions.js';

/**
 * A SAM `--env-vars` file: `Parameters` for every function, and an object per function
 * (by logical id) that takes precedence.
 */
export type EnvVarsFile = Record<string, Record<string, string>>;

export interface FunctionEnvironment {
  environment: Record<string, string>;
  /** Set by the file but not declared by the template: SAM would ignore them, and so do we. */
  ignored: string[];
}

/**
 * The environment `sam local invoke --env-vars` would give the function: only the variables
 * the template declares, each from the file if it says, else the template's own value.
 * A reference (to a parameter or the table) the file does not replace is an error.
 */
export function functionEnvironment(fn: BundledFunction, envVars: EnvVarsFile): FunctionEnvironment {
  const given = { ...envVars.Parameters, ...envVars[fn.logicalId] };
  const environment: Record<string, string> = {};
  const unresolved: string[] = [];
  for (const [name, value] of Object.entries(fn.environment)) {
    const chosen = given[name] ?? value;
    if (typeof chosen === 'string') environment[name] = chosen;
    else unresolved.push(name);
  }
  if (unresolved.length > 0) {
    throw new Error(`${fn.logicalId}: the env-vars file must set ${unresolved.join(', ')} (the template has references there)`);
  }
  return { environment, ignored: Object.keys(given).filter((name) => !(name in fn.environment)) };
}

/** What the Lambda runtime sets besides the function's own variables; kept if already set. */
const RUNTIME_DEFAULTS = {
  AWS_REGION: 'local',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
};

/**
 * Runs a bundled function in this process, as the Lambda runtime would: the environment is
 * set first (the entry file reads it when it is imported), then the handler is called once.
 * A module is imported once per process, so call this with one environment per function.
 */
export async function invokeBundledFunction(
  fn: BundledFunction,
  event: unknown,
  environment: Record<string, string>,
): Promise<APIGatewayProxyResult> {
  for (const [name, value] of Object.entries(RUNTIME_DEFAULTS)) process.env[name] ??= value;
  Object.assign(process.env, environment, { AWS_LAMBDA_FUNCTION_NAME: fn.logicalId });
  const entry = (await import(pathToFileURL(fn.entryFile).href)) as Record<string, unknown>;
  const handler = entry[fn.handlerName];
  if (typeof handler !== 'function') throw new Error(`${fn.entryFile} exports no function ${fn.handlerName}`);
  return (await handler(event, lambdaContext(fn.logicalId, randomUUID()))) as APIGatewayProxyResult;
}
