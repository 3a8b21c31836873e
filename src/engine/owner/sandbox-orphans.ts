import { isLive, listPids, listProcesses, readCommandName } from '../proc/process-table.js';
import { ownerOfSocket } from '../proc/socket-owners.js';
import { readTcpTable } from '../proc/tcp-table.js';
import { waitUntil } from '../terminate/wait-until.js';

/**
 * Inside grading's sandbox the verifier has a pid namespace of its own: pid 1 is bubblewrap's init, and
 * every other process is the verifier or something it started. The verifier's helpers (a private Redis or
 * PostgreSQL, the guardian) stay its children; a process handed to pid 1 left its program's tree on
 * purpose (setsid and a double fork), and with an empty environment it also dropped the run's mark. Such a
 * process outlives its run and its lesson: it could hold port 8000 while a later step leaves PORT unset, or
 * kill a later lesson's private Redis. Once this is on, every run's cleanup ends these processes too.
 */
let ownNamespace = false;

/** How long SIGKILLed processes get to be gone. */
const KILL_WAIT_MS = 5_000;

/** Processes that fork as fast as they are killed are searched again at most this often. */
const MAX_KILL_ROUNDS = 5;

/**
 * Declares that this process's pid namespace holds nothing but it and what it started (grading's
 * sandbox). Refused (false) unless this process's parent is the namespace's init and that init is
 * bubblewrap's, so that no other use can make the workshop kill what it did not start.
 */
export function claimSandboxNamespace(): boolean {
  ownNamespace = process.ppid === 1 && readCommandName(1) === 'bwrap';
  return ownNamespace;
}

/**
 * Every live process handed to the namespace's init other than this one, and their descendants; none
 * unless claimed. From one scan of every process (a few dozen in a sandbox): the kernel's per-process
 * children lists can miss a process that is being handed over while they are read.
 */
export function sandboxOrphans(): number[] {
  if (!ownNamespace) return [];
  const children = new Map<number, number[]>();
  for (const { pid, ppid } of listProcesses()) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const found = (children.get(1) ?? []).filter((pid) => pid !== process.pid);
  for (let index = 0; index < found.length; index++) found.push(...(children.get(found[index]!) ?? []));
  return found;
}

/** SIGKILLs every orphan (see sandboxOrphans) until a search finds none; resolves with how many were killed. */
export function endSandboxOrphans(): Promise<number> {
  return killUntilNone(sandboxOrphans);
}

/**
 * Frees `port` for a run of the student's that leaves PORT unset: ends every orphan, then every process
 * but this one still listening on it. In the sandbox's own network only the student's programs can hold
 * it, and none of theirs should by then. Does nothing unless claimed.
 */
export async function freeSandboxPort(port: number): Promise<void> {
  if (!ownNamespace) return;
  await endSandboxOrphans();
  await killUntilNone(() => listenersOn(port));
}

// The processes other than this one and init that hold a socket listening on the port.
function listenersOn(port: number): number[] {
  const listening = (readTcpTable() ?? []).filter((socket) => socket.state === 'listen' && socket.localPort === port);
  if (listening.length === 0) return [];
  const others = listPids().filter((pid) => pid !== 1 && pid !== process.pid);
  return listening.map((socket) => ownerOfSocket(socket.inode, others)).filter((pid) => pid !== undefined);
}

async function killUntilNone(search: () => number[]): Promise<number> {
  const killed = new Set<number>();
  for (let round = 0; round < MAX_KILL_ROUNDS; round++) {
    const found = search();
    if (found.length === 0) break;
    for (const pid of found) {
      killed.add(pid);
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
    await waitUntil(() => found.every((pid) => !isLive(pid)), KILL_WAIT_MS);
  }
  return killed.size;
}
