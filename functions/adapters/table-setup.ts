import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { searchTableSchema, tableSchema } from '../shared/table-schema';

const keySchema = (index: (typeof tableSchema.indexes)[number]) => ({
  IndexName: index.indexName,
  KeySchema: [
    { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
    { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
  ],
  Projection: { ProjectionType: 'ALL' as const },
});

/**
 * Creates the table from the shared schema where it is missing, and adds an index the schema has
 * gained since a kept local table was made (`updated`, with the indexes added). Local mode and
 * tests; in AWS the CDK data construct builds it from the same schema.
 */
export async function ensureTable(dynamo: DynamoDBClient, tableName: string): Promise<'created' | 'exists' | { updated: string[] }> {
  const attributes = new Set<string>([tableSchema.partitionKey, tableSchema.sortKey]);
  for (const index of tableSchema.indexes) {
    attributes.add(index.partitionKey);
    attributes.add(index.sortKey);
  }
  const definitions = [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' as const }));
  try {
    await dynamo.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: definitions,
        KeySchema: [
          { AttributeName: tableSchema.partitionKey, KeyType: 'HASH' },
          { AttributeName: tableSchema.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: tableSchema.indexes.map(keySchema),
        StreamSpecification: { StreamEnabled: true, StreamViewType: tableSchema.streamView },
      }),
    );
  } catch (err) {
    if (err instanceof ResourceInUseException) return addMissingIndexes(dynamo, tableName, definitions);
    throw err;
  }
  await dynamo.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: tableSchema.timeToLiveAttribute, Enabled: true },
    }),
  );
  return 'created';
}

async function addMissingIndexes(
  dynamo: DynamoDBClient,
  tableName: string,
  definitions: Array<{ AttributeName: string; AttributeType: 'S' }>,
): Promise<'exists' | { updated: string[] }> {
  const res = await dynamo.send(new DescribeTableCommand({ TableName: tableName }));
  const present = new Set((res.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
  const missing = tableSchema.indexes.filter((index) => !present.has(index.indexName));
  if (missing.length === 0) return 'exists';
  // DynamoDB adds one index per UpdateTable call.
  for (const index of missing) {
    await dynamo.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: definitions,
        GlobalSecondaryIndexUpdates: [{ Create: keySchema(index) }],
      }),
    );
  }
  // Writes to the table wait until the new index is built (DynamoDB Local fails them meanwhile).
  for (let attempt = 0; ; attempt++) {
    const now = await dynamo.send(new DescribeTableCommand({ TableName: tableName }));
    const building = (now.Table?.GlobalSecondaryIndexes ?? []).filter((i) => i.IndexStatus !== 'ACTIVE');
    if (building.length === 0) break;
    if (attempt > 600) throw new Error(`index ${building.map((i) => i.IndexName).join(', ')} of ${tableName} not built after 10 minutes`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  return { updated: missing.map((index) => index.indexName) };
}

/** Creates the search table (no stream, no index) where it is missing. Local mode and tests, as ensureTable. */
export async function ensureSearchTable(dynamo: DynamoDBClient, tableName: string): Promise<'created' | 'exists'> {
  const { partitionKey, sortKey } = searchTableSchema;
  try {
    await dynamo.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: partitionKey, AttributeType: 'S' },
          { AttributeName: sortKey, AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: partitionKey, KeyType: 'HASH' },
          { AttributeName: sortKey, KeyType: 'RANGE' },
        ],
      }),
    );
  } catch (err) {
    if (err instanceof ResourceInUseException) return 'exists';
    throw err;
  }
  return 'created';
}

export async function tableStreamArn(dynamo: DynamoDBClient, tableName: string): Promise<string> {
  const res = await dynamo.send(new DescribeTableCommand({ TableName: tableName }));
  const arn = res.Table?.LatestStreamArn;
  if (!arn) throw new Error(`table ${tableName} has no stream`);
  return arn;
}
