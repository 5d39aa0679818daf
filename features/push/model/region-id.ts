/*
 * ENS node ids carry their city and carrier: `cn-<city>[-<carrier>][-<n>]`
 * (docs/ens.md §5). The region picker groups by them, so they are parsed here rather
 * than fetched: DescribeEnsRegions names are Chinese and not always available.
 */

export type Carrier = 'telecom' | 'unicom' | 'cmcc' | 'cbn' | 'multi' | 'unspecified';

export interface ParsedRegionId {
  /** Display name of the city (`Chengdu`), or the id's segment capitalised when unknown. */
  city: string;
  /** Province or municipality the city belongs to, when the city is known. */
  province: string | undefined;
  carrier: Carrier;
  /** The node number after the carrier (`4` in `cn-chengdu-telecom-4`), when present. */
  index: number | undefined;
}

export const CARRIER_LABELS: Record<Carrier, string> = {
  telecom: 'China Telecom',
  unicom: 'China Unicom',
  cmcc: 'China Mobile (CMCC)',
  cbn: 'China Broadnet (CBN)',
  multi: 'Multi-carrier',
  unspecified: 'Carrier not in id',
};

/** Pinyin segment → [display name, province] for every city in the ids of docs/ens.md §5 and the simulator's fleet. */
const CITIES: Record<string, readonly [string, string]> = {
  beijing: ['Beijing', 'Beijing'],
  changsha: ['Changsha', 'Hunan'],
  chengdu: ['Chengdu', 'Sichuan'],
  chongqing: ['Chongqing', 'Chongqing'],
  dalian: ['Dalian', 'Liaoning'],
  fuzhou: ['Fuzhou', 'Fujian'],
  guangzhou: ['Guangzhou', 'Guangdong'],
  hangzhou: ['Hangzhou', 'Zhejiang'],
  harbin: ['Harbin', 'Heilongjiang'],
  jiaozuo: ['Jiaozuo', 'Henan'],
  kunming: ['Kunming', 'Yunnan'],
  nanjing: ['Nanjing', 'Jiangsu'],
  nanning: ['Nanning', 'Guangxi'],
  qingdao: ['Qingdao', 'Shandong'],
  shanghai: ['Shanghai', 'Shanghai'],
  shenzhen: ['Shenzhen', 'Guangdong'],
  shijiazhuang: ['Shijiazhuang', 'Hebei'],
  suzhou: ['Suzhou', 'Jiangsu'],
  tianjin: ['Tianjin', 'Tianjin'],
  urumqi: ['Ürümqi', 'Xinjiang'],
  wuhan: ['Wuhan', 'Hubei'],
  wuxi: ['Wuxi', 'Jiangsu'],
  xiamen: ['Xiamen', 'Fujian'],
  xian: ["Xi'an", 'Shaanxi'],
  xiangyang: ['Xiangyang', 'Hubei'],
  zhengzhou: ['Zhengzhou', 'Henan'],
};

const SINGLE_CARRIERS = new Set(['telecom', 'unicom', 'cmcc', 'cbn']);

function capitalise(word: string): string {
  return word ? word.charAt(0).toUpperCase() + word.slice(1) : word;
}

/** `cn-chengdu-telecom-4` → `{ city: 'Chengdu', province: 'Sichuan', carrier: 'telecom', index: 4 }`. */
export function parseRegionId(regionId: string): ParsedRegionId {
  const parts = regionId.toLowerCase().split('-');
  // A leading country code is the norm; tolerate ids without one.
  const rest = parts[0] === 'cn' && parts.length > 1 ? parts.slice(1) : parts;
  const citySegment = rest[0] ?? '';
  const last = rest[rest.length - 1];
  const hasIndex = rest.length > 1 && last !== undefined && /^\d+$/.test(last);
  const middle = rest.slice(1, hasIndex ? -1 : undefined);
  const known = CITIES[citySegment];
  return {
    city: known?.[0] ?? (capitalise(citySegment) || regionId),
    province: known?.[1],
    carrier: carrierOf(middle),
    index: hasIndex ? Number(last) : undefined,
  };
}

function carrierOf(segments: readonly string[]): Carrier {
  if (segments.length === 0) return 'unspecified';
  const isps = segments.join('_').split('_').filter(Boolean);
  if (isps.length > 1) return 'multi';
  const only = isps[0];
  return only !== undefined && SINGLE_CARRIERS.has(only) ? (only as Carrier) : 'unspecified';
}
