import { afterEach, describe, expect, it, vi } from 'vitest';
import { lambdaHandler, logger } from '../../functions/shared/logger';

/** Every Lambda's log lines carry its request id (Powertools' injectLambdaContext). */
describe('log context', () => {
  afterEach(() => vi.restoreAllMocks());

  it("puts the invocation's request id and function name on every log line of an event handler", async () => {
    const lines: string[] = [];
    const capture = (chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    };
    vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    const handler = lambdaHandler(async (event: { n: number }) => {
      logger.error('seen', { n: event.n });
      return event.n;
    });
    await handler({ n: 7 }, { awsRequestId: 'req-7f3a', functionName: 'softech-mailer' });
    const entry = JSON.parse(lines.find((line) => line.includes('"seen"')) ?? '{}') as Record<string, unknown>;
    expect(entry).toMatchObject({ message: 'seen', n: 7, function_request_id: 'req-7f3a', function_name: 'softech-mailer' });
  });
});
