// Bench: `grade --json` on a generated class of 30 students × every lesson (13), with the default
// concurrency (one verification per CPU; pass --concurrency N to try another). Most files are copies of the reference solutions (which
// run every step of a check), some are starters (which fail at the first). Prints the wall time and
// how busy the CPUs were: the user+sys time of the grade process and of every process it waited for
// (the students' programs and, through them, their workers), read from /proc/self/stat's cutime and
// cstime once grade has exited. Target: under 3 minutes, with the pool keeping the cores busy.
import { spawn, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'src', 'cli', 'bin.js');
const STUDENTS = 30;
// `node bench/grade.js --concurrency 4` compares another pool size with the default.
const extraArgs = process.argv.slice(2);
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

const cpuBefore = childrenCpuSeconds();
const started = performance.now();
const child = spawn(process.execPath, [cli, 'grade', classDir, '--json', ...extraArgs], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
let stdout = '';
let stderr = '';
child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
const code = await new Promise((resolve) => child.on('close', (exitCode) => resolve(exitCode)));
const seconds = (performance.now() - started) / 1000;
const cpuAfter = childrenCpuSeconds();
rmSync(work, { recursive: true, force: true });

if (code !== 0) {
  console.error(`bench/grade.js: grade exited with ${code}\n${stderr}`);
  process.exit(1);
}
const report = JSON.parse(stdout);
const counts = { passed: 0, failed: 0, missing: 0, error: 0 };
for (const student of report.students) for (const lesson of student.lessons) counts[lesson.status]++;
const cores = os.availableParallelism();

console.log(`grade ${STUDENTS}x${lessons.length}: ${seconds.toFixed(1)} s`);
if (cpuBefore !== undefined && cpuAfter !== undefined) {
  const cpu = cpuAfter - cpuBefore;
  const busy = cpu / seconds;
  console.log(`cpu: ${cpu.toFixed(1)} s user+sys = ${busy.toFixed(2)} of ${cores} cores busy on average (${Math.round((busy / cores) * 100)}%)`);
} else {
  console.log('cpu: not measured (no /proc on this platform)');
}
console.log(`files: ${solutions} reference solutions, ${starters} starters; concurrency ${report.concurrency}`);
console.log(`grades: ${counts.passed} passed, ${counts.failed} failed, ${counts.missing} missing, ${counts.error} error`);
const errors = new Set(report.students.flatMap((student) => student.lessons.filter((lesson) => lesson.status === 'error').map((lesson) => `${lesson.id}: ${lesson.message}`)));
for (const error of errors) console.log(`  error ${error}`);
// A reference solution that does not pass, or a starter that does, is a wrong grade: say which.
for (const student of report.students) {
  for (const [index, lesson] of student.lessons.entries()) {
    const starter = isStarter.has(`${student.name}/${lessons[index]}`);
    if (lesson.status === (starter ? 'passed' : 'failed')) console.log(`  WRONG ${student.name} ${lesson.id} (${starter ? 'starter' : 'reference solution'}): ${lesson.status} ${lesson.message ?? ''}`);
  }
}
