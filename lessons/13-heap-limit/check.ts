import { acceptedWorkers, ClusterCheckContext, defineCheck, nodeHeapLimitMb, normalizeLine, quote, timeouts, workersCount } from '../../src/checks/index.js';

const WORKERS = 2;
/** Two values, neither the default 512, so a program that ignores HEAP_MB or hard-codes one is caught. */
const HEAP_SIZES = [256, 400];
/**
 * A Node flag the primary is started with, harmless to the program: the workers must inherit it too.
 * It is how a program that sets execArgv without `...process.execArgv` shows, even in plain JavaScript
 * (in TypeScript the workers would lose the loader and fail to start).
 */
const PRIMARY_FLAG = '--enable-source-maps';

const workerLine = /^worker (\d+) heap limit (\d+) MB$/;
const heapFlag = /^--max[-_]old[-_]space[-_]size(?:=(\d+))?$/;

const setupHint =
  "Before forking, give the workers the flag and keep the primary's own flags: cluster.setupPrimary({ execArgv: [...process.execArgv, `--max-old-space-size=${heapMb}`] }).";

// The value of --max-old-space-size on a command line ("--max-old-space-size=256" or "... 256"), if any.
function heapFlagValue(commandLine: readonly string[]): number | undefined {
  for (let index = 0; index < commandLine.length; index++) {
    const match = heapFlag.exec(commandLine[index]!);
    if (!match) continue;
    return Number(match[1] ?? commandLine[index + 1]);
  }
  return undefined;
}

/** HEAP_MB's default, as the lesson gives it. */
const DEFAULT_HEAP_MB = 512;

// A limit computed in megabytes of 1,000,000 bytes (divided by 1e6) rather than 1,048,576: about 4.9 % more.
const dividedBy1e6 = (limit: number, expectedMb: number) => Math.abs(limit - (expectedMb * 1048576) / 1e6) <= 1;

// The flags as a learner reads them: tsx's loader by its package name, not the path it resolves to here.
const showFlags = (flags: readonly string[]) => flags.map((flag) => (/[\\/]tsx[\\/]/.test(flag) ? 'tsx' : flag)).join(' ');

