import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';

/**
 * The local stand-in for Lambda's DynamoDB-stream event source mapping: reads every shard from
 * TRIM_HORIZON, hands records to the handler in batches, and re-offers records the handler
 * reported as failed after a pause (the real mapping retries them too).
 */
export interface StreamPoller {
  stop(): Promise<void>;
  /** Resolves once every record written so far has been handed to the handler. */
  drain(): Promise<void>;
}

type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | undefined>;

export function startStreamPoller(opts: {
  endpoint: string;
  streamArn: string;
  handler: StreamHandler;
  intervalMs?: number;
  retryDelayMs?: number;
  onError?: (err: unknown) => void;
}): StreamPoller {
  const client = new DynamoDBStreamsClient({
    endpoint: opts.endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const interval = opts.intervalMs ?? 200;
  const iterators = new Map<string, string | undefined>(); // shardId → next iterator (undefined = closed)
  let running = true;
  let roundsStarted = 0;
  let waiters: Array<{ after: number; resolve: () => void }> = [];
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();

  const toLambdaRecord = (r: _Record) =>
    ({
      eventID: r.eventID,
      eventName: r.eventName,
      eventVersion: r.eventVersion,
      eventSource: 'aws:dynamodb',
      awsRegion: 'eu-west-1',
      eventSourceARN: opts.streamArn,
      dynamodb: { ...r.dynamodb, ApproximateCreationDateTime: r.dynamodb?.ApproximateCreationDateTime?.getTime?.() },
    }) as DynamoDBStreamEvent['Records'][number];

  async function deliver(records: DynamoDBStreamEvent['Records']) {
    let again: DynamoDBStreamEvent['Records'];
    try {
      const result = await opts.handler({ Records: records });
      const failed = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      again = records.filter((r) => failed.has(r.dynamodb?.SequenceNumber ?? ''));
    } catch (err) {
      // A handler that throws fails its whole batch; Lambda would retry it, and so do we.
      opts.onError?.(err);
      again = records;
    }
    if (again.length === 0) return;
    setTimeout(() => void deliver(again).catch(opts.onError), opts.retryDelayMs ?? 5000).unref();
  }

  async function discoverShards() {
    const res = await client.send(new DescribeStreamCommand({ StreamArn: opts.streamArn }));
    for (const shard of res.StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || iterators.has(shard.ShardId)) continue;
      const it = await client.send(
        new GetShardIteratorCommand({ StreamArn: opts.streamArn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      iterators.set(shard.ShardId, it.ShardIterator);
    }
  }

  async function round(): Promise<number> {
    await discoverShards();
    let delivered = 0;
    for (const [shardId, iterator] of iterators) {
      if (!iterator) continue;
      try {
        const res = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
        iterators.set(shardId, res.NextShardIterator);
        const records = res.Records ?? [];
        if (records.length > 0) {
          await deliver(records.map(toLambdaRecord));
          delivered += records.length;
        }
      } catch (err) {
        if (err instanceof ExpiredIteratorException) iterators.delete(shardId);
        else throw err;
      }
    }
    return delivered;
  }

  async function loop() {
    if (!running) return;
    const thisRound = ++roundsStarted;
    try {
      const delivered = await round();
      if (delivered === 0) {
        // a round that began after drain() was called and found nothing: all is handed over
        for (const w of waiters.filter((w) => thisRound > w.after)) w.resolve();
        waiters = waiters.filter((w) => thisRound <= w.after);
      }
    } catch (err) {
      if (running) opts.onError?.(err);
    }
    if (running) timer = setTimeout(() => (current = loop()), interval);
  }
  current = loop();

  return {
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      await current;
      for (const w of waiters) w.resolve();
      client.destroy();
    },
    drain() {
      return new Promise<void>((resolve) => waiters.push({ after: roundsStarted, resolve }));
    },
  };
}
