// Bench: the verifier against hostile programs (test/fixtures/engine): floods on stdout, stderr and both,
// an endless line, stdin echoed forever, memory hogs (buffers, heap, writes queued by a loop that never
// yields), and programs that leave processes behind (a detached child, a double-fork daemon, one that stops
// itself on SIGTERM, a child that ignores every signal).
// For each: the verifier's own peak resident memory (process.resourceUsage().maxRSS, written by the
// verifier itself at exit through bench/peak-memory.js) in `verify 1`, in `grade` (a class of one student
// per fixture, the default pool) and in the UI (watch mode verifying the saved file, in a pseudo-terminal),
// the largest process of the check (the peak resident memory, VmHWM, of every process with the run's mark,
// the verifier included, read every 10 ms), the verdict and its time, and whether any process with the
// run's mark (TMPDIR) is left. Targets: the verifier under 100 MB, the largest process under 600 MB, the
// verdict within 3 s of the program's start, nothing left. Usage: node bench/hostile.js [verify] [grade] [ui]
import { spawn, execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { processesWith } from './processes-with.js';

// The peak resident memory (VmHWM, MB) of a process so far; 0 once it is gone.
function peakOf(pid) {
  try {
    return Number(/^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'src', 'cli', 'main.js');
const preload = path.join(root, 'bench', 'peak-memory.js');
// The reference solution first: what the verifier itself takes with a right program, to compare with.
const BASELINE = 'reference solution';
const fixtures = [
  BASELINE,
  'floods-stdout',
  'floods-stderr',
  'floods-both-streams',
  'prints-an-endless-line',
  'echoes-stdin-forever',
  'writes-in-a-loop-that-never-yields',
  'allocates-without-end',
  'prints-then-allocates',
  'starts-a-detached-child',
  'double-forks-a-daemon',
  'stops-itself-on-sigterm',
  'starts-a-child-that-ignores-signals',
];
const fixtureFile = (name) => (name === BASELINE ? path.join(root, 'solutions', '01-hello.js') : path.join(root, 'test', 'fixtures', 'engine', `${name}.js`));
const wanted = process.argv.slice(2);
const modes = wanted.length > 0 ? wanted : ['verify', 'grade', 'ui'];
const work = mkdtempSync(path.join(os.tmpdir(), 'snw-bench-hostile-'));
const uiEnv = { ...process.env, TERM: 'xterm-256color' };
for (const name of ['CI', 'CONTINUOUS_INTEGRATION', 'NO_COLOR', 'FORCE_COLOR']) delete uiEnv[name];

// Runs the verifier (node --import peak-memory.js cli …args) with a marker; its peak memory, wall time, output and leftovers.
function runVerifier(args, { cwd = work, tty = false, onOutput } = {}) {
  const marker = path.join(work, `tmp-${randomUUID()}`);
  mkdirSync(marker);
  const peakFile = path.join(work, `peak-${randomUUID()}`);
  const env = { ...(tty ? uiEnv : process.env), TMPDIR: marker, SNW_PEAK_MEMORY_FILE: peakFile, NO_COLOR: tty ? undefined : '1' };
  const quote = (text) => `'${text.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, '--import', preload, cli, ...args];
  const child = tty
    ? spawn('script', ['-qfec', `stty cols 100 rows 40; exec ${command.map(quote).join(' ')}`, '/dev/null'], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] })
    : spawn(command[0], command.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const started = performance.now();
  // The largest process with the run's mark, looked at every 10 ms (VmHWM only grows: a late look loses little).
  let largestMb = 0;
  const watch = setInterval(() => {
    for (const pid of processesWith(marker)) largestMb = Math.max(largestMb, peakOf(pid));
  }, 10);
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk.toString('utf8');
    onOutput?.(output, child);
  });
  child.stderr.resume();
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(watch);
      const ms = performance.now() - started;
      let peakKb;
      try {
        peakKb = Number(readFileSync(peakFile, 'utf8'));
      } catch {
        peakKb = NaN;
      }
      resolve({ code, ms, output, peakMb: peakKb / 1024, largestMb: Math.max(largestMb, peakKb / 1024), left: processesWith(marker) });
    });
  });
}

const rows = [];
// checkSeconds: from the program's start to the verdict, as the check measured it (verify only).
const record = (fixture, mode, result, verdict, checkSeconds) => {
  rows.push({ fixture, mode, peakMb: result.peakMb, largestMb: result.largestMb, seconds: result.ms / 1000, checkSeconds, verdict, left: result.left.length });
  process.stderr.write(`  ${mode} ${fixture}: ${result.peakMb.toFixed(1)} MB, largest ${result.largestMb.toFixed(0)} MB, ${(result.ms / 1000).toFixed(2)} s, ${verdict}, ${result.left.length} left\n`);
};

if (modes.includes('verify')) {
  for (const fixture of fixtures) {
    const result = await runVerifier(['verify', '1', fixtureFile(fixture), '--json']);
    let verdict = `exit ${result.code}`;
    let checkSeconds;
    try {
      const parsed = JSON.parse(result.output);
      const failed = parsed.steps?.find((step) => !step.passed);
      verdict = parsed.passed ? 'passed' : `failed: ${(failed?.message ?? '').replace(/^The program('s \d processes together)? /, '').split(/[;:(]/)[0].trim()}`;
      checkSeconds = parsed.durationMs / 1000;
    } catch {
      // No JSON: the exit code says it.
    }
    record(fixture, 'verify', result, verdict, checkSeconds);
  }
}

if (modes.includes('grade')) {
  const classDir = path.join(work, 'class');
  for (const fixture of fixtures) {
    const student = fixture.replace(/ /g, '-');
    mkdirSync(path.join(classDir, student), { recursive: true });
    copyFileSync(fixtureFile(fixture), path.join(classDir, student, '01-hello.js'));
  }
  const result = await runVerifier(['grade', classDir, '--json']);
  let verdict = `exit ${result.code}`;
  try {
    const report = JSON.parse(result.output);
    const results = (report.students ?? []).flatMap((student) => student.results ?? student.lessons ?? []);
    verdict = results.length > 0 ? `${results.filter((entry) => entry.passed).length} of ${results.length} passed` : 'graded';
  } catch {
    // No JSON: the exit code says it.
  }
  record(`a class of ${fixtures.length}, one per fixture`, 'grade', result, verdict);
}

if (modes.includes('ui')) {
  const stripAnsi = (text) => text.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/\x1b[()][0-9A-B]/g, '');
  for (const fixture of fixtures) {
    const workspace = path.join(work, `ui-${fixture.replace(/ /g, '-')}`);
    mkdirSync(workspace);
    execFileSync(process.execPath, [cli, 'init', '.'], { cwd: workspace, stdio: 'ignore' });
    let stage = 'course';
    let started = performance.now();
    let verdictMs;
    const result = await runVerifier([], {
      cwd: workspace,
      tty: true,
      onOutput: (output, child) => {
        const screen = stripAnsi(output.slice(-20_000));
        if (stage === 'course' && screen.includes('enter open')) {
          stage = 'lesson';
          // The course screen takes keys once it is drawn; Enter again until the lesson opens.
          const open = () => stage === 'lesson' && (child.stdin.write('\r'), setTimeout(open, 1_000));
          setTimeout(open, 300);
        } else if (stage === 'lesson' && screen.includes('v verify')) {
          stage = 'verifying';
          started = performance.now();
          copyFileSync(fixtureFile(fixture), path.join(workspace, '01-hello.js'));
          child.stdin.write('v');
        } else if (stage === 'verifying' && /Not yet:|✓ Passed/.test(screen)) {
          stage = 'quitting';
          verdictMs = performance.now() - started;
          child.stdin.write('q');
        }
      },
    });
    record(fixture, 'ui', { ...result, ms: verdictMs ?? result.ms }, stage === 'quitting' ? 'verdict shown' : `stuck at ${stage}`);
  }
}
rmSync(work, { recursive: true, force: true });

console.log(`hostile programs: node ${process.version}, ${os.availableParallelism()} cores; the verifier's own peak resident memory`);
console.log('| fixture | where | verifier peak (MB) | largest process (MB) | verdict after (s) | command time (s) | verdict | processes left |');
console.log('|---|---|---:|---:|---:|---:|---|---:|');
for (const row of rows) {
  console.log(`| ${row.fixture} | ${row.mode} | ${row.peakMb.toFixed(1)} | ${row.largestMb.toFixed(0)} | ${row.checkSeconds === undefined ? '' : row.checkSeconds.toFixed(2)} | ${row.seconds.toFixed(2)} | ${row.verdict} | ${row.left} |`);
}
const hostile = rows.filter((row) => row.fixture !== BASELINE);
const worst = Math.max(...hostile.map((row) => row.peakMb));
const largest = Math.max(...hostile.map((row) => row.largestMb));
const slowest = Math.max(...hostile.map((row) => row.checkSeconds ?? 0));
const left = rows.reduce((sum, row) => sum + row.left, 0);
console.log(`worst verifier peak: ${worst.toFixed(1)} MB (target under 100 MB); largest process: ${largest.toFixed(0)} MB (target under 600 MB); slowest verdict: ${slowest.toFixed(2)} s (target 3 s); processes left: ${left} (target 0)`);
process.exitCode = worst < 100 && largest < 600 && slowest <= 3 && left === 0 && rows.every((row) => !row.verdict.startsWith('stuck')) ? 0 : 1;
