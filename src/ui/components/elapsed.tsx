import { useEffect, useState } from 'react';
import { Text } from 'ink';

// Seconds since `since`, ticking; nothing during the first second (most steps are done by then).
export function Elapsed({ since }: { since: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.floor((now - since) / 1000);
  return seconds >= 1 ? <Text dimColor>{seconds} s</Text> : null;
}
