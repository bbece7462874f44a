import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';

/** Structured JSON logs (Powertools); level from POWERTOOLS_LOG_LEVEL, service name fixed. */
export const logger = new Logger({ serviceName: 'softech-podpora' });

/** Powertools' context middleware, so every log line of an invocation carries its request id. */
export const logContext = () => injectLambdaContext(logger, { resetKeys: true });

/**
 * An event handler (stream, schedule, SES, SNS) with the log context injected. The context is
 * optional in the type because local mode and tests may call it without one (middy then passes {}).
 */
export function lambdaHandler<E, R>(fn: (event: E, context: Context) => Promise<R>): (event: E, context?: Partial<Context>) => Promise<R> {
  return middy(fn).use(logContext()) as unknown as (event: E, context?: Partial<Context>) => Promise<R>;
}
