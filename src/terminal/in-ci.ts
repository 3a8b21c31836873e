// Whether the workshop runs under a CI service: the same test ink applies (there it draws only a
// final frame, so the interactive UI would show nothing).
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const set = (name: string) => name in env && env[name] !== '0' && env[name] !== 'false';
  return set('CI') || set('CONTINUOUS_INTEGRATION');
}
