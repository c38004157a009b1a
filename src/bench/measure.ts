/** Runs `fn` repeatedly for about `ms` milliseconds (after a warm-up) and returns operations per second. */
export function opsPerSecond(fn: (i: number) => void, ms = 1500): number {
  const warmEnd = performance.now() + Math.min(300, ms / 4);
  let i = 0;
  while (performance.now() < warmEnd) fn(i++);
  const start = performance.now();
  let n = 0;
  let now = start;
  while (now - start < ms) {
    fn(i++);
    n++;
    if ((n & 7) === 0) now = performance.now();
  }
  now = performance.now();
  return (n * 1000) / (now - start);
}
