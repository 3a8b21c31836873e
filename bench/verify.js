// Bench: for each lesson, the median time of `verify` on the reference solution against the time
// of running that same program bare (`node file`), measured interleaved so machine noise hits both.
// Bare means: until the program exits (lessons whose programs end by themselves), or until it prints
// its first line or accepts connections on PORT (servers and supervisors, which run until stopped).
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchEnv as baseEnv, cli, median, root, timeCommand as timeOn } from './measure.js';

const only = process.argv.slice(2).map(Number).filter(Boolean);
const lessons = readdirSync(path.join(root, 'lessons'))
  .filter((name) => /^\d\d-/.test(name))
  .filter((name) => only.length === 0 || only.includes(Number(name.slice(0, 2))))
  .map((name) => ({ name, number: Number(name.slice(0, 2)), meta: JSON.parse(readFileSync(path.join(root, 'lessons', name, 'lesson.json'), 'utf8')) }))
// An empty folder as cwd: no workspace, so verify records no progress.
const cwd = mkdtempSync(path.join(os.tmpdir(), 'snw-bench-'));

const timeCommand = (args, options = {}) => timeOn(process.execPath, args, { cwd, ...options });

function portOpen(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function timeBare(lesson) {
  const file = path.join(root, 'solutions', `${lesson.name}.js`);
  const { args, stdin, env, until } = lesson.meta.run;
  const port = 20000 + Math.floor(Math.random() * 20000);
  const fullEnv = { ...baseEnv, PORT: String(port), NODE_CLUSTER_SCHED_POLICY: 'rr', ...env };
  if (until === 'exit') return (await timeCommand([file, ...args], { env: fullEnv, input: stdin })).ms;
  const started = performance.now();
  const child = spawn(process.execPath, [file, ...args], { cwd, env: fullEnv, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  child.stdin.end();
  child.stderr.resume();
  let ready = false;
  const firstLine = new Promise((resolve) => child.stdout.once('data', resolve));
  const listening = (async () => {
    while (!ready && !(await portOpen(port))) await new Promise((resolve) => setImmediate(resolve));
  })();
  await Promise.race([firstLine, listening]);
  const ms = performance.now() - started;
  ready = true;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid, 'SIGKILL');
  await exited;
  return ms;
}

async function timeVerify(lesson) {
  const file = path.join(root, 'solutions', `${lesson.name}.js`);
  const result = await timeCommand([cli, 'verify', String(lesson.number), file]);
  if (result.code !== 0) throw new Error(`verify ${lesson.number} of the reference solution failed (exit ${result.code})`);
  return result.ms;
}

const rows = [];
let totalVerify = 0;
for (const lesson of lessons) {
  const runs = lesson.number <= 6 ? 15 : 5;
  const bare = [];
  const verify = [];
  for (let run = 0; run < runs; run++) {
    bare.push(await timeBare(lesson));
    verify.push(await timeVerify(lesson));
  }
  const row = { lesson: `lesson-${lesson.number}`, bare: median(bare), verify: median(verify) };
  totalVerify += row.verify;
  rows.push(row);
  process.stderr.write(`  ${row.lesson}: bare ${row.bare.toFixed(0)} ms, verify ${row.verify.toFixed(0)} ms\n`);
}
rmSync(cwd, { recursive: true, force: true });

console.log(`verify bench: node ${process.version}, ${os.availableParallelism()} cores, medians of interleaved runs`);
console.log('| lesson | bare node (ms) | verify (ms) | ratio |');
console.log('|---|---:|---:|---:|');
for (const row of rows) console.log(`| ${row.lesson} | ${row.bare.toFixed(0)} | ${row.verify.toFixed(0)} | ${(row.verify / row.bare).toFixed(2)}x |`);
const cluster = rows.filter((row) => Number(row.lesson.slice(7)) >= 7);
if (cluster.length > 0) console.log(`verify of lessons 7-13 in total: ${(cluster.reduce((sum, row) => sum + row.verify, 0) / 1000).toFixed(2)} s`);
