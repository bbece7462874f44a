import { DynamoAccounts } from './accounts';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys, strip } from './table';
import type { Staff } from '../../core/model';
import type { StaffUpdate, StaffDirectoryStore } from '../../core/ports';

/** The admin UI's staff directory (list, update, TOTP steps) on top of the staff accounts every edge reads. */
export class DynamoStaffDirectory extends DynamoAccounts implements StaffDirectoryStore {
  // ── staff ────────────────────────────────────────────────────────────────────
  async listStaff() {
    return (await this.byGsi2('STAFF', 1000, false)).map((i) => strip<Staff>(i)!);
  }

  async updateStaff(email: string, update: StaffUpdate) {
    const entries = Object.entries(update.set ?? {}).filter(([, v]) => v !== undefined);
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets = entries.map(([k, v], i) => {
      names[`#s${i}`] = k;
      values[`:s${i}`] = v;
      return `#s${i} = :s${i}`;
    });
    const removes = (update.remove ?? []).map((k, i) => {
      names[`#r${i}`] = k;
      return `#r${i}`;
    });
    if (sets.length === 0 && removes.length === 0) return;
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.staff(email),
        UpdateExpression: [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : '']
          .join(' ')
          .trim(),
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: names,
        ...(Object.keys(values).length > 0 && { ExpressionAttributeValues: values }),
      }),
    );
  }

  useTotpStep(email: string, step: number) {
    return this.writeIf(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.staff(email),
        UpdateExpression: 'SET totpLastStep = :s',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(totpLastStep) OR totpLastStep < :s)',
        ExpressionAttributeValues: { ':s': step },
      }),
    );
  }
}
