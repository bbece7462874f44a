/**
 * The one DynamoDB table, declared once: the CDK data construct, local mode and the tests all build
 * their table from this description (docs/data-model.md), so the key schema cannot drift between them.
 */
export const tableSchema = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'expiresAt',
  streamView: 'NEW_IMAGE',
  indexes: [
    { indexName: 'GSI1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { indexName: 'GSI2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    // Due time (sparse): open tickets by what they have due, and the reminders by when they fall.
    { indexName: 'GSI3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
    // Open work by assignee (sparse, kept from the stream): the queue's *Moje*.
    { indexName: 'GSI4', partitionKey: 'gsi4pk', sortKey: 'gsi4sk' },
  ],
} as const;

/**
 * The full-text index's table (docs/search.md): the same key names, no stream, no index, no TTL.
 * Its postings are many small writes that no stream consumer wants, so they stay out of the main
 * table's stream.
 */
export const searchTableSchema = { partitionKey: 'pk', sortKey: 'sk' } as const;

export type IndexName = (typeof tableSchema.indexes)[number]['indexName'];
