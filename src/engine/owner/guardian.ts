import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { hasProcTable } from '../proc/process-table.js';
import { RUN_MARK_VARIABLE } from './run-mark.js';
import { makeTempFolder } from './temp-folders.js';
import { OWNER_FOLDER_PREFIX, ownerTag } from './owner.js';

/**
 * The guardian: a shell that waits for the end of a pipe from this workshop. The pipe ends when the workshop
 * ends, however it ends (SIGKILL and the OOM killer included). Then it SIGKILLs every process whose run mark
 * names this workshop (programs, every worker they forked, private redis-servers), searching again until none
 * is left, and removes this workshop's run folders. After a normal exit there is nothing left to find. It runs
 * in a session of its own, so a closed terminal's SIGHUP does not reach it, and ignores the rest.
 */
const GUARDIAN_SCRIPT = `trap '' HUP INT TERM QUIT
read -r _
for round in 1 2 3 4 5 6 7 8 9 10; do
  pids=
  for file in $(grep -las -- "$1=$2_" /proc/[0-9]*/environ); do
    pid=\${file#/proc/}; pids="$pids \${pid%/environ}"
  done
  [ -z "$pids" ] && break
  kill -KILL $pids 2>/dev/null
  sleep 0.05
done
rm -rf "$SNW_RUN_FOLDERS"/snw-*-"$2"_*`;

let started = false;

/**
 * Starts this workshop's guardian once (Linux only: it searches /proc); later calls do nothing. It also makes
 * the owner folder, a run folder that says this workshop has runs (removed at its exit, like every run
 * folder): a later workshop searches /proc for what a killed one left only when it finds such a folder of an
 * owner that is gone (see sweepOrphans), so a command pays a readdir, not a scan of every process.
 */
export function startGuardian(): void {
  if (started || !hasProcTable) return;
  started = true;
  try {
    makeTempFolder(tmpdir(), OWNER_FOLDER_PREFIX);
  } catch {
    // An unwritable temporary folder: the guardian still ends what is left.
  }
  try {
    const guardian = spawn('/bin/sh', ['-c', GUARDIAN_SCRIPT, 'snw-guardian', RUN_MARK_VARIABLE, ownerTag()], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
      // Where the run folders are, in its environment: its command line names only what it is.
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', SNW_RUN_FOLDERS: tmpdir() },
    });
    guardian.on('error', () => {});
    guardian.stdin?.on('error', () => {});
    // Neither the guardian nor its pipe keeps the workshop alive.
    guardian.unref();
    (guardian.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  } catch {
    // No shell: the next workshop command's sweep (sweepOrphans) still ends what is left.
  }
}