// `heapMb` undefined: HEAP_MB unset, and the workers must get the default, 512.
async function heapRun(t: ClusterCheckContext, heapMb: number | undefined, expectedMb: number): Promise<void> {
  // The run with HEAP_MB unset leaves WORKERS unset too: one worker per CPU, by either count.
  const defaults = heapMb === undefined;
  const accepted = defaults ? acceptedWorkers(undefined) : [WORKERS];
  const setting = defaults ? `WORKERS and HEAP_MB unset (one worker per CPU, ${accepted.join(' or ')} here; the default ${DEFAULT_HEAP_MB})` : `HEAP_MB=${heapMb}`;
  const flagMb = heapMb ?? DEFAULT_HEAP_MB;
  const workers = defaults ? `one worker per CPU` : workersCount(WORKERS);
  await t.step(`${setting}: ${workers} each print "worker <pid> heap limit <n> MB" with n = ${expectedMb}, then the primary exits with code 0`, async () => {
    const run = await t.startCluster({ workers: defaults ? undefined : WORKERS, env: { HEAP_MB: heapMb === undefined ? undefined : String(heapMb) }, nodeArgs: [PRIMARY_FLAG] });
    await t.expectExit(run.program, 0, {
      timeoutMs: timeouts.startMs,
      after: 'once all its workers have exited',
      hint: 'Each worker prints its line and ends (cluster.worker.disconnect(), or nothing left to do); the primary then ends by itself.',
    });
    t.expectNoOrphans(run);
    const lines = run.program.lines('stdout').map(normalizeLine);
    const reports = lines.flatMap((line) => {
      const match = workerLine.exec(line);
      return match ? [{ pid: Number(match[1]), limit: Number(match[2]), line }] : [];
    });
    if (reports.length < accepted[0]!) {
      const refused = /illegal value for flag --max[-_]old[-_]space[-_]size=(\S*)/.exec(run.program.stderr.text);
      if (refused) {
        t.fail({
          message: `The workers could not start: node refused --max-old-space-size=${refused[1]}${heapMb === undefined ? ', the value made from HEAP_MB while it was unset' : ''}.`,
          expected: `workers started with --max-old-space-size=${flagMb}`,
          actual: `illegal value for flag --max-old-space-size=${refused[1]}`,
          hint: `Give HEAP_MB its default: const heapMb = Number(process.env.HEAP_MB) || ${DEFAULT_HEAP_MB}. ${setupHint}`,
          program: run.program,
        });
      }
      t.expectNoWorkerCrash(run);
    }
    if (!accepted.includes(reports.length)) {
      const nearMiss = lines.find((line) => /heap/i.test(line) && !workerLine.test(line));
      t.fail({
        message: nearMiss
          ? `A worker printed ${quote(nearMiss)}; expected "worker <pid> heap limit <n> MB".`
          : `${reports.length === 0 ? 'No' : reports.length} "worker <pid> heap limit <n> MB" line${reports.length === 1 ? ' was' : 's were'} printed; expected ${accepted.join(' or ')}, one per worker.`,
        expected: `${accepted.join(' or ')} lines "worker <pid> heap limit <n> MB"`,
        actual: reports.map((report) => report.line).join('\n') || nearMiss || '(none)',
        hint: defaults
          ? `With WORKERS unset, fork one worker per CPU: Number(process.env.WORKERS) || os.availableParallelism(). In each worker: console.log(\`worker \${process.pid} heap limit \${Math.round(v8.getHeapStatistics().heap_size_limit / 1048576)} MB\`).`
          : 'In each worker: console.log(`worker ${process.pid} heap limit ${Math.round(v8.getHeapStatistics().heap_size_limit / 1048576)} MB`).',
        program: run.program,
      });
    }
    t.expectWorkersOf(
      run,
      reports.map((report) => report.pid),
      { count: run.workers, counting: 'seen' },
    );
    for (const report of reports) {
      if (report.limit !== expectedMb) {
        t.fail({
          message: `Worker ${report.pid} has a heap limit of ${report.limit} MB; with ${setting} it should be ${expectedMb} MB (${flagMb} MB of old generation plus the young generation V8 adds on this Node, ${process.version}).`,
          expected: `${expectedMb} MB (what node --max-old-space-size=${flagMb} reports here)`,
          actual: `${report.limit} MB`,
          hint: dividedBy1e6(report.limit, expectedMb)
            ? `${report.limit} is the right limit counted in millions of bytes: a megabyte here is 1024 × 1024 bytes, as V8 counts --max-old-space-size. Divide by 1048576, not 1e6: Math.round(v8.getHeapStatistics().heap_size_limit / 1048576).`
            : `Read the limit from the environment, Number(process.env.HEAP_MB) || ${DEFAULT_HEAP_MB}, and hand it to the workers. ${setupHint}`,
          program: run.program,
        });
      }
    }
    if (!run.tree.available) return;
    const inherited = [PRIMARY_FLAG, ...t.loaderFlags];
    for (const report of reports) {
      const commandLine = run.tree.children.get(report.pid)?.commandLine;
      if (!commandLine) continue;
      const value = heapFlagValue(commandLine);
      if (value !== flagMb) {
        t.fail({
          message: `Worker ${report.pid} was started without --max-old-space-size=${flagMb} on its command line${value === undefined ? '' : ` (it has ${value})`}.`,
          expected: `a command line with --max-old-space-size=${flagMb}`,
          actual: commandLine.join(' '),
          hint: `Set the flag through the cluster settings, so the workers are started with it (not NODE_OPTIONS, not v8.setFlagsFromString). ${setupHint}`,
          program: run.program,
        });
      }
      const lost = inherited.filter((flag) => !commandLine.includes(flag));
      if (lost.length > 0) {
        t.fail({
          message: `Worker ${report.pid} was started without the primary's own Node flags (${showFlags(lost)}): setting execArgv replaces the flags the workers would inherit.`,
          expected: `a command line with the primary's flags (${showFlags(inherited)}) and --max-old-space-size=${flagMb}`,
          actual: commandLine.join(' '),
          hint: `${setupHint} Without them a TypeScript program's workers lose the loader: on Node 20 they cannot start, and where Node strips types itself (22.18 and later) they run without tsx.`,
          program: run.program,
        });
      }
    }
  });
}

export default defineCheck(ClusterCheckContext, async (t: ClusterCheckContext) => {
  // What this node reports for each value, measured once for the run; the young generation differs by version and machine.
  const expected = await Promise.all([...HEAP_SIZES, DEFAULT_HEAP_MB].map(nodeHeapLimitMb));
  for (const [index, heapMb] of HEAP_SIZES.entries()) await heapRun(t, heapMb, expected[index]!);
  await heapRun(t, undefined, expected[HEAP_SIZES.length]!);
  if (!t.seesProcesses) t.note("the workers' command lines were not checked: this platform has no /proc");
});
