import type { AddressObject } from 'mailparser';
import { withoutControlCharacters } from './mail-headers';

export function flattenAddresses(value: unknown): { address: string; name?: string }[] {
  const objects = (Array.isArray(value) ? value : [value]).filter(
    (item): item is AddressObject => typeof item === 'object' && item !== null && 'value' in item,
  );
  const result: { address: string; name?: string }[] = [];
  const visit = (entries: AddressObject['value']): void => {
    for (const entry of entries) {
      if (entry.group) visit(entry.group);
      const address = entry.address?.trim();
      const name = withoutControlCharacters(entry.name ?? '').trim();
      if (address) result.push({ address, ...(name ? { name } : {}) });
    }
  };
  for (const object of objects) visit(object.value);
  return result;
}

export function firstAddress(value: unknown): { address: string; name?: string } | undefined {
  return flattenAddresses(value)[0];
}

export function addressList(value: unknown): string[] {
  return flattenAddresses(value).map(({ address }) => address);
}
