import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPERATIONS, type Operation } from '../../lambda/operations/catalog.js';
import { functionLogicalId } from '../../infra/constructs/ServiceFunction.js';

/** One function as a synthesized template describes it, and where its bundle is. */
export interface BundledFunction {
  operation: Operation;
  /** The template's logical id: what `sam local invoke` is given. */
  logicalId: string;
  /** The bundle's entry file, e.g. `cdk.out/asset.<hash>/index.mjs`. */
  entryFile: string;
  /** The exported handler's name, from `Handler: index.handler`. */
  handlerName: string;
  /** The Lambda runtime it is deployed on, e.g. `nodejs24.x`. */
  runtime: string;
  /** The template's environment; values that are not strings are CloudFormation references. */
  environment: Record<string, unknown>;
}

interface TemplateFunction {
  Type: string;
  Metadata?: Record<string, unknown>;
  Properties: { Handler: string; Runtime: string; Environment?: { Variables?: Record<string, unknown> } };
}

/**
 * Finds every operation's bundled function in a cloud assembly (the output of `cdk synth`),
 * the way `sam local invoke` does: by the `aws:asset:path` metadata of its resource.
 */
export function readBundledFunctions(assemblyDir: string, stackName: string): Record<Operation, BundledFunction> {
  const templateFile = join(assemblyDir, `${stackName}.template.json`);
  const template = JSON.parse(readFileSync(templateFile, 'utf8')) as { Resources: Record<string, TemplateFunction> };
  const entries = OPERATIONS.map((operation): [Operation, BundledFunction] => {
    const logicalId = functionLogicalId(operation);
    const resource = template.Resources[logicalId];
    if (resource?.Type !== 'AWS::Lambda::Function') throw new Error(`${templateFile} has no function ${logicalId}`);
    const assetPath = resource.Metadata?.['aws:asset:path'];
    if (typeof assetPath !== 'string' || resource.Metadata?.['aws:asset:is-bundled'] !== true) {
      throw new Error(`${logicalId} in ${templateFile} has no bundled asset: synthesize with bundling and asset metadata (cdk synth)`);
    }
    const [fileName, handlerName] = resource.Properties.Handler.split('.') as [string, string];
    const entryFile = ['.mjs', '.js'].map((extension) => join(assemblyDir, assetPath, fileName + extension)).find(existsSync);
    if (!entryFile) throw new Error(`${logicalId}: no ${fileName}.mjs or ${fileName}.js in ${join(assemblyDir, assetPath)}`);
    return [
      operation,
      {
        operation,
        logicalId,
        entryFile,
        handlerName,
        runtime: resource.Properties.Runtime,
        environment: resource.Properties.Environment?.Variables ?? {},
      },
    ];
  });
  return Object.fromEntries(entries) as Record<Operation, BundledFunction>;
}
