import { Agent } from 'node:https';
import { Agent as HttpAgent } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Config } from '../shared/config';

/**
 * SDK clients, created once per process. In local mode the endpoints point at the stand-ins,
 * which accept any credentials; keep-alive pools are sized for the local gateway, where one
 * process serves many concurrent requests (a Lambda instance serves one at a time).
 */
const requestHandler = {
  httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 256 }),
  httpsAgent: new Agent({ keepAlive: true, maxSockets: 256 }),
};

function common(cfg: Config, endpoint: string | undefined) {
  return {
    region: cfg.AWS_REGION,
    requestHandler,
    ...(endpoint && { endpoint }),
    ...(cfg.STAGE === 'local' && { credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } }),
  };
}

export function createClients(cfg: Config) {
  const dynamo = new DynamoDBClient({ ...common(cfg, cfg.AWS_ENDPOINT_DYNAMODB), maxAttempts: 3 });
  return {
    dynamo,
    doc: DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } }),
    s3: new S3Client({ ...common(cfg, cfg.AWS_ENDPOINT_S3), forcePathStyle: cfg.STAGE === 'local' }),
    ses: new SESv2Client(common(cfg, cfg.AWS_ENDPOINT_SES)),
  };
}

export type AwsClients = ReturnType<typeof createClients>;
