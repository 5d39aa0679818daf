import type { App } from '../fleet';
import type { AppFiles, World } from '../model';

export function appFiles(world: World, app: App): AppFiles {
  let files = world.files.get(app.id);
  if (!files) {
    files = new Map();
    world.files.set(app.id, files);
  }
  return files;
}

/** Keeps ResultDescrip readable when hundreds of nodes are involved. */
export function listRegions(items: readonly string[], max = 5): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}
