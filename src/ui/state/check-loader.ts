import { createContext, useContext } from 'react';
import type { Check } from '../../checks/define-check.js';
import { requireCheck } from '../../lessons/load-check.js';
import type { LessonFolder } from '../../lessons/lesson-folders.js';

// Where a lesson's check comes from: the built checks in the workshop; tests load the TypeScript source.
export type CheckLoader = (folder: LessonFolder) => Promise<Check>;

export const CheckLoaderContext = createContext<CheckLoader>(requireCheck);

export function useCheckLoader(): CheckLoader {
  return useContext(CheckLoaderContext);
}
