// Bundled in place of fontkit for pdfkit (custom.esbuildAlias in serverless.yml). pdfkit needs
// fontkit only to embed TrueType or OpenType fonts, and fontkit with its WOFF2 decoder is 750 kB
// of bundle, three times the rest of pdfkit. Labels use the standard fonts, which need none of it.

/** fontkit's `create`, as pdfkit calls it for a font file: not available in the bundle. */
export const create = (): never => {
  throw new Error(
    'Embedding a font file needs fontkit, which the label bundle leaves out: drop the fontkit alias in serverless.yml',
  );
};
