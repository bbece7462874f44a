import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { searchTableSchema, tableSchema } from '../../functions/shared/table-schema';

/**
 * The table of docs/data-model.md and the full-text index's table beside it (docs/search.md), built
 * from functions/shared/table-schema.ts (the same description local mode and the tests create their
 * tables from). On-demand capacity: a helpdesk's traffic is tiny and bursty. Kept on stack deletion,
 * protected against deletion, point-in-time recovery on, encrypted with the account's AWS managed
 * key (its use shows in CloudTrail; no key to manage). The search table has no stream and no index:
 * it can be rebuilt from the main table (`ops reindex`), but a rebuild of years takes a while, so it
 * is kept and recoverable like the main one.
 */
export class Data extends Construct {
  readonly table: Table;
  readonly searchTable: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const key = (name: string) => ({ name, type: AttributeType.STRING });
    this.table = new Table(this, 'Table', {
      partitionKey: key(tableSchema.partitionKey),
      sortKey: key(tableSchema.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: tableSchema.timeToLiveAttribute,
      stream: StreamViewType[tableSchema.streamView],
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.searchTable = new Table(this, 'SearchTable', {
      partitionKey: key(searchTableSchema.partitionKey),
      sortKey: key(searchTableSchema.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of tableSchema.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: key(index.partitionKey),
        sortKey: key(index.sortKey),
        projectionType: ProjectionType.ALL,
      });
    }
  }
}
