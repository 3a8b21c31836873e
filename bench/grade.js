// Bench: `grade --json` on a generated class of 30 students × every lesson, with and without the
// sandbox, side by side: the two runs alternate (--rounds N, default 1, for medians of N each), on the
// same class, with the default concurrency (one verification per CPU; other arguments, such as
// --concurrency 4, are passed to grade). Most files are copies of the reference solutions (which run
// every step of a check), some are starters (which fail at the first). Prints the wall time and how
// busy the CPUs were: the user+sys time of the grade process and of every process it waited for (the
// students' programs, their workers, the sandboxes), read from /proc/self/stat's cutime and cstime
// once grade has exited. Targets: under 3 minutes; the sandbox costs at most 15%.
import { spawn, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'src', 'cli', 'bin.js');
const STUDENTS = 30;
// `node bench/grade.js --concurrency 4` compares another pool size with the default.
const argv = process.argv.slice(2);
const roundsAt = argv.indexOf('--rounds');
const ROUNDS = roundsAt === -1 ? 1 : Number(argv[roundsAt + 1]);
const extraArgs = roundsAt === -1 ? argv : [...argv.slice(0, roundsAt), ...argv.slice(roundsAt + 2)];
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) {
  console.error('bench/grade.js: --rounds takes a whole number of at least 1');
  process.exit(1);
}
if (!existsSync(cli)) {
  console.error('bench/grade.js: build first (npm run build)');
  process.exit(1);
}

const lessons = readdirSync(path.join(root, 'lessons'))
  .filter((name) => /^\d\d-[a-z0-9-]+$/.test(name))
  .sort();
const work = mkdtempSync(path.join(os.tmpdir(), 'snw-bench-grade-'));
const classDir = path.join(work, 'class');

// About one file in seven is the untouched starter; the rest are the reference solution.
const isStarter = new Set();
let starters = 0;
let solutions = 0;
for (let student = 1; student <= STUDENTS; student++) {
  const dir = path.join(classDir, `student-${String(student).padStart(2, '0')}`);
  mkdirSync(dir, { recursive: true });
  for (const [index, lesson] of lessons.entries()) {
    const solution = path.join(root, 'solutions', `${lesson}.js`);
    const starter = path.join(root, 'lessons', lesson, 'starter.js');
    const useStarter = (student + index) % 7 === 0 || !existsSync(solution);
    const source = useStarter ? starter : solution;
    if (!existsSync(source)) continue;
    copyFileSync(source, path.join(dir, `${lesson}.js`));
    if (useStarter) {
      starters++;
      isStarter.add(`student-${String(student).padStart(2, '0')}/${lesson}`);
    } else solutions++;
  }
}

// CPU time of the waited-for children of this process, in seconds (Linux: /proc/self/stat fields 16 and 17).
const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();
function childrenCpuSeconds() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

// One grading run: wall seconds, CPU seconds of it and its children, and the report.
async function gradeOnce(modeArgs) {
  const cpuBefore = childrenCpuSeconds();
  const started = performance.now();
  const child = spawn(process.execPath, [cli, 'grade', classDir, '--json', ...modeArgs, ...extraArgs], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  const code = await new Promise((resolve) => child.on('close', (exitCode) => resolve(exitCode)));
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = childrenCpuSeconds();
  if (code !== 0) {
    rmSync(work, { recursive: true, force: true });
    console.error(`bench/grade.js: grade ${modeArgs.join(' ')} exited with ${code}\n${stderr}`);
    process.exit(1);
  }
  const cpu = cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined;
  return { seconds, cpu, report: JSON.parse(stdout) };
}

// bwrap does not pass on the CPU time of what ran inside (its outer process does not wait for the
// sandbox's processes), so only the unsandboxed runs' CPU time can be read this way.
const modes = [
  { name: 'no sandbox', args: ['--no-sandbox'], cpuMeasurable: true },
  { name: 'sandbox', args: ['--sandbox'], cpuMeasurable: false },
];
const runs = new Map(modes.map((mode) => [mode.name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const mode of modes) runs.get(mode.name).push(await gradeOnce(mode.args));
}
rmSync(work, { recursive: true, force: true });

const cores = os.availableParallelism();
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
console.log(`grade ${STUDENTS}x${lessons.length} (${solutions} reference solutions, ${starters} starters), ${ROUNDS} round${ROUNDS === 1 ? '' : 's'}, node ${process.version}`);
const wall = {};
for (const mode of modes) {
  const done = runs.get(mode.name);
  const seconds = median(done.map((run) => run.seconds));
  wall[mode.name] = seconds;
  const cpus = done.map((run) => run.cpu).filter((cpu) => cpu !== undefined);
  const cpu = cpus.length === done.length ? median(cpus) : undefined;
  const busy = !mode.cpuMeasurable ? 'cpu not measurable through bwrap' : cpu === undefined ? 'cpu not measured (no /proc)' : `cpu ${cpu.toFixed(1)} s user+sys = ${(cpu / seconds).toFixed(2)} of ${cores} cores busy`;
  console.log(`  ${mode.name.padEnd(10)} ${seconds.toFixed(1)} s (${done.map((run) => run.seconds.toFixed(1)).join(', ')}); ${busy}; concurrency ${done[0].report.concurrency}`);
}
const cost = (wall.sandbox / wall['no sandbox'] - 1) * 100;
console.log(`  the sandbox costs ${cost >= 0 ? '+' : ''}${cost.toFixed(1)}% wall time (target: at most +15%)`);

// Both modes must give every file the grade it deserves: a reference solution that does not pass, or a
// starter that does, is a wrong grade; an error is the workshop's failure. Say which.
for (const mode of modes) {
  for (const { report } of runs.get(mode.name)) {
    const counts = { passed: 0, failed: 0, missing: 0, error: 0 };
    for (const student of report.students) for (const lesson of student.lessons) counts[lesson.status] = (counts[lesson.status] ?? 0) + 1;
    console.log(`  ${mode.name.padEnd(10)} grades: ${Object.entries(counts).map(([status, count]) => `${count} ${status}`).join(', ')}`);
    const errors = new Set(report.students.flatMap((student) => student.lessons.filter((lesson) => lesson.status === 'error').map((lesson) => `${lesson.id}: ${lesson.message}`)));
    for (const error of errors) console.log(`    error ${error}`);
    for (const student of report.students) {
      for (const [index, lesson] of student.lessons.entries()) {
        const starter = isStarter.has(`${student.name}/${lessons[index]}`);
        if (lesson.status === (starter ? 'passed' : 'failed')) console.log(`    WRONG ${student.name} ${lesson.id} (${starter ? 'starter' : 'reference solution'}): ${lesson.status} ${lesson.message ?? ''}`);
      }
    }
  }
}
