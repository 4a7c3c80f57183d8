/** Walk a folder tree, yielding the regular files' '/'-separated paths relative to the root, sorted. */
import fs from 'node:fs';
import path from 'node:path';

export function* walkFiles(root: string): Generator<string> {
  const stack: string[] = [''];
  while (stack.length > 0) {
    const relativeDir = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(root, relativeDir), { withFileTypes: true });
    } catch {
      continue; // unreadable folder: nothing to index there
    }
    entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
    const files: string[] = [];
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const relativePath = relativeDir === '' ? entry.name : `${relativeDir}/${entry.name}`;
      if (entry.isDirectory()) stack.push(relativePath);
      else if (entry.isFile()) files.push(relativePath);
    }
    yield* files.reverse();
  }
}

/** Size and whole-millisecond mtime of a file, or undefined when it vanished. */
export function fileState(absolutePath: string): { size: number; mtimeMs: number } | undefined {
  const stat = fs.statSync(absolutePath, { throwIfNoEntry: false });
  return stat && { size: stat.size, mtimeMs: Math.trunc(stat.mtimeMs) };
}
