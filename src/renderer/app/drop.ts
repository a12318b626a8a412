// Files from a drop: plain files, or every file inside dropped folders (webkitGetAsEntry).

interface EntryLike {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  fullPath: string;
  file?(ok: (f: File) => void, err: (e: unknown) => void): void;
  createReader?(): { readEntries(ok: (entries: EntryLike[]) => void, err: (e: unknown) => void): void };
}

async function walk(entry: EntryLike, out: File[], depth: number): Promise<void> {
  if (out.length > 5000 || depth > 8) return;
  if (entry.isFile && entry.file) {
    const f = await new Promise<File>((ok, err) => entry.file!(ok, err));
    // Keep the path inside the dropped folder, as a folder picker would (webkitRelativePath).
    out.push(new File([f], entry.fullPath.replace(/^\//, ''), { type: f.type, lastModified: f.lastModified }));
    return;
  }
  if (entry.isDirectory && entry.createReader) {
    const reader = entry.createReader();
    for (;;) {
      const batch = await new Promise<EntryLike[]>((ok, err) => reader.readEntries(ok, err));
      if (batch.length === 0) break;
      for (const e of batch) await walk(e, out, depth + 1);
    }
  }
}

export async function filesFromDrop(dt: DataTransfer): Promise<File[]> {
  const entries = [...dt.items]
    .map((i) => (i.webkitGetAsEntry?.() as EntryLike | null) ?? null)
    .filter((e): e is EntryLike => e !== null);
  if (entries.length === 0 || entries.every((e) => e.isFile)) return [...dt.files];
  const out: File[] = [];
  for (const e of entries) await walk(e, out, 0);
  return out;
}
