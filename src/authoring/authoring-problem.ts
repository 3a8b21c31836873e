// One thing wrong with the course's files, as the authors' check reports it.
export interface AuthoringProblem {
  /** The path it is about, relative to the course root (lessons/06-signals/notes.txt). */
  where: string;
  message: string;
}
