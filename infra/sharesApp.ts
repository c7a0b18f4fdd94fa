import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { SharesStack } from './SharesStack.js';

export const STACK_NAME = 'SwrAccessDomains';

/** Optional context: `cdk synth -c throttleRateLimit=200 -c throttleBurstLimit=400`. */
function throttlingFromContext(app: App) {
  const rate = app.node.tryGetContext('throttleRateLimit');
  const burst = app.node.tryGetContext('throttleBurstLimit');
  if (rate === undefined && burst === undefined) return undefined;
  const throttling = { rateLimit: Number(rate ?? 50), burstLimit: Number(burst ?? 100) };
  if (!(throttling.rateLimit > 0 && Number.isInteger(throttling.burstLimit) && throttling.burstLimit > 0)) {
    throw new Error('throttleRateLimit and throttleBurstLimit must be positive numbers');
  }
  return throttling;
}

/**
 * The CDK app: the one stack, checked by cdk-nag's AwsSolutions rules. An error-level finding
 * fails the synth unless acknowledged with a reason; a warning-level one is printed and the
 * synth goes on, so test/infra/nag.test.ts asserts that the stack has no finding at all.
 * infra/app.ts and the tests both build it here.
 */
export function createSharesApp(props: AppProps = {}): { app: App; stack: SharesStack } {
  const app = new App(props);
  const throttling = throttlingFromContext(app);
  const stack = new SharesStack(app, STACK_NAME, { ...(throttling && { throttling }) });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
