import { expect, test, vi } from 'vitest';

test('a mark made by one copy of the module is what another copy reads (the watcher and the routes are two)', async () => {
  const watcherCopy = await import('./completeness');
  const rows: unknown[] = [];
  watcherCopy.markCompleteness(rows, { complete: false, incompleteReason: 'rows moved during the read' });
  vi.resetModules();
  const routeCopy = await import('./completeness');
  expect(routeCopy).not.toBe(watcherCopy);
  expect(routeCopy.completenessOf(rows)).toEqual({ complete: false, incompleteReason: 'rows moved during the read' });
});
