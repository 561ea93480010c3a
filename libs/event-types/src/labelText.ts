// The characters outside Latin-1 that Windows-1252 adds, which a label's standard PDF fonts
// (WinAnsiEncoding, as pdfkit writes them) also print: € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™
// š › œ ž Ÿ.
const WINDOWS_1252_EXTRAS = new Set(
  [
    0x20ac, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152,
    0x017d, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
    0x0153, 0x017e, 0x0178,
  ].map((codePoint) => String.fromCodePoint(codePoint)),
);

// Latin letters that no Unicode decomposition takes to a printable one.
const LETTERS: Readonly<Record<string, string>> = {
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Ħ: 'H',
  ħ: 'h',
  ı: 'i',
  ĸ: 'k',
  Ŋ: 'N',
  ŋ: 'n',
  Ŧ: 'T',
  ŧ: 't',
  ſ: 's',
  Ə: 'E',
  ə: 'e',
  '\u2010': '-',
  '\u2011': '-',
  ʼ: "'",
};

const COMBINING_MARK = /\p{M}/gu;

const isPrintable = (character: string): boolean => {
  const codePoint = character.codePointAt(0) ?? 0;
  return (
    (codePoint >= 0x20 && codePoint <= 0x7e) ||
    (codePoint >= 0xa0 && codePoint <= 0xff) ||
    WINDOWS_1252_EXTRAS.has(character)
  );
};

const allPrintable = (text: string): boolean => {
  for (const character of text) if (!isPrintable(character)) return false;
  return text !== '';
};

// One character as the label prints it: as it is, else its base letter without its accents
// (Ł → L, ș → s, ﬁ → fi), else unchanged (and unprintable).
const labelCharacter = (character: string): string => {
  if (isPrintable(character)) return character;
  let folded = '';
  for (const part of character.normalize('NFKD').replace(COMBINING_MARK, '')) {
    folded += LETTERS[part] ?? part;
  }
  return allPrintable(folded) ? folded : character;
};

/**
 * Text as a shipping label prints it. The label's standard PDF fonts print Western European text
 * (Latin-1 and the few more letters and signs of Windows-1252); any other Latin letter is printed
 * without its accents (Łódź → Lódz, București → Bucuresti), as international labels may be. What
 * has no Latin form (Greek, Cyrillic, CJK, emoji) is left as it is: {@link unprintableOnLabel}
 * finds it, and checkout refuses it.
 *
 * @example
 * ```ts
 * toLabelText('Łódź'); // 'Lódz'
 * toLabelText('Zürich'); // 'Zürich'
 * ```
 */
export const toLabelText = (text: string): string => {
  let printed = '';
  for (const character of text.normalize('NFC')) printed += labelCharacter(character);
  return printed;
};

/**
 * The characters of `text` a shipping label cannot print even without accents, each once, in
 * order: what {@link toLabelText} leaves unprintable.
 *
 * @example
 * ```ts
 * unprintableOnLabel('Zoë 渡辺'); // ['渡', '辺']
 * unprintableOnLabel('Łódź'); // []
 * ```
 */
export const unprintableOnLabel = (text: string): string[] => {
  const found = new Set<string>();
  for (const character of toLabelText(text)) if (!isPrintable(character)) found.add(character);
  return [...found];
};
