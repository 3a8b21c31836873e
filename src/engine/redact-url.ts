// A URL for a learner to read (REDIS_URL, DATABASE_URL): its password replaced by ***; a text that is no URL as it is.
export function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}
