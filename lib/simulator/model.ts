/**
 * Push and distribution records, and their status at a given time. Nothing ticks:
 * each record holds its start, its finish and its outcome, decided when it is
 * created, and a status is computed from the clock when someone asks. A
 * distribution holds one event per (file, node) and derives every instance's
 * outcome from a hash of (event, instance), so 100,000 instances cost no objects.
 */
import type { SimDialect } from './dialect';
import type { Fleet } from './fleet';
import { mix32, unitFrom, type Rng } from './rng';

export type NodePushStatus = 'SUCCESS' | 'PUSHING' | 'FAILED';
/** Fixed order of status groups in responses. */
export const DIST_STATUS_VALUES = ['SUCCESS', 'DISTING', 'FAILED', 'POD_RESTARTING', 'DELETED'] as const;
export type InstanceDistStatus = (typeof DIST_STATUS_VALUES)[number];
export const PUSH_STATUS_VALUES: readonly NodePushStatus[] = ['SUCCESS', 'PUSHING', 'FAILED'];

export interface PushSpec {
  size: number;
  archiveType: string;
  md5: string;
  url: string;
  timeoutSec: number;
}

export interface PushRecord {
  startMs: number;
  finishMs: number;
  ok: boolean;
  /** Failure reason; 'Success' when ok. */
  reason: string;
}

export interface DistSpec {
  destPath: string;
  decompress: boolean;
  timeoutSec: number;
}

export interface DistEvent {
  kind: 'dist' | 'clean';
  startMs: number;
  /** Seeds every instance's outcome in this event. */
  key: number;
  /** When the node's file server holds the data (after a push still running at dist time). */
  readyMs: number;
  /** Set when the data never reaches the node: every instance fails with it. */
  blockedReason: string | null;
  failRate: number;
  slowFactor: number;
  timeScale: number;
  spec: DistSpec;
}

export interface DataFile {
  name: string;
  version: string;
  /** By region id. */
  push: Map<string, PushRecord>;
  /** By region id: the latest distribution (or clean) in that node. */
  dist: Map<string, DistEvent>;
  pushSpec: PushSpec | null;
}

export type AppFiles = Map<string, DataFile>;

/** Everything mutable about the simulated service. */
export interface World {
  fleet: Fleet;
  /** By AppId, then by dataFileKey(). */
  files: Map<string, AppFiles>;
  /** Draws for new pushes and distributions, so a replayed call sequence replays outcomes. */
  rng: Rng;
  timeScale: number;
  /** How DescribeDataDistResult reads the docs' open questions (absent: DEFAULT_DIALECT). */
  dialect?: SimDialect;
  /** Nodes whose next pushes fail with the given reason (test control `POST /__sim/push-failures`). */
  forcedPushFailures?: Map<string, string>;
}

export function dataFileKey(name: string, version: string): string {
  return `${name}\u0000${version}`;
}

export function getOrAddFile(files: AppFiles, name: string, version: string): DataFile {
  const key = dataFileKey(name, version);
  let file = files.get(key);
  if (!file) {
    file = { name, version, push: new Map(), dist: new Map(), pushSpec: null };
    files.set(key, file);
  }
  return file;
}

export interface NodePushState {
  status: NodePushStatus;
  updateMs: number;
  descrip: string;
}

export function pushStateAt(record: PushRecord, now: number): NodePushState {
  if (now < record.finishMs) return { status: 'PUSHING', updateMs: record.startMs, descrip: 'Pushing' };
  return record.ok
    ? { status: 'SUCCESS', updateMs: record.finishMs, descrip: 'Success' }
    : { status: 'FAILED', updateMs: record.finishMs, descrip: record.reason };
}

export interface InstanceState {
  status: InstanceDistStatus;
  startMs: number;
  updateMs: number;
  descrip: string;
}

const SEC = 1000;

function failureReason(event: DistEvent, pick: number): string {
  const reasons = [
    'md5 checksum mismatch',
    `download timeout after ${event.spec.timeoutSec}s`,
    'no space left on device',
    event.spec.decompress ? 'decompress failed: unexpected end of archive' : 'write failed: read-only file system',
  ];
  return reasons[Math.floor(pick * reasons.length)] ?? 'no space left on device';
}

/** Status of one instance (by its fleet key) under a distribution event, at `now`. */
export function instanceStateAt(event: DistEvent, instanceKey: number, now: number): InstanceState {
  const startMs = event.startMs;
  if (event.kind === 'clean') {
    return { status: 'DELETED', startMs, updateMs: startMs, descrip: 'data cleaned by CleanDistData' };
  }
  const key = mix32(event.key ^ Math.imul(instanceKey + 1, 0x9e3779b1));
  const u = (draw: number) => unitFrom(key, draw);
  const scale = SEC / event.timeScale;

  if (event.blockedReason !== null) {
    const failMs = event.readyMs + Math.round(u(0) * 5 * scale);
    if (now < failMs) return disting(startMs, now < event.readyMs);
    return { status: 'FAILED', startMs, updateMs: failMs, descrip: event.blockedReason };
  }

  const fails = u(2) < event.failRate;
  const reason = failureReason(event, u(3));
  const queueSec = u(1) * 30;
  // Squaring skews the spread: most instances finish within a minute, a tail takes several.
  const workSec = (15 + 240 * u(4) * u(4)) * event.slowFactor;
  const durationSec = fails && reason.startsWith('download timeout') ? event.spec.timeoutSec : workSec;
  const finishMs = event.readyMs + Math.round((queueSec + durationSec) * scale);
  if (now < finishMs) return disting(startMs, now < event.readyMs);
  if (fails) return { status: 'FAILED', startMs, updateMs: finishMs, descrip: reason };
  return afterSuccess(startMs, finishMs, u, scale, now);
}

function disting(startMs: number, waitingForPush: boolean): InstanceState {
  const descrip = waitingForPush ? 'waiting for the file server push to finish' : 'Distributing';
  return { status: 'DISTING', startMs, updateMs: startMs, descrip };
}

/** A few successful instances later restart their pod, or lose the data to a reinstall. */
function afterSuccess(
  startMs: number,
  finishMs: number,
  u: (draw: number) => number,
  scale: number,
  now: number,
): InstanceState {
  if (u(8) < 0.004) {
    const deletedMs = finishMs + Math.round((3600 + u(9) * 3 * 86_400) * scale);
    if (now >= deletedMs)
      return { status: 'DELETED', startMs, updateMs: deletedMs, descrip: 'data removed: instance was reinstalled' };
  }
  if (u(5) < 0.03) {
    const restartMs = finishMs + Math.round((30 + u(6) * 870) * scale);
    const backMs = restartMs + Math.round((20 + u(7) * 70) * scale);
    if (now >= restartMs && now < backMs) {
      return {
        status: 'POD_RESTARTING',
        startMs,
        updateMs: restartMs,
        descrip: 'idle pod restarting to load the new data',
      };
    }
    if (now >= backMs) return { status: 'SUCCESS', startMs, updateMs: backMs, descrip: 'Success' };
  }
  return { status: 'SUCCESS', startMs, updateMs: finishMs, descrip: 'Success' };
}
