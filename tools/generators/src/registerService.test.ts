import { describe, expect, it } from 'vitest';
import { addToServiceLists } from './registerService.ts';

const services = ['checkout', 'inventory', 'email'];

describe('addToServiceLists', () => {
  it('extends arrays, shell case patterns and tag lines that list only services', () => {
    // Prepare
    const text = [
      "const SERVICES = ['checkout', 'inventory', 'email'];",
      '        options: [checkout, inventory, email]',
      '        options: [dev, prod]',
      '            checkout | inventory | email) ;;',
      '      - uses: actions/checkout@v4',
      "      - 'checkout@*'",
      "      - 'email@*'",
      '  workflow_dispatch:',
    ].join('\n');

    // Act
    const { text: updated, lists } = addToServiceLists(text, services, 'order-audit');

    // Assess
    expect(lists).toBe(4);
    expect(updated).toBe(
      [
        "const SERVICES = ['checkout', 'inventory', 'email', 'order-audit'];",
        '        options: [checkout, inventory, email, order-audit]',
        '        options: [dev, prod]',
        '            checkout | inventory | email | order-audit) ;;',
        '      - uses: actions/checkout@v4',
        "      - 'checkout@*'",
        "      - 'email@*'",
        "      - 'order-audit@*'",
        '  workflow_dispatch:',
      ].join('\n'),
    );
  });

  it('leaves lists alone that hold something else or a single service', () => {
    // Prepare
    const text = "files: ['checkout', 'README.md']\nonly: [email]\ncase x | checkout) ;;";

    // Act
    const result = addToServiceLists(text, services, 'order-audit');

    // Assess
    expect(result).toEqual({ text, lists: 0 });
  });

  it('extends arrays that Prettier wrapped over several lines, keeping their layout', () => {
    // Prepare: what a generated service leaves once the lists outgrow the print width.
    const text = [
      'const SERVICES = [',
      "  'checkout',",
      "  'inventory',",
      "  'email',",
      '];',
      '        options:',
      '          [',
      '            checkout,',
      '            inventory,',
      '            email',
      '          ]',
      '        ignored: [',
      '          checkout,',
      '          README.md,',
      '        ]',
    ].join('\n');

    // Act
    const { text: updated, lists } = addToServiceLists(text, services, 'order-audit');

    // Assess
    expect(lists).toBe(2);
    expect(updated).toBe(
      [
        'const SERVICES = [',
        "  'checkout',",
        "  'inventory',",
        "  'email',",
        "  'order-audit',",
        '];',
        '        options:',
        '          [',
        '            checkout,',
        '            inventory,',
        '            email,',
        '            order-audit',
        '          ]',
        '        ignored: [',
        '          checkout,',
        '          README.md,',
        '        ]',
      ].join('\n'),
    );
  });

  it('leaves a wrapped list alone once it holds the service, and finds one in a nested array', () => {
    // Prepare
    const text = "a: [\n  'checkout',\n  'email',\n  'order-audit',\n]\nb: [x, [checkout, email]]";

    // Act
    const result = addToServiceLists(text, services, 'order-audit');

    // Assess
    expect(result).toEqual({
      text: "a: [\n  'checkout',\n  'email',\n  'order-audit',\n]\nb: [x, [checkout, email, order-audit]]",
      lists: 1,
    });
  });
});
