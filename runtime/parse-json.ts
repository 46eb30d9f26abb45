import { escapeSegment } from './common/json-pointer.js';
import { LimisError } from './errors.js';

/** Deeper values are refused before validation: recursive schemas would otherwise recurse as deep as the input. */
export const MAX_JSON_DEPTH = 64;

/**
 * Parses JSON from a client (a request body, a WebSocket message): refused when it does not parse, nests deeper than
 * MAX_JSON_DEPTH, or, unless the contract declares such properties, carries a `__proto__` key or a `constructor`
 * object with a `prototype` key. fastify refuses the same by default: code that later merges such a value into
 * another object would change that object's prototype.
 */
export function parseJsonText(
  text: string,
  subject: string,
  pointer: string,
  prototypeKeysDeclared = false,
  parse: (text: string) => unknown = JSON.parse,
): unknown {
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    throw new LimisError('LIMIS_ERR_INVALID_JSON', `${subject} is not valid JSON: ${(error as Error).message}`);
  }
  checkJsonValue(value, subject, pointer, !prototypeKeysDeclared && mayHavePrototypeKeys(text));
  return value;
}

/** Only a text that spells one of the keys can hold them, so most texts skip the search. */
export function mayHavePrototypeKeys(text: string): boolean {
  return text.includes('__proto__') || text.includes('constructor');
}

/**
 * Walks a parsed value iteratively, so the check itself cannot overflow the stack it protects. `pointer` is where the
 * value sits in the action's input (`/body`, `/payload`), for the issue it reports.
 */
export function checkJsonValue(value: unknown, subject: string, pointer: string, searchPrototypeKeys: boolean): void {
  const stack: Array<[unknown, number, string]> = [[value, 1, pointer]];
  while (stack.length > 0) {
    const [node, depth, at] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > MAX_JSON_DEPTH)
      throw new LimisError('LIMIS_ERR_INVALID_JSON', `${subject} nests deeper than ${MAX_JSON_DEPTH} levels`);
    for (const [key, child] of Object.entries(node)) {
      const childAt = searchPrototypeKeys ? `${at}/${escapeSegment(key)}` : at;
      if (
        searchPrototypeKeys &&
        (key === '__proto__' ||
          (key === 'constructor' && child !== null && typeof child === 'object' && Object.hasOwn(child, 'prototype')))
      ) {
        const what = key === '__proto__' ? '__proto__' : 'constructor.prototype';
        throw new LimisError(
          'LIMIS_ERR_PROTOTYPE_KEY',
          `${subject} has a ${what} key at ${childAt}, which the contract does not declare`,
          { errors: [{ pointer: childAt, message: `${what} is not a declared property` }] },
        );
      }
      stack.push([child, depth + 1, childAt]);
    }
  }
}
