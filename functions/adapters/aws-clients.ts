import { Agent } from 'node:https';
import { Agent as HttpAgent } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../shared/config';

/**
 * Options every SDK client shares. In local mode the endpoints point at the stand-ins, which accept
 * any credentials; keep-alive pools are sized for the local gateway, where one process serves many
 * concurrent requests (a Lambda instance serves one at a time). Each service's client is made in its
 * own module (this one: DynamoDB), so a Lambda bundles only the SDK clients it uses.
 */
const requestHandler = {
  httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 256 }),
  httpsAgent: new Agent({ keepAlive: true, maxSockets: 256 }),
};

export function clientOptions(cfg: Config, endpoint: string | undefined) {
  return {
    region: cfg.AWS_REGION,
    requestHandler,
    ...(endpoint && { endpoint }),
    ...(cfg.STAGE === 'local' && { credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } }),
  };
}

export function createDynamoClients(cfg: Config) {
  const dynamo = new DynamoDBClient({ ...clientOptions(cfg, cfg.AWS_ENDPOINT_DYNAMODB), maxAttempts: 3 });
  return { dynamo, doc: DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } }) };
}
