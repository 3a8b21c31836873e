import { describe, expect, it } from 'vitest';
import { parseLogLine, StatementLog } from '../../../src/engine/postgres/server-log.js';

describe('parseLogLine', () => {
  it("reads a session's line and the server's own", () => {
    expect(parseLogLine('2026-12-03 08:08:17.182 UTC [15207] learner@workshop LOG:  statement: SELECT 1')).toEqual({ pid: 15207, role: 'learner', database: 'workshop', level: 'LOG', message: 'statement: SELECT 1' });
    expect(parseLogLine('2026-12-03 08:08:17.191 UTC [15207] LOG:  database system is ready to accept connections')).toEqual({ pid: 15207, level: 'LOG', message: 'database system is ready to accept connections' });
    expect(parseLogLine('2026-12-03 08:08:17.191 UTC [99] learner@workshop FATAL:  sorry, too many clients already')).toMatchObject({ level: 'FATAL', message: 'sorry, too many clients already' });
  });

  it('reads no other text', () => {
    expect(parseLogLine('\t  FROM counter')).toBeUndefined();
    expect(parseLogLine('initdb: warning: enabling "trust" authentication')).toBeUndefined();
  });
});

describe('StatementLog', () => {
  it('collects statements, joined across lines, with parameters as the extended protocol sends them', () => {
    const log = new StatementLog();
    for (const line of [
      '2026-12-03 08:08:17.182 UTC [11] learner@workshop LOG:  statement: CREATE TABLE counter (n int)',
      '2026-12-03 08:08:17.183 UTC [12] learner@workshop LOG:  execute <unnamed>: UPDATE counter',
      '\t  SET n = n + 1',
      '\t  RETURNING n',
      '2026-12-03 08:08:17.183 UTC [12] learner@workshop DETAIL:  parameters: $1 = \'1\'',
      '2026-12-03 08:08:17.184 UTC [13] learner@workshop LOG:  execute s1: SELECT n FROM counter WHERE id = $1',
      '2026-12-03 08:08:17.185 UTC [14] verifier@workshop LOG:  snw-sync-1',
      '2026-12-03 08:08:17.186 UTC [15] LOG:  checkpoint starting: time',
    ]) {
      log.push(line);
    }
    expect(log.statements).toEqual([
      { pid: 11, role: 'learner', text: 'CREATE TABLE counter (n int)' },
      { pid: 12, role: 'learner', text: 'UPDATE counter\n  SET n = n + 1\n  RETURNING n' },
      { pid: 13, role: 'learner', text: 'SELECT n FROM counter WHERE id = $1' },
    ]);
  });

  it('ends a statement only at the next line: the last one is kept once another line comes', () => {
    const log = new StatementLog();
    log.push('2026-12-03 08:08:17.182 UTC [11] learner@workshop LOG:  statement: SELECT 1');
    expect(log.statements).toEqual([]);
    expect(log.push('2026-12-03 08:08:17.185 UTC [14] verifier@workshop LOG:  snw-sync-1')).toMatchObject({ message: 'snw-sync-1' });
    expect(log.statements).toEqual([{ pid: 11, role: 'learner', text: 'SELECT 1' }]);
  });
});
