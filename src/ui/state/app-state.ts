// The state of the whole UI and the only way it changes: a reducer, so every key's effect is a
// plain function of (state, action) and can be tested without a terminal.

import { visibleLessons, type LessonFilter, type LessonStatus } from './course-lessons.js';

export type { LessonFilter } from './course-lessons.js';

// What the lesson screen's main area shows.
export type LessonPanel = 'instructions' | 'verify' | 'run' | 'hints' | 'solution';

// A one-line message at the bottom of a screen.
export interface Notice {
  text: string;
  tone: 'info' | 'success' | 'warning' | 'error';
}

export interface AppState {
  workspace: string | undefined;
  screen: 'setup' | 'course' | 'lesson';
  /** The lesson under the cursor on the course screen, and the open one on the lesson screen (index into all lessons). */
  selected: number;
  filter: LessonFilter;
  panel: LessonPanel;
  /** Watch mode: re-verify the open lesson's file when it is saved. */
  watch: boolean;
  /** A reset of the selected lesson's file waits for the learner's yes or no. */
  confirmingReset: boolean;
  notice: Notice | undefined;
  /** Quitting: waiting for running checks to clean up before the UI closes. */
  quitting: boolean;
}

export type AppAction =
  | { type: 'workspace-created'; workspace: string; notice: Notice }
  | { type: 'select'; index: number }
  | { type: 'move'; visible: readonly number[]; by: number | 'first' | 'last' }
  | { type: 'open'; index: number }
  | { type: 'open-selected'; visible: readonly number[] }
  | { type: 'back' }
  | { type: 'cycle-filter'; statuses: readonly LessonStatus[] }
  | { type: 'panel'; panel: LessonPanel }
  | { type: 'toggle-watch' }
  | { type: 'ask-reset' }
  | { type: 'answered-reset'; notice?: Notice }
  | { type: 'notice'; notice: Notice | undefined }
  | { type: 'quit' };

/** The filter after this one when f is pressed. */
export const nextFilter: Record<LessonFilter, LessonFilter> = { all: 'todo', todo: 'passed', passed: 'all' };

// The first state: the course if there is a workspace, else the offer to create one.
export function initialState(workspace: string | undefined, selected = 0): AppState {
  return {
    workspace,
    screen: workspace ? 'course' : 'setup',
    selected,
    filter: 'all',
    panel: 'instructions',
    watch: true,
    confirmingReset: false,
    notice: undefined,
    quitting: false,
  };
}

export function appReducer(state: AppState, action: AppAction): AppState {
  switch (action.type) {
    case 'workspace-created':
      return { ...state, workspace: action.workspace, screen: 'course', notice: action.notice };
    case 'select':
      return { ...state, selected: action.index, notice: undefined };
    case 'move': {
      // Moves the cursor among the lessons the filter shows (from the first one when it is on a hidden lesson).
      const { visible, by } = action;
      if (visible.length === 0) return state;
      const at = visible.indexOf(state.selected);
      const target = by === 'first' ? 0 : by === 'last' ? visible.length - 1 : at === -1 ? 0 : at + by;
      return { ...state, selected: visible[Math.max(0, Math.min(visible.length - 1, target))]!, notice: undefined };
    }
    case 'open':
      return { ...state, screen: 'lesson', selected: action.index, panel: 'instructions', confirmingReset: false, notice: undefined };
    case 'open-selected':
      return action.visible.includes(state.selected) ? appReducer(state, { type: 'open', index: state.selected }) : state;
    case 'back':
      return { ...state, screen: 'course', confirmingReset: false, notice: undefined };
    case 'cycle-filter': {
      // The cursor stays on its lesson if the new filter shows it, else goes to the first one shown.
      const filter = nextFilter[state.filter];
      const visible = visibleLessons(action.statuses, filter);
      const selected = visible.includes(state.selected) ? state.selected : (visible[0] ?? state.selected);
      return { ...state, filter, selected, notice: undefined };
    }
    case 'panel':
      return { ...state, panel: action.panel };
    case 'toggle-watch':
      return { ...state, watch: !state.watch, notice: { text: state.watch ? 'Watch mode off: press v to check your file.' : 'Watch mode on: saving your file checks it.', tone: 'info' } };
    case 'ask-reset':
      return { ...state, confirmingReset: true, notice: undefined };
    case 'answered-reset':
      return { ...state, confirmingReset: false, notice: action.notice };
    case 'notice':
      return { ...state, notice: action.notice };
    case 'quit':
      return { ...state, quitting: true, confirmingReset: false };
  }
}
