import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AccessDomainsStack } from './AccessDomainsStack.js';
import { type AlarmThresholds, DEFAULT_ALARM_THRESHOLDS } from './constructs/ServiceAlarms.js';
import { DEFAULT_THROTTLING } from './constructs/ServiceApi.js';

export const STACK_NAME = 'SwrAccessDomains';

/** Optional context: `cdk synth -c throttleRateLimit=200 -c throttleBurstLimit=400`. */
function throttlingFromContext(app: App) {
  const rate = app.node.tryGetContext('throttleRateLimit');
  const burst = app.node.tryGetContext('throttleBurstLimit');
  if (rate === undefined && burst === undefined) return undefined;
  const throttling = {
    rateLimit: Number(rate ?? DEFAULT_THROTTLING.rateLimit),
    burstLimit: Number(burst ?? DEFAULT_THROTTLING.burstLimit),
  };
  if (!(throttling.rateLimit > 0 && Number.isInteger(throttling.burstLimit) && throttling.burstLimit > 0)) {
    throw new Error('throttleRateLimit and throttleBurstLimit must be positive numbers');
  }
  return throttling;
}

/**
 * Optional context, one value per threshold: `cdk deploy -c alarm5xxRatePercent=2`. The
 * defaults, and why, are in DEFAULT_ALARM_THRESHOLDS (infra/constructs/ServiceAlarms.ts).
 */
function alarmThresholdsFromContext(app: App): AlarmThresholds {
  const entries = Object.entries(DEFAULT_ALARM_THRESHOLDS).map(([name, fallback]) => {
    const given: unknown = app.node.tryGetContext(name);
    const value = given === undefined ? fallback : Number(given);
    if (!(Number.isFinite(value) && value > 0)) throw new Error(`${name} must be a positive number, not ${String(given)}`);
    return [name, value];
  });
  return Object.fromEntries(entries) as AlarmThresholds;
}

/** Optional context: `cdk deploy -c alarmEmail=ops@example.com` subscribes the address to the alarm topic. */
function alarmEmailFromContext(app: App): string | undefined {
  const email: unknown = app.node.tryGetContext('alarmEmail');
  if (email === undefined || email === '') return undefined;
  if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(email))
    throw new Error(`alarmEmail must be an email address, not ${String(email)}`);
  return email;
}

/**
 * Optional context: `cdk deploy -c registry=true` runs the registry too (infra/constructs/RegistryService.ts).
 * Off unless given; `false` is the same as leaving it out.
 */
function registryFromContext(app: App): boolean {
  const given: unknown = app.node.tryGetContext('registry');
  if (given === undefined || given === false || given === 'false') return false;
  if (given === true || given === 'true') return true;
  throw new Error(`registry must be true or false, not ${String(given)}`);
}

/**
 * The CDK app: the one stack, checked by cdk-nag's AwsSolutions rules. An error-level finding
 * fails the synth unless acknowledged with a reason; a warning-level one is printed and the
 * synth goes on, so test/infra/nag.test.ts asserts that the stack has no finding at all.
 * infra/app.ts and the tests both build it here.
 */
export function createServiceApp(props: AppProps = {}): { app: App; stack: AccessDomainsStack } {
  const app = new App(props);
  const throttling = throttlingFromContext(app);
  const alarmEmail = alarmEmailFromContext(app);
  const stack = new AccessDomainsStack(app, STACK_NAME, {
    ...(throttling && { throttling }),
    alarmThresholds: alarmThresholdsFromContext(app),
    ...(alarmEmail && { alarmEmail }),
    ...(registryFromContext(app) && { registry: true }),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
