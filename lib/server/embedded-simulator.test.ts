import { expect, test } from 'vitest';
import { simulatorNodeOptions } from './embedded-simulator';

test.each([
  [undefined, ''],
  ['', ''],
  ['--max-old-space-size=192', ''],
  ['--enable-source-maps --max-old-space-size=256 --max-semi-space-size=4', '--enable-source-maps'],
  ['--max_old_space_size=512  --trace-warnings', '--trace-warnings'],
])('the simulator gets NODE_OPTIONS %j without the dashboard heap sizes: %j', (given, expected) => {
  expect(simulatorNodeOptions(given)).toBe(expected);
});
