import { describe, expect, it } from 'vitest';
import { defineCheck } from '../../src/checks/define-check.js';
import { RequirementMissing } from '../../src/checks/requirement-missing.js';
import { runCheck } from '../../src/checks/run-check.js';
import { verifyResultSchema } from '../../src/results/result-schema.js';
import { fixture } from '../helpers/paths.js';

const needs = { what: 'Redis', reason: 'there is no redis-server on PATH and REDIS_URL is not set', howTo: ['apt install redis-server'] };

describe('a check that needs what the machine lacks', () => {
  it('ends with a result of its own: not passed, not failed, not an error of the workshop', async () => {
    const cleaned: string[] = [];
    const result = await runCheck(
      defineCheck(async (t) => {
        t.cleanups.push(async () => void cleaned.push('redis'));
        throw new RequirementMissing(needs);
      }),
      { lesson: 'lesson-14', title: 'Test', file: fixture('engine', 'hangs.js') },
    );
    expect(result).toMatchObject({ passed: false, needs, steps: [] });
    expect(result.error).toBeUndefined();
    expect(result.output).toBeUndefined();
    expect(cleaned).toEqual(['redis']);
    expect(verifyResultSchema.parse(result)).toEqual(result);
  });

  it('runs what the check started on every path, after the programs', async () => {
    const order: string[] = [];
    const result = await runCheck(
      defineCheck(async (t) => {
        t.cleanups.push(async () => void order.push('first'), async () => void order.push('second'));
        await t.step('fails', async () => t.fail({ message: 'no' }));
      }),
      { lesson: 'lesson-14', title: 'Test', file: fixture('engine', 'hangs.js') },
    );
    expect(result.passed).toBe(false);
    expect(order).toEqual(['second', 'first']);
  });
});
