/**
 * How many times `owner[key]` is constructed (`new …`) while `fn` runs: for tests that check a
 * cache keeps one object instead of building another per call (formatters, compiled regexes).
 * The constructor is swapped for a counting proxy and put back afterwards, even if `fn` throws.
 */
export function countNew<O extends object, K extends keyof O>(owner: O, key: K, fn: () => void): number {
  const original = owner[key];
  let made = 0;
  owner[key] = new Proxy(original as object, {
    construct(target, args, newTarget) {
      made += 1;
      return Reflect.construct(target as new (...a: unknown[]) => object, args, newTarget) as object;
    },
  }) as O[K];
  try {
    fn();
  } finally {
    owner[key] = original;
  }
  return made;
}
