import { createContext, useContext } from 'react';

// Something running on the learner's behalf (a verification, a sample run) that can be cancelled.
export interface Task {
  cancel: () => void;
  /** Settles once the task has ended and cleaned up every process it started. */
  done: Promise<unknown>;
}

// The tasks running now, so Ctrl-C can cancel them and quitting can wait for their cleanup.
export class TaskRegistry {
  #tasks = new Set<Task>();
  #listeners = new Set<() => void>();

  add(task: Task): void {
    this.#tasks.add(task);
    this.#notify();
    void task.done.finally(() => {
      this.#tasks.delete(task);
      this.#notify();
    });
  }

  get busy(): boolean {
    return this.#tasks.size > 0;
  }

  // Cancels every task and resolves once all have cleaned up.
  async cancelAll(): Promise<void> {
    const tasks = [...this.#tasks];
    for (const task of tasks) task.cancel();
    await Promise.allSettled(tasks.map((task) => task.done));
  }

  /** Calls back whenever a task starts or ends; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }
}

export const TaskContext = createContext(new TaskRegistry());

export function useTasks(): TaskRegistry {
  return useContext(TaskContext);
}
