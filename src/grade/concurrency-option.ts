// A --concurrency value as a whole number of at least 1, or undefined when it is not one.
export function parseConcurrency(value: string): number | undefined {
  if (!/^\d+$/.test(value.trim())) return undefined;
  const number = Number(value);
  return Number.isSafeInteger(number) && number >= 1 ? number : undefined;
}
