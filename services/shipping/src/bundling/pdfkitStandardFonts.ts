// Bundled in place of Node's `module` builtin for pdfkit (custom.esbuildAlias in serverless.yml),
// and only in the bundle that renders labels. pdfkit's Node build loads the metrics of its 14
// standard fonts through `createRequire(import.meta.url)('#standard-fonts/<Name>')`, a subpath
// import of its own package.json that a bundle cannot follow: this module imports the same
// metrics statically and answers those requires from them. Unbundled code (tests) uses pdfkit
// as published.
import Courier from 'pdfkit/standard-fonts/Courier';
import CourierBold from 'pdfkit/standard-fonts/CourierBold';
import CourierBoldOblique from 'pdfkit/standard-fonts/CourierBoldOblique';
import CourierOblique from 'pdfkit/standard-fonts/CourierOblique';
import Helvetica from 'pdfkit/standard-fonts/Helvetica';
import HelveticaBold from 'pdfkit/standard-fonts/HelveticaBold';
import HelveticaBoldOblique from 'pdfkit/standard-fonts/HelveticaBoldOblique';
import HelveticaOblique from 'pdfkit/standard-fonts/HelveticaOblique';
import SymbolFont from 'pdfkit/standard-fonts/Symbol';
import TimesBold from 'pdfkit/standard-fonts/TimesBold';
import TimesBoldItalic from 'pdfkit/standard-fonts/TimesBoldItalic';
import TimesItalic from 'pdfkit/standard-fonts/TimesItalic';
import TimesRoman from 'pdfkit/standard-fonts/TimesRoman';
import ZapfDingbats from 'pdfkit/standard-fonts/ZapfDingbats';

const standardFonts: Readonly<Record<string, unknown>> = {
  '#standard-fonts/Courier': Courier,
  '#standard-fonts/CourierBold': CourierBold,
  '#standard-fonts/CourierBoldOblique': CourierBoldOblique,
  '#standard-fonts/CourierOblique': CourierOblique,
  '#standard-fonts/Helvetica': Helvetica,
  '#standard-fonts/HelveticaBold': HelveticaBold,
  '#standard-fonts/HelveticaBoldOblique': HelveticaBoldOblique,
  '#standard-fonts/HelveticaOblique': HelveticaOblique,
  '#standard-fonts/Symbol': SymbolFont,
  '#standard-fonts/TimesBold': TimesBold,
  '#standard-fonts/TimesBoldItalic': TimesBoldItalic,
  '#standard-fonts/TimesItalic': TimesItalic,
  '#standard-fonts/TimesRoman': TimesRoman,
  '#standard-fonts/ZapfDingbats': ZapfDingbats,
};

/** `module.createRequire` as pdfkit uses it: a require that knows its standard fonts only. */
export const createRequire =
  (_from: string | URL) =>
  (id: string): unknown => {
    const font = standardFonts[id];
    if (font === undefined) {
      throw new Error(`${id} is not bundled: only pdfkit's standard fonts are (src/bundling)`);
    }
    return font;
  };
