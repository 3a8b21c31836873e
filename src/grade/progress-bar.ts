// Shows grading progress on stderr: a bar redrawn in place on a terminal, a line per finished student otherwise
// (so CI logs and pipes get readable text, not carriage returns).
export class GradeProgress {
  #total = 0;
  #done = 0;
  #drawn = false;

  constructor(readonly stream: NodeJS.WriteStream = process.stderr) {}

  get interactive(): boolean {
    return this.stream.isTTY === true;
  }

  start(students: number, lessons: number, total: number, concurrency: number, part?: string): void {
    this.#total = total;
    this.stream.write(`Grading ${part ? `${part}: ` : ''}${students} student${students === 1 ? '' : 's'} × ${lessons} lessons: ${total} verification${total === 1 ? '' : 's'}, ${concurrency} at a time\n`);
    this.#draw('');
  }

  graded(done: number, label: string, studentLine?: string): void {
    this.#done = done;
    if (!this.interactive) {
      if (studentLine) this.stream.write(`${studentLine}\n`);
      return;
    }
    if (studentLine) {
      this.#clear();
      this.stream.write(`${studentLine}\n`);
    }
    this.#draw(label);
  }

  finish(): void {
    this.#clear();
  }

  #draw(label: string): void {
    if (!this.interactive) return;
    const columns = this.stream.columns || 80;
    const count = `${this.#done}/${this.#total}`;
    const width = Math.max(10, Math.min(40, columns - count.length - 30));
    const filled = this.#total === 0 ? width : Math.round((this.#done / this.#total) * width);
    const line = `grading [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${count} ${label}`;
    this.stream.write(`\r${line.slice(0, columns - 1)}\x1b[K`);
    this.#drawn = true;
  }

  #clear(): void {
    if (!this.#drawn) return;
    this.stream.write('\r\x1b[K');
    this.#drawn = false;
  }
}
