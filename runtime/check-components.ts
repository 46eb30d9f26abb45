/**
 * Fails at start-up, not on the first request, when an implementation misses a component or an action the
 * contract declares (JavaScript callers and `as any` get past the type checker).
 */
export function checkComponents(
  service: string,
  components: unknown,
  expected: Record<string, readonly string[]>,
): void {
  if (components === null || typeof components !== 'object') {
    throw new TypeError(
      `service "${service}": pass an object with its components: { ${Object.keys(expected).join(', ')} }`,
    );
  }
  for (const [name, actions] of Object.entries(expected)) {
    const component = (components as Record<string, unknown>)[name];
    if (component === null || typeof component !== 'object') {
      throw new TypeError(
        `service "${service}": component "${name}" is missing; implement it and pass it as components.${name}`,
      );
    }
    for (const action of actions) {
      if (typeof (component as Record<string, unknown>)[action] !== 'function') {
        throw new TypeError(
          `service "${service}": component "${name}" has no action "${action}"; add the method ${name}.${action}(input, context)`,
        );
      }
    }
  }
}
