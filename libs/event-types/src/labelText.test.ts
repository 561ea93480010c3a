import { describe, expect, it } from 'vitest';
import { toLabelText, unprintableOnLabel } from './labelText.ts';

describe('toLabelText', () => {
  it.each([
    [
      'Western European text as it is',
      'Zoë Œuvre-Müller, Straße 5º – “Casa”',
      'Zoë Œuvre-Müller, Straße 5º – “Casa”',
    ],
    [
      'other Latin letters without their accents',
      'Łódź, Gdańsk, Plzeň, București, Đakovo',
      'Lódz, Gdansk, Plzen, Bucuresti, Dakovo',
    ],
    ['a letter typed with a separate accent mark as its composed letter', 'Zu\u0308rich', 'Zürich'],
    ['compatibility forms as their plain letters', 'ﬁeld Ｒｏａｄ', 'field Road'],
  ])('prints %s', (_case, text, printed) => {
    // Act
    const label = toLabelText(text);

    // Assess
    expect(label).toBe(printed);
  });

  it('leaves what has no Latin form as it is', () => {
    // Act
    const label = toLabelText('Αθήνα Москва 渡辺 🚀');

    // Assess
    expect(label).toBe('Αθήνα Москва 渡辺 🚀');
  });
});

describe('unprintableOnLabel', () => {
  it('names what no accent-stripping makes printable, each once, in order', () => {
    // Act
    const found = unprintableOnLabel('Zoë 渡辺 渡 🚀 Łódź');

    // Assess
    expect(found).toEqual(['渡', '辺', '🚀']);
  });

  it.each(['Łódź', 'Zu\u0308rich', 'Rua São João, 5º', 'Ærøskøbing'])(
    'finds nothing in %j',
    (text) => {
      // Act
      const found = unprintableOnLabel(text);

      // Assess
      expect(found).toEqual([]);
    },
  );
});
