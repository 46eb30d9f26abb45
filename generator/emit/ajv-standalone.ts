import { _, _Code, type Code, getEsmExportName, type Name, nil } from 'ajv/dist/compile/codegen/code.js';
import { type UsedScopeValues, UsedValueState, type ValueScopeName } from 'ajv/dist/compile/codegen/scope.js';
import type AjvCore from 'ajv/dist/core.js';

interface SourceCode {
  validateName: ValueScopeName;
  validateCode: string;
  scopeValues: Parameters<AjvCore.default['scope']['scopeCode']>[0];
  evaluated?: Code;
}

/**
 * ajv's `standaloneCode(ajv, exports)` as an ESM module, written the same way byte for byte (the golden tests compare
 * it), but joined once at the end: ajv's own version re-copies the whole module so far for every export, which is
 * quadratic — 4 s of GitHub's 4,474 validators. `prelude` (keys in dependency order) is written first.
 */
export function standaloneModule(
  ajv: AjvCore.default,
  exports: Record<string, string>,
  prelude: readonly string[] = [],
): string {
  const { _n } = ajv.scope.opts as unknown as { _n: Code };
  const usedValues: UsedScopeValues = {};
  const parts: string[] = ['"use strict";'];
  // Each validator's code is written after the code of those it calls, found by recursion: written first, leaves
  // first, the named schemas of a long `$ref` chain each find the next one written already, and none recurses.
  for (const key of prelude) {
    const source = ajv.getSchema(key)?.source as SourceCode | undefined;
    if (source) parts.push(`${_n}${validateCode(ajv, usedValues, source)}`);
  }
  for (const [name, key] of Object.entries(exports)) {
    const source = ajv.getSchema(key)?.source as SourceCode | undefined;
    if (!source) throw new Error(`ajv compiled no validator for ${key}`);
    const code = validateCode(ajv, usedValues, source);
    parts.push(`${_n}export const ${getEsmExportName(name)} = ${source.validateName};${_n}${code}`);
  }
  return parts.join('');
}

function validateCode(ajv: AjvCore.default, usedValues: UsedScopeValues, source: SourceCode | undefined): Code {
  if (!source) throw new Error('ajv internal error: a validator without source');
  const { _n } = ajv.scope.opts as unknown as { _n: Code };
  if (usedState(usedValues, source.validateName) === UsedValueState.Completed) return nil;
  setUsedState(usedValues, source.validateName, UsedValueState.Started);
  const scopeCode = ajv.scope.scopeCode(source.scopeValues, usedValues, (n) => refValidateCode(ajv, usedValues, n));
  const code = new _Code(`${scopeCode}${_n}${source.validateCode}`);
  return source.evaluated ? _`${code}${source.validateName}.evaluated = ${source.evaluated};${_n}` : code;
}

function refValidateCode(ajv: AjvCore.default, usedValues: UsedScopeValues, n: ValueScopeName): Code | undefined {
  const ref = n.value?.ref as
    | { source?: SourceCode; validate?: { source?: SourceCode }; validateName?: Name }
    | undefined;
  if (n.prefix === 'validate' && typeof ref === 'function')
    return validateCode(ajv, usedValues, (ref as { source?: SourceCode }).source);
  if ((n.prefix === 'root' || n.prefix === 'wrapper') && ref !== null && typeof ref === 'object') {
    const { validate, validateName } = ref;
    if (!validateName) throw new Error('ajv internal error');
    const wrapper = _`const ${n} = {validate: ${validateName}};`;
    if (usedState(usedValues, validateName as ValueScopeName) === UsedValueState.Started) return wrapper;
    const { _n } = ajv.scope.opts as unknown as { _n: Code };
    return _`${wrapper}${_n}${validateCode(ajv, usedValues, validate?.source)}`;
  }
  return undefined;
}

function usedState(usedValues: UsedScopeValues, name: ValueScopeName | Name): UsedValueState | undefined {
  return usedValues[(name as ValueScopeName).prefix]?.get(name as ValueScopeName);
}

function setUsedState(usedValues: UsedScopeValues, name: ValueScopeName, state: UsedValueState): void {
  usedValues[name.prefix] ??= new Map();
  usedValues[name.prefix]!.set(name, state);
}
