/**
 * Believable data file names and versions (docs/ens.md §5): plain names such as
 * `gcs-prod-websocket-eip-unicom` and OSS-style object paths up to ~100 chars.
 */
import type { App } from './fleet';
import type { DistSpec, PushSpec } from './model';
import { randomChars, seededUuid, type Rng } from './rng';

const PLAIN_SUFFIXES = [
  'websocket-eip-unicom',
  'websocket-eip-telecom',
  'static-config',
  'geoip-db',
  'model-weights',
  'edge-rules',
];

function ossPath(app: App, rng: Rng): string {
  const day = new Date(Date.UTC(2022 + rng.int(3), rng.int(12), 1 + rng.int(28)));
  const ymd = day.toISOString().slice(0, 10).replaceAll('-', '');
  const mmdd = ymd.slice(4);
  const prefix = app.name.split('-')[0] ?? app.name;
  const stamp = day.getTime() + rng.int(86_400_000);
  const build = `${randomChars(rng, 3, 'ABCDEFGHJKLMNPQRSTUVWXYZ')}_M${10 + rng.int(90)}B-ota-1.${rng.int(5)}.${rng.int(10)}-D-${mmdd}.${String(rng.int(2400)).padStart(4, '0')}`;
  return `${prefix}-shanghai/deploy_app/${ymd}/${stamp}${build}_V1_0002-${app.cluster}.zip`;
}

function mirrorPath(app: App, rng: Rng): string {
  return `${randomChars(rng, 15, '0123456789')}/mirror_file/${app.workload}-${seededUuid(rng)}.tar`;
}

/** Three to four distinct names per application. */
export function dataFileNames(app: App, rng: Rng): string[] {
  const first = rng.int(PLAIN_SUFFIXES.length);
  const plain = [0, 1].map(
    (k) => `${app.workload}-${app.cluster}-${PLAIN_SUFFIXES[(first + k) % PLAIN_SUFFIXES.length]}`,
  );
  const names = [...plain, ossPath(app, rng)];
  if (rng.chance(0.6)) names.push(mirrorPath(app, rng));
  return names;
}

/** An oldest-first series of versions in one of the styles ENS users use. */
export function versionSeries(rng: Rng, count: number): string[] {
  const style = count === 1 && rng.chance(0.3) ? 'standard' : rng.pick(['numeric', 'dotted']);
  if (style === 'standard') return ['standard'];
  if (style === 'dotted') return Array.from({ length: count }, (_, i) => `1.${i}`);
  let n = 4000 + rng.int(90_000);
  return Array.from({ length: count }, () => String((n += 1 + rng.int(40))));
}

export function nextVersion(version: string): string {
  if (/^\d+$/.test(version)) return String(Number(version) + 1);
  const dotted = /^(.*\.)(\d+)$/.exec(version);
  if (dotted) return `${dotted[1]}${Number(dotted[2]) + 1}`;
  const suffixed = /^(.*)-(\d+)$/.exec(version);
  return suffixed ? `${suffixed[1]}-${Number(suffixed[2]) + 1}` : `${version}-2`;
}

function archiveTypeOf(name: string): string {
  if (name.endsWith('.zip')) return 'zip';
  if (name.endsWith('.tar')) return 'tar';
  return 'tar.gz';
}

export function pushSpecFor(name: string, rng: Rng): PushSpec {
  const archiveType = archiveTypeOf(name);
  return {
    size: Math.round(rng.range(1, 800)) * 1_048_576,
    archiveType,
    md5: rng.chance(0.2) ? '' : randomChars(rng, 32, '0123456789abcdef'),
    url: `https://ens-data-${randomChars(rng, 6)}.oss-cn-hangzhou.aliyuncs.com/${name}`,
    timeoutSec: 1800,
  };
}

export function distSpecFor(app: App, name: string): DistSpec {
  return { destPath: `/data/apps/${app.workload}`, decompress: archiveTypeOf(name) !== 'tar', timeoutSec: 600 };
}
