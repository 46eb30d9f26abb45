/**
 * JSON Schema patterns are ECMA-262 regular expressions, and validators compile them with the `u` flag (so `\p{…}`
 * works). Contracts written for engines without it often escape characters that need no escape (`\-`, `\_`, `\:`)
 * or leave a brace unescaped (`{id}`), which `u` rejects. Those spellings mean the literal character without `u`;
 * this rewrites them to the same literal under `u`. A pattern that is valid as is, or invalid either way, is returned
 * unchanged, so its error is reported as written.
 */
export function unicodeSafePattern(pattern: string): string {
  if (compiles(pattern, 'u')) return pattern;
  // `\p{Han}` is meant as a script; ECMAScript spells scripts `\p{Script=Han}`.
  const scripts = pattern.replace(/\\([pP])\{([A-Za-z_]+)\}/g, (whole, p: string, name: string) =>
    compiles(whole, 'u') ? whole : `\\${p}{Script=${name}}`,
  );
  if (scripts !== pattern && compiles(scripts, 'u')) return scripts;
  if (!compiles(pattern, '')) return pattern;
  const rewritten = rewrite(pattern);
  return compiles(rewritten, 'u') ? rewritten : pattern;
}

const SYNTAX = new Set('^$\\.*+?()[]{}|/');
const QUANTIFIER = /^\{\d+(,\d*)?\}/;

function rewrite(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '\\') {
      const next = pattern[i + 1];
      i++;
      if (next === undefined) return pattern;
      const octal = /^[0-7]{1,3}/.exec(pattern.slice(i));
      // An octal escape (`\037`) is a character without `u` (in a class, or `\0…` anywhere); `u` spells it `\x1f`.
      if (octal && (inClass || next === '0') && Number.parseInt(octal[0], 8) < 256) {
        out += `\\x${Number.parseInt(octal[0], 8).toString(16).padStart(2, '0')}`;
        i += octal[0].length - 1;
        continue;
      }
      // Letters and digits are real escapes (\d, \u00e9, \1); syntax characters and `-` in a class may be escaped under `u`.
      if (/[A-Za-z0-9]/.test(next) || SYNTAX.has(next) || (inClass && next === '-')) out += `\\${next}`;
      else out += next;
      continue;
    }
    if (inClass) {
      if (char === ']') inClass = false;
      out += char;
      continue;
    }
    if (char === '[') {
      inClass = true;
      out += char;
      if (pattern[i + 1] === '^') out += pattern[++i];
      // A `]` first in a class is a literal without `u`.
      if (pattern[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (char === '{') {
      const quantifier = QUANTIFIER.exec(pattern.slice(i));
      if (quantifier && i > 0) {
        out += quantifier[0];
        i += quantifier[0].length - 1;
      } else {
        out += '\\{';
      }
      continue;
    }
    out += char === '}' || char === ']' ? `\\${char}` : char;
  }
  return out;
}

function compiles(pattern: string, flags: string): boolean {
  try {
    new RegExp(pattern, flags);
    return true;
  } catch {
    return false;
  }
}

/** What a contract's `pattern` becomes: the ECMAScript pattern validators enforce, or none, and why. */
export interface PatternReading {
  /** Undefined when the pattern cannot be read as ECMAScript: it is then not enforced. */
  pattern?: string;
  /** Set when the pattern was translated or dropped: the warning to report at its pointer. */
  warning?: string;
}

/**
 * A `pattern` as validators compile it (`u` flag). One written for Ruby, PCRE or Java is translated where the
 * meaning carries over — `\A` start, `\z` end, `\Z` end before an optional final newline, `\h` a hex digit,
 * possessive quantifiers read as greedy (the same strings match unless the pattern relies on not backtracking) —
 * and otherwise left out of validation with a warning, so one foreign pattern never stops a whole contract.
 */
export function readPattern(given: string): PatternReading {
  const pattern = unicodeSafePattern(given);
  if (compiles(pattern, 'u')) return { pattern };
  const translated = unicodeSafePattern(fromOtherDialects(given));
  if (translated !== given && compiles(translated, 'u'))
    return {
      pattern: translated,
      warning: `pattern ${JSON.stringify(given)} is written for another regular-expression dialect; it is enforced as ${JSON.stringify(translated)}`,
    };
  return {
    warning: `pattern ${JSON.stringify(given)} is not an ECMAScript regular expression (as JSON Schema requires); it is not enforced`,
  };
}

const QUANTIFIER_END = /[*+?}]/;

function fromOtherDialects(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '\\') {
      const next = pattern[i + 1] ?? '';
      i++;
      if (!inClass && next === 'A') out += '^';
      else if (!inClass && next === 'z') out += '$';
      else if (!inClass && next === 'Z') out += '(?=\\n?$)';
      else if (next === 'h') out += inClass ? '0-9a-fA-F' : '[0-9a-fA-F]';
      else out += `\\${next}`;
      continue;
    }
    if (inClass) {
      if (char === ']') inClass = false;
      out += char;
      continue;
    }
    if (char === '[') inClass = true;
    // A `+` right after a quantifier makes it possessive (`a*+`, `\d{2}+`); ECMAScript has none.
    if (char === '+' && i > 0 && QUANTIFIER_END.test(pattern[i - 1]!) && pattern[i - 2] !== '\\') continue;
    out += char;
  }
  return out;
}
