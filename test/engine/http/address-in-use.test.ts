import { describe, expect, it } from 'vitest';
import { findAddressInUse, onAddressInUse } from '../../../src/engine/http/address-in-use.js';
import { clusterEnv } from '../../../src/engine/program/cluster-env.js';
import { OutputCapture } from '../../../src/engine/program/output-capture.js';

const line = 'Error: listen EADDRINUSE: address already in use :::8000';

describe('EADDRINUSE in a program output', () => {
  it('finds the line already printed', () => {
    const capture = new OutputCapture('stderr');
    capture.push(`node:events:497\n      throw er;\n${line}\n`);
    expect(findAddressInUse(capture)).toBe(line);
  });

  it('calls back once, for a line printed later or already there', () => {
    const capture = new OutputCapture('stderr');
    const seen: string[] = [];
    onAddressInUse(capture, (found) => seen.push(found));
    capture.push('something else\n');
    expect(seen).toEqual([]);
    capture.push(`${line}\n${line}\n`);
    expect(seen).toEqual([line]);
    const later: string[] = [];
    onAddressInUse(capture, (found) => later.push(found));
    expect(later).toEqual([line]);
  });
});

describe('clusterEnv', () => {
  it('sets PORT, WORKERS and round robin; an unset WORKERS is removed', () => {
    expect(clusterEnv({ port: 4321, workers: 3 })).toEqual({ PORT: '4321', WORKERS: '3', NODE_CLUSTER_SCHED_POLICY: 'rr' });
    expect(clusterEnv({ port: 4321, workers: undefined })).toEqual({ PORT: '4321', WORKERS: undefined, NODE_CLUSTER_SCHED_POLICY: 'rr' });
  });
});
