import { describe, expect, it } from 'vitest';
import { gradeEnv } from '../../src/grade/grade-env.js';

describe('gradeEnv', () => {
  const instructor = { PATH: '/usr/bin', LANG: 'C.UTF-8', HOME: '/home/teacher', USER: 'teacher', SECRET_TOKEN: 's3cret', GITHUB_TOKEN: 'ghp', NODE_OPTIONS: '--inspect', TMPDIR: '/tmp' };

  it("keeps only what a program needs to run, and points HOME and the temporary folder at the run's folder", () => {
    expect(gradeEnv({ home: '/tmp/run-1', tmp: '/tmp/run-1' }, instructor)).toEqual({ PATH: '/usr/bin', LANG: 'C.UTF-8', HOME: '/tmp/run-1', TMPDIR: '/tmp/run-1', TEMP: '/tmp/run-1', TMP: '/tmp/run-1' });
  });

  it("points HOME and the temporary folder apart when the sandbox gives the run both", () => {
    expect(gradeEnv({ home: '/home/student', tmp: '/tmp' }, instructor)).toMatchObject({ HOME: '/home/student', TMPDIR: '/tmp', TEMP: '/tmp', TMP: '/tmp' });
  });
});
