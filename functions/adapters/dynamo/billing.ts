import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BillingSettings, ClientBilling, Ticket } from '../../core/model';
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

  /** The month's entries, then their tickets (a month is read, never the history). */
  async billedTickets(month: string) {
    const entries = await this.queryAll({
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': `BILLING#${month}` },
    });
    const tickets: Ticket[] = [];
    for (let i = 0; i < entries.length; i += 25) {
      const read = await Promise.all(entries.slice(i, i + 25).map((e) => this.getItem(keys.ticket(Number(e.ticket)), true)));
      for (const item of read) if (item) tickets.push(strip<Ticket>(item)!);
    }
    return tickets.sort((a, b) => a.number - b.number);
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
