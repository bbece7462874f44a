import { existsSync } from 'node:fs';
import path from 'node:path';
import { handlerSpecs, repoRoot, type HandlerName, type HandlerSet, type HandlerSpec } from '../../lib/handlers';

/** Helpers to read a synthesised CloudFormation template in the CDK tests. */
export type Json = Record<string, any>;
export interface Resource {
  Type: string;
  Properties: Json;
  DependsOn?: string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}
export type Resources = Record<string, Resource>;

export const STUB_ENTRY = 'test/cdk/fixtures/stub-handler.ts';

/** Every registered handler, with the stub entry standing in for those not written yet. */
export function handlersWithStubs(): { handlers: HandlerSet; stubbed: HandlerName[] } {
  const stubbed: HandlerName[] = [];
  const handlers = Object.fromEntries(
    (Object.entries(handlerSpecs) as [HandlerName, HandlerSpec][]).map(([name, spec]) => {
      if (existsSync(path.join(repoRoot, spec.entry))) return [name, spec];
      stubbed.push(name);
      return [name, { ...spec, entry: STUB_ENTRY }];
    }),
  ) as HandlerSet;
  return { handlers, stubbed };
}

export const ofType = (resources: Resources, type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

/** The logical id a `Ref` / `Fn::GetAtt` points at, if the value is one. */
export function refTarget(value: unknown): string | undefined {
  const v = value as Json | undefined;
  if (v?.Ref) return v.Ref as string;
  if (Array.isArray(v?.['Fn::GetAtt'])) return v['Fn::GetAtt'][0] as string;
  return undefined;
}

/** Every logical id referenced anywhere inside `value`. */
export function referencedIds(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) referencedIds(v, into);
  else if (value && typeof value === 'object') {
    const target = refTarget(value);
    if (target) into.add(target);
    for (const v of Object.values(value)) referencedIds(v, into);
  }
  return into;
}

/** Stand-in values for intrinsics, to run a Lambda's environment through the real config parser. */
export function fakeResolve(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Json;
  if (v.Ref) return `${String(v.Ref).toLowerCase()}-name`;
  if (v['Fn::GetAtt']) {
    const [id, attribute] = v['Fn::GetAtt'] as [string, string];
    return attribute === 'DomainName' ? 'd111111abcdef8.cloudfront.net' : `arn:aws:fake:eu-west-1:123456789012:${id}`;
  }
  if (v['Fn::Join']) {
    const [delimiter, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map(fakeResolve).join(delimiter);
  }
  throw new Error(`cannot fake ${JSON.stringify(value)}`);
}

export interface IamStatement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Principal?: unknown;
  Condition?: Json;
}

/** Every statement of every identity policy in the template (inline role policies included). */
export function identityStatements(resources: Resources): { policy: string; roles: string[]; statement: IamStatement }[] {
  const out: { policy: string; roles: string[]; statement: IamStatement }[] = [];
  for (const [id, r] of Object.entries(resources)) {
    if (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') {
      const roles = ((r.Properties.Roles ?? []) as unknown[]).map(refTarget).filter((x): x is string => !!x);
      for (const statement of r.Properties.PolicyDocument.Statement as IamStatement[]) out.push({ policy: id, roles, statement });
    }
    if (r.Type === 'AWS::IAM::Role') {
      for (const p of (r.Properties.Policies ?? []) as Json[]) {
        for (const statement of p.PolicyDocument.Statement as IamStatement[])
          out.push({ policy: `${id}/${p.PolicyName}`, roles: [id], statement });
      }
    }
  }
  return out;
}

export const list = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);
