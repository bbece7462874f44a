import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BillingSettings, ClientBilling } from '../../core/model';
import type { BillingStore } from '../../core/ports';
import { DynamoTable, keys, strip } from './table';

/** The billing defaults (`SETTINGS` / `BILLING`) and each client's terms (`billing` on the client's item). */
export class DynamoBilling extends DynamoTable implements BillingStore {
  async getBillingSettings() {
    return strip<BillingSettings>(await this.getItem(keys.billingSettings, true));
  }

  async putBillingSettings(settings: BillingSettings) {
    await this.doc.send(new PutCommand({ TableName: this.table, Item: { ...keys.billingSettings, entity: 'settings', ...settings } }));
  }

  setClientBilling(ico: string, billing: ClientBilling) {
    return this.writeIf(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.client(ico),
        UpdateExpression: 'SET billing = :b',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':b': billing },
      }),
    );
  }
}
