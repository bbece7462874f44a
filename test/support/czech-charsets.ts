/** windows-1250 and iso-8859-2 bytes for the Czech letters the mail tests use (Node has no encoder for them). */
const CZECH_BYTES: Readonly<Record<string, readonly [number, number]>> = {
  á: [0xe1, 0xe1],
  č: [0xe8, 0xe8],
  ď: [0xef, 0xef],
  é: [0xe9, 0xe9],
  ě: [0xec, 0xec],
  í: [0xed, 0xed],
  ň: [0xf2, 0xf2],
  ó: [0xf3, 0xf3],
  ř: [0xf8, 0xf8],
  š: [0x9a, 0xb9],
  ť: [0x9d, 0xbb],
  ú: [0xfa, 0xfa],
  ů: [0xf9, 0xf9],
  ý: [0xfd, 0xfd],
  ž: [0x9e, 0xbe],
  Á: [0xc1, 0xc1],
  Č: [0xc8, 0xc8],
  Ř: [0xd8, 0xd8],
  Š: [0x8a, 0xa9],
  Ž: [0x8e, 0xae],
  Ú: [0xda, 0xda],
};

export type CzechCharset = 'windows-1250' | 'iso-8859-2';

export function encodeCzech(text: string, charset: CzechCharset): Buffer {
  const column = charset === 'windows-1250' ? 0 : 1;
  return Buffer.from(
    Array.from(text, (character) => {
      if (character.charCodeAt(0) < 0x80) return character.charCodeAt(0);
      const bytes = CZECH_BYTES[character];
      if (!bytes) throw new Error(`no ${charset} byte for ${character}`);
      return bytes[column];
    }),
  );
}

export const CZECH_PANGRAM = 'Příliš žluťoučký kůň úpěl ďábelské ódy';
