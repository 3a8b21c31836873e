import { describe, expect, it } from 'vitest';
import { appReducer, initialState, nextFilter } from '../../../src/ui/state/app-state.js';

describe('app state', () => {
  it('starts on the course with a workspace, else on the setup offer', () => {
    expect(initialState('/ws').screen).toBe('course');
    expect(initialState(undefined).screen).toBe('setup');
    expect(initialState('/ws').watch).toBe(true);
  });

  it('moves the cursor among the lessons the filter shows, stopping at the ends', () => {
    const state = { ...initialState('/ws'), selected: 3 };
    const visible = [1, 3, 5];
    expect(appReducer(state, { type: 'move', visible, by: 1 }).selected).toBe(5);
    expect(appReducer(state, { type: 'move', visible, by: -1 }).selected).toBe(1);
    expect(appReducer(state, { type: 'move', visible, by: 5 }).selected).toBe(5);
    expect(appReducer(state, { type: 'move', visible, by: 'first' }).selected).toBe(1);
    expect(appReducer(state, { type: 'move', visible, by: 'last' }).selected).toBe(5);
    // On a hidden lesson, moving starts from the first visible one.
    expect(appReducer({ ...state, selected: 4 }, { type: 'move', visible, by: 1 }).selected).toBe(1);
    expect(appReducer(state, { type: 'move', visible: [], by: 1 })).toBe(state);
  });

  it('opens the selected lesson only when the filter shows it', () => {
    const state = { ...initialState('/ws'), selected: 2 };
    expect(appReducer(state, { type: 'open-selected', visible: [2] })).toMatchObject({ screen: 'lesson', selected: 2, panel: 'instructions' });
    expect(appReducer(state, { type: 'open-selected', visible: [1] })).toBe(state);
  });

  it('cycles filters all → to do → passed → all', () => {
    expect(nextFilter.all).toBe('todo');
    expect(nextFilter.todo).toBe('passed');
    expect(nextFilter.passed).toBe('all');
  });

  it('goes back to the course, closing a pending reset question', () => {
    const state = { ...initialState('/ws'), screen: 'lesson' as const, confirmingReset: true };
    expect(appReducer(state, { type: 'back' })).toMatchObject({ screen: 'course', confirmingReset: false });
  });

  it('toggles watch mode and says what it means now', () => {
    const off = appReducer(initialState('/ws'), { type: 'toggle-watch' });
    expect(off.watch).toBe(false);
    expect(off.notice?.text).toMatch(/press v/);
    expect(appReducer(off, { type: 'toggle-watch' }).watch).toBe(true);
  });

  it('a created workspace leads to the course', () => {
    const state = appReducer(initialState(undefined), { type: 'workspace-created', workspace: '/new', notice: { text: 'made', tone: 'success' } });
    expect(state).toMatchObject({ workspace: '/new', screen: 'course', notice: { text: 'made' } });
  });

  it('quitting closes a pending question', () => {
    expect(appReducer({ ...initialState('/ws'), confirmingReset: true }, { type: 'quit' })).toMatchObject({ quitting: true, confirmingReset: false });
  });
});
