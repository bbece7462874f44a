import type { AccessRequest } from '../model';
import type { AccessRequestStore, Clock, Ids } from '../ports';
import type { AccessRequestInput } from './bodies';

/**
 * "Nemáte heslo?": a company asks for credentials. Nothing is created or sent here: staff verify
 * the company and hand the password over by the agreed channel (phone, fax, letter).
 */
export async function submitAccessRequest(
  deps: { accessRequests: AccessRequestStore; clock: Clock; ids: Ids },
  input: AccessRequestInput,
  sourceIp?: string,
): Promise<AccessRequest> {
  const request: AccessRequest = {
    id: deps.ids.id(),
    ...input,
    state: 'open',
    ...(sourceIp && { sourceIp }),
    createdAt: deps.clock.now().toISOString(),
  };
  await deps.accessRequests.putAccessRequest(request);
  return request;
}
