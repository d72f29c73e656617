// One way to stop waiting for work that may never answer (a stalled Redis, a hung platform call, a
// slow readiness probe): race it against a timer. The work itself is not cancelled; a failure it
// reports after the timeout is swallowed so it cannot surface as an unhandled rejection. The timer
// does not keep the process alive.

/** `work`'s result, or a rejection with `onTimeout()` once `ms` have passed without one. */
export function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  work.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
