import { describe, expect, it } from '@jest/globals';
import { operationRoute } from '../../../lambda/operations/operationRoute.js';
import { spec as createShareSpec } from '../../../lambda/operations/createShare/spec.js';
import { spec as showShareSpec } from '../../../lambda/operations/showShare/spec.js';
import { createShare, showShare } from '../../../lambda/schemas/generated/validators.js';

describe('operationRoute', () => {
  it("is made of one operation's name, spec and validator (`npm run typecheck` refuses a mix)", () => {
    expect(operationRoute('showShare', showShareSpec, showShare)).toEqual({
      operation: 'showShare',
      spec: showShareSpec,
      validateEvent: showShare,
    });
    // @ts-expect-error another operation's validator
    operationRoute('showShare', showShareSpec, createShare);
    // @ts-expect-error another operation's spec
    operationRoute('showShare', createShareSpec, showShare);
  });

  it("validates with the validator it was given: the operation's own request schema", () => {
    const { validateEvent } = operationRoute('showShare', showShareSpec, showShare);
    const event = { pathParameters: { namespace: 'demo', repository: 'nginx', access_domain: 'partner' } };
    expect(validateEvent(event)).toBe(true);
    expect(validateEvent({ pathParameters: { namespace: 'demo' } })).toBe(false);
  });
});
