/** Walk a folder tree, yielding regular files with '/'-separated paths relative to the root, sorted. */
import fs from 'node:fs';
import path from 'node:path';

export interface WalkedFile {
  readonly relativePath: string;
  readonly size: number;
  readonly mtimeMs: number;
}

export function* walkFiles(root: string): Generator<WalkedFile> {
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
    const files: WalkedFile[] = [];
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const relativePath = relativeDir === '' ? entry.name : `${relativeDir}/${entry.name}`;
      if (entry.isDirectory()) stack.push(relativePath);
      else if (entry.isFile()) {
        try {
          const stat = fs.statSync(path.join(root, relativePath));
          files.push({ relativePath, size: stat.size, mtimeMs: Math.trunc(stat.mtimeMs) });
        } catch {
          /* vanished between readdir and stat */
        }
      }
    }
    yield* files.reverse();
  }
}
