// tests/graph/parse_mermaid.mjs FILE...: parse each file with Mermaid's own
// parser (mermaid.parse, under a jsdom window since mermaid expects a DOM).
// Prints "FILE ok TYPE" or "FILE FAIL message"; exit 1 when any fails.
// Run with NODE_PATH pointing at the node_modules that holds mermaid and jsdom.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const modules = process.env.NODE_PATH;
const require = createRequire(path.join(modules, 'noop.js'));
const { JSDOM } = require('jsdom');
const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
for (const k of ['Element', 'HTMLElement', 'SVGElement', 'Node', 'DOMParser']) {
  if (!(k in globalThis)) globalThis[k] = dom.window[k];
}
const entry = require.resolve('mermaid');
const { default: mermaid } = await import(pathToFileURL(entry).href);
mermaid.initialize({ startOnLoad: false });
let bad = 0;
for (const f of process.argv.slice(2)) {
  try {
    const r = await mermaid.parse(readFileSync(f, 'utf8'));
    console.log(`${f} ok ${r.diagramType}`);
  } catch (e) {
    console.log(`${f} FAIL ${String(e.message || e).split('\n').slice(0, 4).join(' | ')}`);
    bad++;
  }
}
process.exit(bad ? 1 : 0);
