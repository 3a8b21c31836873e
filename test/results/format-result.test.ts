import { describe, expect, it } from 'vitest';
import { formatResult } from '../../src/results/format-result.js';
import { verifyResultSchema } from '../../src/results/result-schema.js';
import { countSteps, describeStop, type VerifyResult } from '../../src/results/verify-result.js';
import { painter } from '../../src/terminal/colors.js';

const paint = painter(false);
const checked = { title: 'every worker answers', passed: true, durationMs: 30 };
const note = { title: 'the answering pids were not checked against the process table: this platform has no /proc', passed: true, notChecked: true as const, durationMs: 0 };
const failed = { title: 'keeps serving', passed: false, message: 'It stopped.', expected: 'still running', hint: 'Keep serving.', durationMs: 5 };
const result = (fields: Partial<VerifyResult>): VerifyResult => ({ lesson: 'lesson-8', title: 'Shared port', file: '/w/08-shared-port.js', passed: true, durationMs: 120, steps: [], ...fields });

describe('steps that could not be checked', () => {
  it('are counted apart from the steps that passed or failed', () => {
    expect(countSteps([checked, note, failed])).toEqual({ checked: 2, passed: 1, notChecked: 1 });
  });

  it('are shown as not checked, not as ✓, and left out of "all N steps passed"', () => {
    const text = formatResult(result({ steps: [checked, note] }), paint);
    expect(text).toContain(`○ ${note.title} (not checked)`);
    expect(text).not.toContain(`✓ ${note.title}`);
    expect(text).toContain('PASSED lesson-8 (Shared port): all 1 steps passed in 120 ms, 1 not checked on this platform');
    expect(formatResult(result({ passed: false, steps: [checked, note, failed] }), paint)).toContain('FAILED lesson-8 (Shared port): stopped at step 3 (1 passed), 1 not checked on this platform');
  });

  it('say so in the JSON report, which the schema reads back', () => {
    const parsed = verifyResultSchema.parse(JSON.parse(JSON.stringify(result({ steps: [checked, note] }))));
    expect(parsed.steps[1]).toMatchObject({ notChecked: true });
    expect(parsed.steps[0]).not.toHaveProperty('notChecked');
  });
});

describe('where a failed check stopped', () => {
  it('is the failing step\'s place among all the check\'s steps, not among those that ran', () => {
    const steps = [checked, checked, checked, checked, checked, failed];
    expect(formatResult(result({ passed: false, steps, stepCount: 8 }), paint)).toContain('FAILED lesson-8 (Shared port): stopped at step 6 of 8 (5 passed)');
    expect(describeStop({ steps, stepCount: 8 })).toBe('stopped at step 6 of 8 (5 passed)');
  });

  it('leaves the total out when the lesson does not state it, and never counts fewer than ran', () => {
    expect(describeStop({ steps: [checked, failed] })).toBe('stopped at step 2 (1 passed)');
    expect(describeStop({ steps: [checked, note, checked, failed], stepCount: 3 })).toBe('stopped at step 4 of 4 (2 passed)');
  });

  it('travels in the JSON report', () => {
    expect(verifyResultSchema.parse(JSON.parse(JSON.stringify(result({ passed: false, steps: [failed], stepCount: 8 })))).stepCount).toBe(8);
  });
});
