import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonValueAt, jsonValueInHead } from "./json-path";

/** What JSON.parse of the whole text gives at the path (undefined through anything but an object). */
function parsedAt(text: string, path: readonly string[]): unknown {
  let value: unknown = JSON.parse(text);
  for (const key of path) {
    if (value === null || typeof value !== "object" || Array.isArray(value) || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

describe("jsonValueAt", () => {
  it("reads a snapshot document's summary.indices and nothing after it", () => {
    const text = JSON.stringify({
      summary: { snapshot: { seq: 2 }, wave: { title: 'The "2025" survey, \\ "indices": {' }, indices: { PRESC: { n: 40, mean: 51.2 } }, items: { X: 1 } },
      charts: null,
    });
    expect(jsonValueAt(text, ["summary", "indices"])).toEqual({ PRESC: { n: 40, mean: 51.2 } });
    // Everything after the value may be anything: it is not read.
    const cut = text.slice(0, text.indexOf(',"items"'));
    expect(jsonValueAt(cut, ["summary", "indices"])).toEqual({ PRESC: { n: 40, mean: 51.2 } });
  });

  it("gives undefined for a missing key or a level that is not an object", () => {
    const text = JSON.stringify({ a: { b: [1, 2] }, s: "x", n: null });
    expect(jsonValueAt(text, ["a", "c"])).toBeUndefined();
    expect(jsonValueAt(text, ["a", "b", "length"])).toBeUndefined();
    expect(jsonValueAt(text, ["s", "length"])).toBeUndefined();
    expect(jsonValueAt(text, ["n", "x"])).toBeUndefined();
    expect(jsonValueAt("[1]", ["0"])).toBeUndefined();
  });

  it("throws as JSON.parse does on a text that is not JSON", () => {
    expect(() => jsonValueAt("{'a': 1}", ["a"])).toThrow(SyntaxError);
    expect(() => jsonValueAt("", ["a"])).toThrow(SyntaxError);
  });

  it("property: the same value as JSON.parse of the whole text, compact or indented, keys with escapes included", () => {
    const key = fc.oneof(fc.constantFrom("a", "b", "summary", "indices", 'q"uote', "back\\slash", "new\nline", "é", "__proto__"), fc.string({ maxLength: 4 }));
    const value = fc.letrec<{ tree: unknown }>((tie) => ({
      tree: fc.oneof(
        { depthSize: "small" },
        fc.jsonValue({ maxDepth: 2 }),
        fc.dictionary(key, tie("tree"), { maxKeys: 5 }),
        fc.array(tie("tree"), { maxLength: 3 }),
      ),
    })).tree;
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 6 }), fc.array(key, { minLength: 1, maxLength: 3 }), fc.boolean(), (object, path, indent) => {
        const text = indent ? JSON.stringify(object, null, 2) : JSON.stringify(object);
        expect(jsonValueAt(text, path)).toEqual(parsedAt(text, path));
        // Paths that exist, too.
        let node: unknown = object;
        const existing: string[] = [];
        while (node !== null && typeof node === "object" && !Array.isArray(node) && Object.keys(node).length > 0) {
          const keys = Object.keys(node);
          const k = keys[existing.length % keys.length]!;
          existing.push(k);
          node = (node as Record<string, unknown>)[k];
        }
        if (existing.length > 0) expect(jsonValueAt(text, existing)).toEqual(parsedAt(text, existing));
      }),
      { numRuns: 500 },
    );
  });

  it("property: from the beginning of a text, the same value or null (read the whole text), never a value cut short", () => {
    const doc = fc.record({
      summary: fc.record({ wave: fc.record({ title: fc.string() }), indices: fc.jsonValue({ maxDepth: 3 }), items: fc.jsonValue({ maxDepth: 2 }) }),
      charts: fc.jsonValue({ maxDepth: 2 }),
    });
    fc.assert(
      fc.property(doc, fc.nat(), fc.boolean(), (object, cut, indent) => {
        const text = indent ? JSON.stringify(object, null, 1) : JSON.stringify(object);
        const whole = parsedAt(text, ["summary", "indices"]);
        expect(jsonValueInHead(text, ["summary", "indices"])).toEqual({ value: whole });
        const head = jsonValueInHead(text.slice(0, cut % (text.length + 1)), ["summary", "indices"]);
        if (head !== null) expect(head.value).toEqual(whole);
      }),
      { numRuns: 1000 },
    );
    // A number cut short is not read as a shorter number.
    expect(jsonValueInHead('{"summary":{"indices":12345}}'.slice(0, 25), ["summary", "indices"])).toBeNull();
  });
});
