import { describe, expect, it } from 'vitest';
import { escapeHtml, html } from './html.ts';

describe('html', () => {
  it('escapes every interpolated text', () => {
    // Prepare
    const name = `<script>alert("x")</script> & 'friends'`;

    // Act
    const markup = html`<p title="${name}">${name}</p>`.value;

    // Assess
    expect(markup).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;friends&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;friends&#39;</p>',
    );
  });

  it('keeps nested markup and joins lists without escaping them twice', () => {
    // Prepare
    const items = ['a & b', '<c>'].map((item) => html`<li>${item}</li>`);

    // Act
    // prettier-ignore
    const markup = html`<ul>${items}</ul><p>${3}</p>`.value;

    // Assess
    expect(markup).toBe('<ul><li>a &amp; b</li><li>&lt;c&gt;</li></ul><p>3</p>');
  });

  it('escapes the five HTML-significant characters and nothing else', () => {
    // Act
    const escaped = escapeHtml(`&<>"' é ✓`);

    // Assess
    expect(escaped).toBe('&amp;&lt;&gt;&quot;&#39; é ✓');
  });
});
