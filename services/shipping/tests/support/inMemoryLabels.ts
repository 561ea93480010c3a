// In-memory label ports: the "PDF" is the label as JSON, so tests can read what was printed.
import type { Label, RenderLabel, StoreLabel } from '../../src/domain/label.ts';

export const inMemoryLabels = () => {
  const stored = new Map<string, Label>();
  const rendered: Label[] = [];
  const renderLabel: RenderLabel = async (label) => {
    rendered.push(label);
    return Promise.resolve(new TextEncoder().encode(JSON.stringify(label)));
  };
  const storeLabel: StoreLabel = async (key, pdf) => {
    stored.set(key, JSON.parse(new TextDecoder().decode(pdf)) as Label);
    return Promise.resolve();
  };
  return { stored, rendered, renderLabel, storeLabel };
};
