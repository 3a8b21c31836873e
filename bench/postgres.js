// Bench: how long a check waits for its private PostgreSQL. Cold: no template cached yet, so initdb runs,
// a first start makes the roles and the database, and the template is cached; then the start proper.
// Cached: the template copied, postgres up to "ready to accept connections", and the check's two superuser
// connections in (one of them changing the password). Each phase of a cached start is timed apart too,
// and what loading node-postgres costs a fresh node. `node bench/postgres.js [rounds]`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { register } from 'tsx/esm/api';
import { median, root } from './measure.js';

register();
const engine = (name) => import(path.join(root, 'src', 'engine', ...name.split('/')));
const { findPostgres } = await engine('postgres/find-postgres.ts');
const { startPrivatePostgres } = await engine('postgres/private-postgres.ts');
const { postgresTemplate } = await engine('postgres/postgres-template.ts');
const { copyFolder } = await engine('postgres/copy-folder.ts');
const { startPostgresServer } = await engine('postgres/postgres-server.ts');
const { serverLauncher } = await engine('postgres/server-user.ts');
const { makeTempFolder, removeTempFolder } = await engine('owner/temp-folders.ts');
const { serverScratchRoot } = await engine('postgres/scratch-root.ts');
const { freePort } = await engine('http/free-port.ts');

const binaries = findPostgres();
if (!binaries) {
  console.log('PostgreSQL is not installed: nothing to measure');
  process.exit(0);
}
const rounds = Number(process.argv[2] ?? 11);
const coldRounds = Math.max(3, Math.round(rounds / 3));
const wait = { timeoutMs: 60_000 };
const ms = (value) => `${Math.round(value)} ms`;
const launcher = serverLauncher();

async function timeStart(cacheDir) {
  const started = performance.now();
  const server = await startPrivatePostgres(binaries, { ...wait, connections: 10, cacheDir });
  const ready = performance.now() - started;
  const stopping = performance.now();
  await server.stop();
  return { ready, stop: performance.now() - stopping, made: server.madeTemplate };
}

const cold = [];
for (let round = 0; round < coldRounds; round++) {
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'snw-bench-postgres-'));
  const run = await timeStart(cacheDir);
  if (!run.made) throw new Error('a fresh cache folder had a template');
  cold.push(run.ready);
  rmSync(cacheDir, { recursive: true, force: true });
}

const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'snw-bench-postgres-'));
await timeStart(cacheDir);
const cached = [];
const stops = [];
for (let round = 0; round < rounds; round++) {
  const run = await timeStart(cacheDir);
  cached.push(run.ready);
  stops.push(run.stop);
}

// The phases of a cached start, each timed apart.
const template = await postgresTemplate({ binaries, launcher, cacheDir, ...wait });
const phases = { copy: [], ready: [] };
for (let round = 0; round < rounds; round++) {
  const folder = makeTempFolder(serverScratchRoot(), 'snw-bench-postgres-');
  if (launcher.owner) (await import('node:fs')).chownSync(folder, launcher.owner.uid, launcher.owner.gid);
  let started = performance.now();
  copyFolder(template.dataDir, path.join(folder, 'data'), launcher.owner);
  phases.copy.push(performance.now() - started);
  started = performance.now();
  const server = await startPostgresServer({ ...wait, binaries, launcher, dataDir: path.join(folder, 'data'), socketDir: folder, port: await freePort(), maxConnections: 12, reservedConnections: 0 });
  phases.ready.push(performance.now() - started);
  await server.stop();
  await removeTempFolder(folder);
}
rmSync(cacheDir, { recursive: true, force: true });

// node-postgres, loaded by a fresh node (as a check loads it), against that node doing nothing; and the
// CPU time of the import itself, which a loaded machine stretches less than wall time.
const nodeTime = (code) => {
  const started = performance.now();
  const { stdout } = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root, encoding: 'utf8' });
  return { wall: performance.now() - started, cpu: Number(stdout.trim()) };
};
const bare = [];
const withPg = [];
const importCpu = [];
for (let round = 0; round < rounds; round++) {
  bare.push(nodeTime('').wall);
  const run = nodeTime("const before = process.cpuUsage(); await import('pg'); const used = process.cpuUsage(before); console.log((used.user + used.system) / 1000)");
  withPg.push(run.wall);
  importCpu.push(run.cpu);
}

console.log(`PostgreSQL in ${binaries.bindir}, node ${process.version}, ${process.getuid?.() === 0 ? 'as root (the server as nobody)' : 'as a normal user'}, load average ${os.loadavg()[0].toFixed(1)}`);
console.log(`| start of a private PostgreSQL | median | rounds |`);
console.log(`|---|---:|---:|`);
console.log(`| cold (initdb, roles, template cached, then the start) | ${ms(median(cold))} | ${cold.length} |`);
console.log(`| cached (copy, postgres ready, the check's connections) | ${ms(median(cached))} | ${cached.length} |`);
console.log(`| - copy of the template | ${ms(median(phases.copy))} | ${rounds} |`);
console.log(`| - postgres until ready to accept connections | ${ms(median(phases.ready))} | ${rounds} |`);
console.log(`| stop (immediate shutdown, folder removed) | ${ms(median(stops))} | ${stops.length} |`);
console.log(`| loading node-postgres (import('pg') in a fresh node, minus a bare node) | ${ms(median(withPg) - median(bare))} | ${rounds} |`);
console.log(`| - CPU time of that import | ${ms(median(importCpu))} | ${rounds} |`);
