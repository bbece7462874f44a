import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ReplyTemplate, TemplateStore } from '../../core/templates/templates';
import { DynamoTable, strip } from './table';

const templateKey = (id: string) => ({ pk: `TEMPLATE#${id}`, sk: 'TEMPLATE' });

/** Reply templates: one item each, listed by name under GSI2 `TEMPLATES`. */
export class DynamoTemplates extends DynamoTable implements TemplateStore {
  async listTemplates() {
    return (await this.byGsi2('TEMPLATES', 500, false)).map((i) => strip<ReplyTemplate>(i)!);
  }

  async getTemplate(id: string) {
    return strip<ReplyTemplate>(await this.getItem(templateKey(id), true));
  }

  async putTemplate(t: ReplyTemplate) {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...templateKey(t.id), entity: 'template', ...t, gsi2pk: 'TEMPLATES', gsi2sk: `${t.name.toLowerCase()}#${t.id}` },
      }),
    );
  }

  async deleteTemplate(id: string) {
    const res = await this.doc.send(new DeleteCommand({ TableName: this.table, Key: templateKey(id), ReturnValues: 'ALL_OLD' }));
    return !!res.Attributes;
  }
}
