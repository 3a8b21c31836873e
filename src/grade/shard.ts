// Shards: `grade <dir> --shard i/n` grades part i of n (1-based, as Playwright and Jest count), so that
// n machines grade one class together and `grade merge` puts their reports back together.

/** Shard `index` of `count`, 1-based. */
export interface Shard {
  index: number;
  count: number;
}

// A --shard value ("2/3"), or undefined when it is not i/n with 1 <= i <= n.
export function parseShard(value: string): Shard | undefined {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  if (!match) return undefined;
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (!Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) return undefined;
  return { index, count };
}

// Splits the students over `count` shards by how many files each has to verify, so every shard has about
// the same work: the student with the most files first, each to the shard with the fewest files so far
// (ties: fewer students, then the lower shard). Depends only on names and file counts, so every machine
// computes the same split; each student lands in exactly one shard. Returns each shard's students, in
// their original order.
export function splitIntoShards<T extends { name: string }>(students: readonly T[], files: (student: T) => number, count: number): T[][] {
  const byWork = students.map((student, order) => ({ student, order, files: files(student) })).sort((a, b) => b.files - a.files || compareNames(a.student.name, b.student.name));
  const shards = Array.from({ length: count }, () => ({ files: 0, members: [] as { student: T; order: number }[] }));
  for (const entry of byWork) {
    let lightest = shards[0]!;
    for (const shard of shards) {
      if (shard.files < lightest.files || (shard.files === lightest.files && shard.members.length < lightest.members.length)) lightest = shard;
    }
    lightest.files += entry.files;
    lightest.members.push(entry);
  }
  return shards.map((shard) => shard.members.sort((a, b) => a.order - b.order).map((member) => member.student));
}

// Code-unit order, the same on every machine and locale (as the class's folders are listed).
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
