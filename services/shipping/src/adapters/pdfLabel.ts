// pdfkit is bundled, with the substitutions in serverless.yml.
import { toLabelText } from '@conveyor/event-types';
import PDFDocument from 'pdfkit';
import type { Label, LabelAddress, RenderLabel } from '../domain/label.ts';
import { code128Bars } from './code128Bars.ts';

/** A 4 × 6 inch thermal label, in PDF points. */
const PAGE: [number, number] = [288, 432];
const MARGIN = 14;
const WIDTH = PAGE[0] - 2 * MARGIN;
const BARCODE_HEIGHT = 64;
/** Code 128 asks for 10 modules of white on each side. */
const QUIET_ZONE_MODULES = 10;
const MAX_MODULE_WIDTH = 2;

const countryNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });

// The standard fonts print Western European text: other Latin letters lose their accents
// (toLabelText), and checkout refuses what has no Latin form.
const addressLines = (address: LabelAddress): string[] =>
  [
    address.name,
    address.line1,
    ...(address.line2 === undefined ? [] : [address.line2]),
    `${address.postalCode} ${address.city}`,
    (countryNames.of(address.country) ?? address.country).toUpperCase(),
  ].map(toLabelText);

const formatMoney = (amount: number, currency: string): string => {
  const format = new Intl.NumberFormat('en-GB', { style: 'currency', currency });
  const fractionDigits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amount / 10 ** fractionDigits);
};

const CARRIER_NAMES: Readonly<Record<Label['carrier'], string>> = {
  ROYAL_MAIL: 'ROYAL MAIL',
  DHL: 'DHL',
  UPS: 'UPS',
};

const toBytes = (doc: PDFKit.PDFDocument): Promise<Uint8Array> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    doc.on('error', reject);
  });

/** The barcode as filled rectangles, vectors that print sharp at any resolution. */
const drawBarcode = (doc: PDFKit.PDFDocument, text: string, top: number): void => {
  const { modules, bars } = code128Bars(text);
  const moduleWidth = Math.min(MAX_MODULE_WIDTH, WIDTH / (modules + 2 * QUIET_ZONE_MODULES));
  const left = MARGIN + (WIDTH - modules * moduleWidth) / 2;
  for (const bar of bars) {
    doc.rect(left + bar.x * moduleWidth, top, bar.width * moduleWidth, BARCODE_HEIGHT);
  }
  doc.fill('black');
  doc
    .font('Helvetica')
    .fontSize(10)
    .text(text, MARGIN, top + BARCODE_HEIGHT + 4, { width: WIDTH, align: 'center' });
};

/**
 * Adapter: renders a label with pdfkit, with the tracking number as a Code 128 barcode (bars
 * encoded by bwip-js) and again as text, so that people and text search can read it too.
 */
export const makeRenderLabel =
  (): RenderLabel =>
  async (label: Label): Promise<Uint8Array> => {
    const doc = new PDFDocument({
      size: PAGE,
      margin: MARGIN,
      info: {
        Title: `Shipping label ${label.trackingNumber}`,
        Author: 'Conveyor shipping',
        Subject: `Order ${label.orderId}`,
      },
    });
    const bytes = toBytes(doc);

    // Blocks of free text have a height limit (then an ellipsis), so even the longest names
    // and addresses the contract allows keep the label on one page.
    const write = (text: string, font: string, size: number, height?: number) => {
      doc
        .font(font)
        .fontSize(size)
        .text(text, { width: WIDTH, ...(height === undefined ? {} : { height, ellipsis: true }) });
    };

    write(CARRIER_NAMES[label.carrier], 'Helvetica-Bold', 16);
    write(label.service, 'Helvetica', 9);
    doc.moveDown(0.6);
    write('FROM', 'Helvetica-Bold', 7);
    write(addressLines(label.sender).join('\n'), 'Helvetica', 8, 50);
    doc.moveDown(0.6);
    write('TO', 'Helvetica-Bold', 7);
    write(addressLines(label.recipient).join('\n'), 'Helvetica-Bold', 12, 88);
    doc.moveDown(0.8);

    const barcodeTop = doc.y;
    drawBarcode(doc, label.trackingNumber, barcodeTop);
    doc.x = MARGIN;
    doc.y = barcodeTop + 96;

    write(`Tracking: ${label.trackingNumber}`, 'Helvetica-Bold', 10);
    write(`Order: ${label.orderId}`, 'Helvetica', 8, 30);
    write(`Shipment: ${label.shipmentId}`, 'Helvetica', 8, 20);
    const weight = `${(label.weightGrams / 1000).toFixed(2)} kg`;
    write(
      `Items: ${label.items}   Weight: ${weight}   Est. delivery: ${label.estimatedDelivery}`,
      'Helvetica',
      8,
      20,
    );
    if (label.customsValue !== undefined) {
      const { amount, currency } = label.customsValue;
      write(`Customs value: ${formatMoney(amount, currency)}`, 'Helvetica', 8);
    }
    doc.end();
    return await bytes;
  };
