import { describe, expect, test } from 'vitest';
import { parseRegionId } from './region-id';

describe('parseRegionId()', () => {
  test.each([
    ['cn-chengdu-telecom-4', { city: 'Chengdu', province: 'Sichuan', carrier: 'telecom', index: 4 }],
    ['cn-chengdu-telecom', { city: 'Chengdu', province: 'Sichuan', carrier: 'telecom', index: undefined }],
    ['cn-shanghai-cmcc-4', { city: 'Shanghai', province: 'Shanghai', carrier: 'cmcc', index: 4 }],
    ['cn-wuhan-telecom_unicom_cmcc-2', { city: 'Wuhan', province: 'Hubei', carrier: 'multi', index: 2 }],
    [
      'cn-shijiazhuang-telecom_unicom_cmcc',
      { city: 'Shijiazhuang', province: 'Hebei', carrier: 'multi', index: undefined },
    ],
    ['cn-jiaozuo-2', { city: 'Jiaozuo', province: 'Henan', carrier: 'unspecified', index: 2 }],
    ['cn-xian-unicom', { city: "Xi'an", province: 'Shaanxi', carrier: 'unicom', index: undefined }],
    ['cn-hangzhou-cbn-2', { city: 'Hangzhou', province: 'Zhejiang', carrier: 'cbn', index: 2 }],
    ['cn-urumqi-telecom', { city: 'Ürümqi', province: 'Xinjiang', carrier: 'telecom', index: undefined }],
    ['cn-lhasa-telecom-1', { city: 'Lhasa', province: undefined, carrier: 'telecom', index: 1 }],
    ['cn-foo-satellite', { city: 'Foo', province: undefined, carrier: 'unspecified', index: undefined }],
    ['CN-Beijing-15', { city: 'Beijing', province: 'Beijing', carrier: 'unspecified', index: 15 }],
  ])('%s', (id, expected) => {
    expect(parseRegionId(id)).toEqual(expected);
  });
});
