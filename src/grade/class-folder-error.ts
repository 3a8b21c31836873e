// The class folder given to `grade` cannot be graded (missing, not a folder, no students): the caller's mistake.
export class ClassFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClassFolderError';
  }
}
