/**
 * Resident memory of the dashboard's processes, sampled from /proc every 250 ms while a
 * benchmark runs. `npm start` (scripts/start.mjs) runs the server (scripts/server.mjs,
 * the `next-server` process) as its child, and in simulator mode the server runs the
 * ENS simulator as its own child process tree (tsx and the simulator): the two are
 * reported apart, the server alone against its goal.
 */
import { readdirSync, readFileSync } from 'node:fs';

const SAMPLE_MS = 250;
const MIB = 2 ** 20;

function parentOf(pid: number): number | undefined {
  try {
    // The command name (field 2) is parenthesised and may hold spaces: fields after its ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** Resident set size in bytes (VmRSS), 0 once the process is gone. */
export function rssOf(pid: number): number {
  try {
    const line = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return line ? Number(line[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Every process below `root` (children, grandchildren, …). */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const parent = parentOf(pid);
    if (parent === undefined) continue;
    const list = children.get(parent) ?? [];
    list.push(pid);
    children.set(parent, list);
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}

export interface RssFigures {
  /** Highest RSS of the dashboard server process alone, bytes. */
  serverPeak: number;
  /** Its RSS at the last sample. */
  serverLast: number;
  /** Highest total RSS of the simulator's process tree, bytes (0 when there is none). */
  simulatorPeak: number;
  samples: number;
}

export interface RssSampler {
  figures(): RssFigures;
  /** The server's pid once found. */
  serverPid(): number | undefined;
  stop(): RssFigures;
}

/**
 * Samples below `root` (the pid the benchmark spawned): the process whose command line
 * matches `serverMatch` is the server, those matching `simulatorMatch` under it the
 * simulator. The root itself counts as the server when it matches.
 */
export function sampleRss(
  root: number,
  { serverMatch = /scripts\/server\.mjs|server\.js/, simulatorMatch = /simulator\/cli\.ts/ } = {},
): RssSampler {
  let server: number | undefined;
  let simulator: number[] = [];
  let lastScan = 0;
  const figures: RssFigures = { serverPeak: 0, serverLast: 0, simulatorPeak: 0, samples: 0 };
  const sample = () => {
    const now = Date.now();
    // The tree is looked up again every few seconds: the simulator starts after the server.
    if (server === undefined || simulator.length === 0 || now - lastScan > 5_000) {
      lastScan = now;
      const tree = [root, ...descendants(root)];
      server = tree.find((pid) => serverMatch.test(commandOf(pid))) ?? server;
      simulator = server === undefined ? [] : descendants(server).filter((pid) => simulatorMatch.test(commandOf(pid)));
      // tsx runs the simulator in a child of its own: count the whole tree below the first match.
      if (simulator.length > 0) simulator = [simulator[0]!, ...descendants(simulator[0]!)];
    }
    if (server === undefined) return;
    const rss = rssOf(server);
    if (rss === 0) return;
    figures.samples += 1;
    figures.serverLast = rss;
    figures.serverPeak = Math.max(figures.serverPeak, rss);
    figures.simulatorPeak = Math.max(
      figures.simulatorPeak,
      simulator.reduce((sum, pid) => sum + rssOf(pid), 0),
    );
  };
  const timer = setInterval(sample, SAMPLE_MS);
  timer.unref();
  return {
    figures: () => ({ ...figures }),
    serverPid: () => server,
    stop: () => {
      clearInterval(timer);
      sample();
      return { ...figures };
    },
  };
}

export const mib = (bytes: number) => `${(bytes / MIB).toFixed(0)} MiB`;
