/**
 * Lets the event loop run what is waiting (other requests, timers) before going on: long work on
 * the main thread (a 5,000-row roster read, a report's rows built and hashed, a backfill) awaits
 * this between pieces so no other request waits long (ADR 037). setImmediate runs after I/O
 * callbacks, so a request that has arrived is answered before the next piece.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}
