import { describe, expect, it } from 'vitest';
import { parseMonitorLine } from '../../../src/engine/redis/monitor-line.js';

describe('parseMonitorLine', () => {
  it('reads the sender, the command and its arguments', () => {
    expect(parseMonitorLine('1796113840.708823 [0 127.0.0.1:52764] "incr" "count"')).toEqual({ db: 0, client: '127.0.0.1:52764', name: 'INCR', args: ['count'] });
    expect(parseMonitorLine('1796113840.735829 [3 lua] "incr" "count"')).toEqual({ db: 3, client: 'lua', name: 'INCR', args: ['count'] });
  });

  it('undoes Redis quoting', () => {
    expect(parseMonitorLine('1.2 [0 127.0.0.1:1] "SET" "a \\"b\\"" "x\\\\y" "\\xc3\\xa9\\n"')?.args).toEqual(['a "b"', 'x\\y', '\xc3\xa9\n']);
  });

  it('ignores other lines', () => {
    expect(parseMonitorLine('OK')).toBeUndefined();
  });
});
