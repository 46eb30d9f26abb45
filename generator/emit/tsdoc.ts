import type { JSDocStructure, OptionalKind } from 'ts-morph';

/**
 * Contract text as TSDoc. The only escaping needed inside a block comment is its terminator: `*\/` cannot
 * close the comment early, so nothing written in a description can become code.
 */
export function docText(text: string): string {
  return text.replace(/\*\//g, '*\\/').replace(/\r\n?/g, '\n').trim();
}

export function docs(...parts: Array<string | undefined | false>): Array<OptionalKind<JSDocStructure>> {
  const text = parts
    .filter((p): p is string => typeof p === 'string' && p.trim() !== '')
    .map(docText)
    .join('\n\n');
  return text === '' ? [] : [{ description: text }];
}

/** A one-line or multi-line `/** … *\/` for type text written inline. */
export function inlineDoc(text: string | undefined, indent: string): string {
  if (text === undefined || text.trim() === '') return '';
  const lines = docText(text).split('\n');
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((l) => `${indent} * ${l}`.trimEnd()).join('\n')}\n${indent} */\n`;
}
