// pdfkit publishes its standard-font metrics as subpath exports without type declarations.
declare module 'pdfkit/standard-fonts/*' {
  const font: unknown;
  export default font;
}
