import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitAccessRequest } from '../../functions/core/accounts/access-requests';
import { approveAccessRequest, rejectAccessRequest } from '../../functions/core/accounts/client-admin';
import type { LocalStack } from '../../local/stack';
import { testStack, validIco } from '../support/stack';

/**
 * An approval racing a rejection of one access request, on DynamoDB Local: the decision and the new
 * account are one transaction (functions/adapters/dynamo/client-directory.ts approveAccessRequest),
 * so the loser is told already_decided and no account exists unless the approval won. Before, the
 * account was created first and a rejection landing in between left an account whose one-time
 * password nobody was shown.
 */
let stack: LocalStack;
beforeAll(async () => {
  stack = await testStack({ mailer: false, buildWeb: false });
});
afterAll(() => stack?.stop());

const admin = { email: 'admin@softech.local', name: 'Správce', role: 'admin' as const };
const colleague = { email: 'kolegyne@softech.local', name: 'Kolegyně', role: 'admin' as const };

describe('approving and rejecting one access request at once', () => {
  it('records one decision and leaves an account exactly when the approval won, ten times over', async () => {
    // (the rejection, with less to do, usually wins: that is the case that used to leave an account)
    const { getAdminApp } = await import('../../functions/wiring/admin');
    const app = await getAdminApp();
    const outcomes: string[] = [];
    for (let i = 0; i < 10; i++) {
      const ico = validIco(5400000 + i);
      const request = await submitAccessRequest(app.accessRequests, {
        ico,
        companyName: `Souběh ${i} s.r.o.`,
        contactName: 'Jan Souběžný',
        email: `jan${i}@soubeh.cz`,
      });
      const [approval, rejection] = await Promise.allSettled([
        approveAccessRequest(app.admin.clients, admin, request.id, { channel: 'telefon' }),
        rejectAccessRequest(app.admin.clients, colleague, request.id, 'Nepodařilo se ověřit.'),
      ]);
      expect([approval!.status, rejection!.status].sort()).toEqual(['fulfilled', 'rejected']);
      const lost = (approval!.status === 'rejected' ? approval : rejection) as PromiseRejectedResult;
      expect(lost.reason).toMatchObject({ code: 'already_decided' });
      const decided = (await app.admin.clients.accessRequests.getAccessRequest(request.id))!;
      expect(decided.state).toBe(approval!.status === 'fulfilled' ? 'approved' : 'rejected');
      expect(!!(await app.stores.accounts.getClient(ico))).toBe(decided.state === 'approved');
      outcomes.push(decided.state);
    }
    console.log('decisions:', outcomes.join(' '));
  });
});
