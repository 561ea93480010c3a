/** Markup that is safe to insert as it is: built by {@link html}, so every value in it was escaped. */
export class SafeHtml {
  public constructor(public readonly value: string) {}

  public toString(): string {
    return this.value;
  }
}

/** What {@link html} accepts between its `${}`: text is escaped, markup is kept, lists are joined. */
export type HtmlValue = string | number | SafeHtml | readonly HtmlValue[];

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (character) => ENTITIES[character] ?? character);

const isList = (value: HtmlValue): value is readonly HtmlValue[] => Array.isArray(value);

const render = (value: HtmlValue): string => {
  if (value instanceof SafeHtml) return value.value;
  if (isList(value)) return value.map(render).join('');
  return escapeHtml(String(value));
};

/**
 * Tagged template for markup: every interpolated value is escaped unless it is itself `html`,
 * so customer data (names, addresses, item names) can never inject markup.
 *
 * @example
 * ```ts
 * html`<p>Hi ${customer.name},</p>`; // a name like "<b>Ada</b>" is shown, not rendered
 * ```
 */
export const html = (strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml =>
  new SafeHtml(
    values.reduce<string>(
      (markup, value, index) => markup + render(value) + (strings[index + 1] ?? ''),
      strings[0] ?? '',
    ),
  );
