import { Stack, Validations } from 'aws-cdk-lib';
import cdkNag from 'cdk-nag';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag 3 runs as a CDK validation plugin (`Validations.of(app).addPlugins(...)`): any finding,
 * warning or error, that is not acknowledged stops `cdk synth`. Findings are acknowledged with
 * CDK's `Validations.of(construct).acknowledge()`, always through `acknowledge` below so that every
 * one carries its reason, next to the resource it concerns.
 *
 * cdk-nag is CommonJS whose re-exports Node's ESM loader cannot see as named exports, hence the
 * default import.
 */
export const { AwsSolutionsChecks } = cdkNag;

/** Acknowledges the given cdk-nag findings on `scope` and everything below it. */
export function acknowledge(scope: IConstruct, reason: string, ...findings: string[]): void {
  Validations.of(scope).acknowledge(...findings.map((id) => ({ id, reason })));
}

/**
 * The id of an AwsSolutions-IAM5 finding for a wildcard resource, written the way cdk-nag writes
 * it (references flattened to `<LogicalId.Attribute>`), so one finding is acknowledged, not all.
 */
export function wildcardResourceFinding(scope: IConstruct, resource: string): string {
  return `AwsSolutions-IAM5[Resource::${flatten(Stack.of(scope).resolve(resource))}]`;
}

function flatten(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  const value = node as Record<string, unknown>;
  if (value['Fn::Join']) {
    const [delimiter, items] = value['Fn::Join'] as [string, unknown[]];
    return items.map(flatten).join(delimiter);
  }
  if (value['Fn::Sub']) return flatten(value['Fn::Sub']);
  if (value['Fn::GetAtt']) {
    const [resource, attribute] = value['Fn::GetAtt'] as [unknown, unknown];
    return `<${flatten(resource)}.${flatten(attribute)}>`;
  }
  if (value.Ref) return `<${flatten(value.Ref)}>`;
  return JSON.stringify(node);
}
