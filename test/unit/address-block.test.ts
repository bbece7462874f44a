import { describe, expect, it } from 'vitest';
import { addressBlock } from '../../functions/core/accounts/address-block';

describe('addressBlock (what the per-address lockout counts)', () => {
  it('keeps an IPv4 address as it is', () => {
    expect(addressBlock('203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts every IPv6 address of one /64 as the same block', () => {
    const a = addressBlock('2a01:4f8:1:2:aaaa:bbbb:cccc:dddd');
    expect(a).toBe('2a01:4f8:1:2::/64');
    expect(addressBlock('2a01:4f8:1:2::1')).toBe(a);
    expect(addressBlock('2A01:04F8:0001:0002:0:0:0:FFFF')).toBe(a);
  });

  it('keeps different /64s apart', () => {
    expect(addressBlock('2a01:4f8:1:3::1')).not.toBe(addressBlock('2a01:4f8:1:2::1'));
  });

  it('expands :: wherever it stands', () => {
    expect(addressBlock('::1')).toBe('0:0:0:0::/64');
    expect(addressBlock('2001:db8::')).toBe('2001:db8:0:0::/64');
    expect(addressBlock('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });

  it('counts an IPv4-mapped IPv6 address as its IPv4 address', () => {
    expect(addressBlock('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressBlock('::ffff:cb00:7107')).toBe('203.0.113.7');
  });

  it('reads a dotted IPv4 tail of an ordinary IPv6 address', () => {
    expect(addressBlock('64:ff9b::198.51.100.1')).toBe('64:ff9b:0:0::/64');
  });

  it('returns anything that is not an IP address unchanged', () => {
    expect(addressBlock('not-an-ip')).toBe('not-an-ip');
  });
});
