import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Annotations, App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from './nag';
import { repoRoot, type HandlerSet } from './handlers';
import { readSettings } from './settings';
import { SupportStack } from './support-stack';

export const STACK_NAME = 'SoftechSupportStack';
/** Used when neither context nor the CLI (CDK_DEFAULT_*) names one: synthesis then needs no AWS access. */
const OFFLINE_ENV = { account: '123456789012', region: 'eu-west-1' };

export interface SupportAppOptions extends AppProps {
  webAssetPath: string;
  webAssetWarning?: string;
  handlers?: HandlerSet;
}

/**
 * The CDK app: the one stack, checked by cdk-nag's AwsSolutions pack. bin/app.ts and the CDK tests
 * both build it here, so the tests check exactly what `cdk synth` produces.
 */
export function createSupportApp(options: SupportAppOptions): { app: App; stack: SupportStack } {
  // The CLI passes cdk.json's context (feature flags included) itself; an app built in-process by a
  // test reads the same file, so both synthesise with the same flags.
  const { context: projectContext } = JSON.parse(readFileSync(path.join(repoRoot, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  const app = new App({ ...options, context: { ...projectContext, ...options.context } });
  const context = (key: string) => app.node.tryGetContext(key) as string | undefined;
  const stack = new SupportStack(app, STACK_NAME, {
    env: {
      account: context('account') ?? process.env.CDK_DEFAULT_ACCOUNT ?? OFFLINE_ENV.account,
      region: context('region') ?? process.env.CDK_DEFAULT_REGION ?? OFFLINE_ENV.region,
    },
    settings: readSettings(app.node),
    webAssetPath: options.webAssetPath,
    ...(options.handlers && { handlers: options.handlers }),
  });
  if (options.webAssetWarning) Annotations.of(stack).addWarningV2('softech:web-placeholder', options.webAssetWarning);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack };
}
