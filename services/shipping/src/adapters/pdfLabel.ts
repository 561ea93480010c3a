// The one encoder, not bwip-js's default export: that one holds every symbology (960 kB in a
// bundle against 130 kB). pdfkit is bundled too, with the substitutions in serverless.yml.
import { code128 } from 'bwip-js';
import PDFDocument from 'pdfkit';
import type { Label, LabelAddress, RenderLabel } from '../domain/label.ts';

/** A 4 × 6 inch thermal label, in PDF points. */
const PAGE: [number, number] = [288, 432];
const MARGIN = 14;
const WIDTH = PAGE[0] - 2 * MARGIN;

const countryNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });

const addressLines = (address: LabelAddress): string[] => [
  address.name,
  address.line1,
  ...(address.line2 === undefined ? [] : [address.line2]),
  `${address.postalCode} ${address.city}`,
  (countryNames.of(address.country) ?? address.country).toUpperCase(),
];

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

/**
 * Adapter: renders a label with pdfkit, with the tracking number as a Code128 barcode made by
 * bwip-js (a PNG) and again as text, so that people and text search can read it too.
 */
export const makeRenderLabel =
  (): RenderLabel =>
  async (label: Label): Promise<Uint8Array> => {
    const barcode = await code128({
      bcid: 'code128',
      text: label.trackingNumber,
      scale: 3,
      height: 16,
      includetext: true,
      textxalign: 'center',
    });
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
    doc.image(barcode, MARGIN, barcodeTop, { fit: [WIDTH, 90], align: 'center' });
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
    return bytes;
  };
