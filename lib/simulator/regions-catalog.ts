/**
 * ENS nodes the simulated fleet runs in. The first 27 ids are the ones the public
 * docs and SDK examples use (docs/ens.md §5); the rest follow the same
 * `cn-<city>[-<isp>][-<n>]` pattern so a fleet can span 30+ nodes.
 */

export type IspCode = 'telecom' | 'unicom' | 'cmcc' | 'multiCarrier';

export interface RegionInfo {
  id: string;
  /** Chinese display name, as DescribeEnsRegions returns it (`大连联通`). */
  name: string;
  enName: string;
  province: string;
  area: string;
  /** ISP code used in DescribeApplication's DistrictStat. */
  ispCode: IspCode;
}

type Row = [id: string, name: string, enName: string, province: string, area: string];

const ROWS: readonly Row[] = [
  ['cn-chengdu-telecom-4', '成都电信4', 'Chengdu Telecom 4', '四川省', 'SouthWestChina'],
  ['cn-chengdu-telecom', '成都电信', 'Chengdu Telecom', '四川省', 'SouthWestChina'],
  ['cn-shanghai-cmcc-4', '上海移动4', 'Shanghai CMCC 4', '上海市', 'EastChina'],
  ['cn-shanghai-cmcc', '上海移动', 'Shanghai CMCC', '上海市', 'EastChina'],
  ['cn-shanghai-unicom', '上海联通', 'Shanghai Unicom', '上海市', 'EastChina'],
  ['cn-shanghai-telecom-2', '上海电信2', 'Shanghai Telecom 2', '上海市', 'EastChina'],
  ['cn-wuhan-telecom_unicom_cmcc-2', '武汉三线2', 'Wuhan Multi-ISP 2', '湖北省', 'CentralChina'],
  ['cn-wuxi-telecom_unicom_cmcc-3', '无锡三线3', 'Wuxi Multi-ISP 3', '江苏省', 'EastChina'],
  ['cn-shijiazhuang-telecom_unicom_cmcc', '石家庄三线', 'Shijiazhuang Multi-ISP', '河北省', 'NorthChina'],
  ['cn-jiaozuo-2', '焦作2', 'Jiaozuo 2', '河南省', 'CentralChina'],
  ['cn-xiangyang-19', '襄阳19', 'Xiangyang 19', '湖北省', 'CentralChina'],
  ['cn-wuxi-5', '无锡5', 'Wuxi 5', '江苏省', 'EastChina'],
  ['cn-beijing-15', '北京15', 'Beijing 15', '北京市', 'NorthChina'],
  ['cn-shenzhen-3', '深圳3', 'Shenzhen 3', '广东省', 'SouthChina'],
  ['cn-hangzhou-26', '杭州26', 'Hangzhou 26', '浙江省', 'EastChina'],
  ['cn-fuzhou-23', '福州23', 'Fuzhou 23', '福建省', 'EastChina'],
  ['cn-guangzhou-10', '广州10', 'Guangzhou 10', '广东省', 'SouthChina'],
  ['cn-chongqing-11', '重庆11', 'Chongqing 11', '重庆市', 'SouthWestChina'],
  ['cn-dalian-unicom', '大连联通', 'Dalian Unicom', '辽宁省', 'NorthEastChina'],
  ['cn-beijing-cmcc', '北京移动', 'Beijing CMCC', '北京市', 'NorthChina'],
  ['cn-beijing-telecom', '北京电信', 'Beijing Telecom', '北京市', 'NorthChina'],
  ['cn-suzhou-telecom', '苏州电信', 'Suzhou Telecom', '江苏省', 'EastChina'],
  ['cn-xian-unicom', '西安联通', "Xi'an Unicom", '陕西省', 'NorthWestChina'],
  ['cn-tianjin-cmcc', '天津移动', 'Tianjin CMCC', '天津市', 'NorthChina'],
  ['cn-kunming-telecom', '昆明电信', 'Kunming Telecom', '云南省', 'SouthWestChina'],
  ['cn-changsha-unicom', '长沙联通', 'Changsha Unicom', '湖南省', 'CentralChina'],
  ['cn-hangzhou-cbn-2', '杭州广电2', 'Hangzhou CBN 2', '浙江省', 'EastChina'],
  ['cn-nanjing-telecom-3', '南京电信3', 'Nanjing Telecom 3', '江苏省', 'EastChina'],
  ['cn-harbin-unicom', '哈尔滨联通', 'Harbin Unicom', '黑龙江省', 'NorthEastChina'],
  ['cn-zhengzhou-cmcc-2', '郑州移动2', 'Zhengzhou CMCC 2', '河南省', 'CentralChina'],
  ['cn-xiamen-telecom', '厦门电信', 'Xiamen Telecom', '福建省', 'EastChina'],
  ['cn-qingdao-unicom-2', '青岛联通2', 'Qingdao Unicom 2', '山东省', 'EastChina'],
  ['cn-nanning-telecom', '南宁电信', 'Nanning Telecom', '广西壮族自治区', 'SouthChina'],
  ['cn-urumqi-telecom', '乌鲁木齐电信', 'Urumqi Telecom', '新疆维吾尔自治区', 'NorthWestChina'],
];

/** Stats know only three carriers; node ids without one (or with cbn) count as multi-carrier. */
function ispCodeOf(id: string): IspCode {
  if (id.includes('telecom_unicom_cmcc')) return 'multiCarrier';
  if (id.includes('-telecom')) return 'telecom';
  if (id.includes('-unicom')) return 'unicom';
  if (id.includes('-cmcc')) return 'cmcc';
  return 'multiCarrier';
}

export const REGION_CATALOG: readonly RegionInfo[] = ROWS.map(([id, name, enName, province, area]) => ({
  id,
  name,
  enName,
  province,
  area,
  ispCode: ispCodeOf(id),
}));
