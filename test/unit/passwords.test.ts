import { describe, expect, it } from 'vitest';
import { dummyPasswordHash, generateTemporaryPassword, hashPassword, verifyPassword } from '../../functions/core/accounts/passwords';

describe('password hashing', () => {
  it('verifies the right password and rejects a wrong one', async () => {
    const hash = await hashPassword('správné-heslo-123');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword('správné-heslo-123', hash)).toBe(true);
    expect(await verifyPassword('spravne-heslo-123', hash)).toBe(false);
  });

  it('salts every hash, so equal passwords hash differently', async () => {
    expect(await hashPassword('stejne-heslo-1')).not.toBe(await hashPassword('stejne-heslo-1'));
  });

  it('treats the NFC and NFD spellings of a Czech password as the same password', async () => {
    const hash = await hashPassword('žluťoučký kůň'.normalize('NFC'));
    expect(await verifyPassword('žluťoučký kůň'.normalize('NFD'), hash)).toBe(true);
  });

  it('rejects malformed stored hashes instead of throwing', async () => {
    expect(await verifyPassword('x', 'garbage')).toBe(false);
    expect(await verifyPassword('x', 'bcrypt$1$2$3$a$b')).toBe(false);
  });

  it('never accepts any password for the dummy hash used for unknown IČOs', async () => {
    const dummy = await dummyPasswordHash();
    expect(await verifyPassword('', dummy)).toBe(false);
    expect(await verifyPassword('demo-heslo-2026', dummy)).toBe(false);
  });

  it('generates dictation-friendly one-time passwords without look-alike characters', () => {
    const passwords = Array.from({ length: 200 }, generateTemporaryPassword);
    for (const p of passwords) expect(p).toMatch(/^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$/);
    expect(new Set(passwords).size).toBe(200);
  });
});
