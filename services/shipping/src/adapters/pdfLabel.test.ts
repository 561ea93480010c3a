import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { type Label, SENDER } from '../domain/label.ts';
import { makeRenderLabel } from './pdfLabel.ts';

const label = (overrides: Partial<Label> = {}): Label => ({
  orderId: '5f0c8a4e-2b1d-4c3e-9f6a-7b8c9d0e1f2a',
  shipmentId: 'shp-1',
  carrier: 'ROYAL_MAIL',
  service: 'Royal Mail Tracked 48',
  trackingNumber: 'BC345678909GB',
  estimatedDelivery: '2026-11-24',
  sender: SENDER,
  recipient: {
    name: 'Ada Lovelace',
    line1: '12 Analytical Row',
    city: 'London',
    postalCode: 'NW1 6XE',
    country: 'GB',
  },
  items: 3,
  weightGrams: 900,
  ...overrides,
});

const textOf = async (pdf: Uint8Array): Promise<string> => {
  const document = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(document, { mergePages: true });
  return text;
};

describe('makeRenderLabel', () => {
  it('renders a one-page PDF with the barcode, tracking number, addresses, carrier and order id', async () => {
    // Prepare
    const render = makeRenderLabel();

    // Act
    const pdf = await render(label());

    // Assess
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const document = await getDocumentProxy(new Uint8Array(pdf));
    expect(document.numPages).toBe(1);
    const text = await textOf(pdf);
    for (const expected of [
      'ROYAL MAIL',
      'Royal Mail Tracked 48',
      'Tracking: BC345678909GB',
      'Order: 5f0c8a4e-2b1d-4c3e-9f6a-7b8c9d0e1f2a',
      'Conveyor Fulfilment',
      'RM18 7DU Tilbury',
      'Ada Lovelace',
      '12 Analytical Row',
      'NW1 6XE London',
      'UNITED KINGDOM',
      'Est. delivery: 2026-11-24',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('Customs value');
    // The barcode is drawn as vectors, with its number under it: no image.
    expect(text).toMatch(/^BC345678909GB$/m);
    expect(Buffer.from(pdf).toString('latin1')).not.toMatch(/\/Subtype \/Image/);
  });

  it('prints the customs value in the currency’s minor units for an international parcel', async () => {
    // Prepare
    const render = makeRenderLabel();

    // Act
    const pdf = await render(
      label({
        carrier: 'UPS',
        service: 'UPS Standard',
        trackingNumber: '1Z8W72K41112345670',
        recipient: {
          name: 'Grace Hopper',
          line1: '1 Navy Way',
          line2: 'Suite 9',
          city: 'Arlington',
          postalCode: '22202',
          country: 'US',
        },
        customsValue: { amount: 8600, currency: 'USD' },
      }),
    );

    // Assess
    const text = await textOf(pdf);
    expect(text).toContain('Tracking: 1Z8W72K41112345670');
    expect(text).toContain('Suite 9');
    expect(text).toContain('UNITED STATES');
    expect(text).toContain('Customs value: US$86.00');
  });

  it('prints a Latin address the fonts have no glyph for without its accents, not as other glyphs', async () => {
    // Prepare
    const render = makeRenderLabel();

    // Act
    const pdf = await render(
      label({
        carrier: 'DHL',
        service: 'DHL Parcel',
        recipient: {
          name: 'Zoë Łukasiewicz',
          line1: 'ul. Piotrkowska 5',
          city: 'Łódź',
          postalCode: '90-001',
          country: 'PL',
        },
      }),
    );

    // Assess
    const text = await textOf(pdf);
    expect(text).toContain('Zoë Lukasiewicz');
    expect(text).toContain('90-001 Lódz');
  });

  it('keeps the longest names and addresses the contract allows on one page', async () => {
    // Prepare
    const long = (length: number) =>
      'Wolfeschlegelsteinhausenbergerdorff '.repeat(10).slice(0, length);
    const render = makeRenderLabel();

    // Act
    const pdf = await render(
      label({
        orderId: 'a'.repeat(128),
        recipient: {
          name: long(200),
          line1: long(200),
          line2: long(200),
          city: long(100),
          postalCode: 'X'.repeat(20),
          country: 'DE',
        },
        customsValue: { amount: 999_999_999, currency: 'JPY' },
      }),
    );

    // Assess
    const document = await getDocumentProxy(new Uint8Array(pdf));
    expect(document.numPages).toBe(1);
    expect(await textOf(pdf)).toContain('Customs value: JP¥999,999,999');
  });
});
