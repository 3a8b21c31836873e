import { describe, expect, it } from 'vitest';
import { verifyAnnotations, verifySummary } from '../../src/results/verify-github.js';
import type { VerifyResult } from '../../src/results/verify-result.js';

const base: VerifyResult = { lesson: 'lesson-14', title: 'State in Redis', file: '/ws/14-redis-state.js', passed: false, durationMs: 5, steps: [] };

describe('verify on GitHub Actions', () => {
  it('calls a check that could not run for want of Redis neither passed nor failed, and annotates nothing', () => {
    const result: VerifyResult = { ...base, needs: { what: 'Redis', reason: 'there is no redis-server on PATH', howTo: ['apt install redis-server'] } };
    const summary = verifySummary(result);
    expect(summary.split('\n')[0]).toBe('### lesson-14 State in Redis: ❔ not checked, this machine lacks Redis');
    expect(summary).toContain('there is no redis-server on PATH; to get Redis: `apt install redis-server`');
    expect(summary).not.toContain('failed');
    expect(verifyAnnotations(result)).toEqual([]);
  });

  it('marks a step not checked on this platform apart from the passed and failed ones', () => {
    const result: VerifyResult = {
      ...base,
      steps: [
        { title: 'worker pids are children of the primary', passed: true, notChecked: true, durationMs: 1 },
        { title: 'GET /count', passed: false, message: 'said 1; expected 2', durationMs: 1 },
      ],
    };
    expect(verifySummary(result)).toContain('- ➖ worker pids are children of the primary (not checked here)\n- ❌ GET /count\n  - said 1; expected 2');
    expect(verifyAnnotations(result)).toEqual([{ title: 'lesson-14 State in Redis · GET /count', message: 'said 1; expected 2', file: '/ws/14-redis-state.js' }]);
  });
});
